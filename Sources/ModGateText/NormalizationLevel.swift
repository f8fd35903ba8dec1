/// How far the normaliser goes before rules match.
public enum NormalizationLevel: String, Sendable, CaseIterable, Codable, Comparable {
    /// The original text, untouched.
    case none
    /// Compatibility forms folded (NFKD, marks dropped, so "ｆｒｅｅ" and "fréé" become "free"), letters other
    /// than ASCII lower-cased, invisible characters removed, white space collapsed. Digits and punctuation stay.
    /// Rules match this level and the ones below case-insensitively.
    case basic
    /// `basic`, plus look-alike letters ("frее" with Cyrillic е), leetspeak ("fr33", "fr€e") and
    /// spaced-out letters ("f r e e", "f.r.e.e") undone.
    case full
    /// `full`, plus every run of a repeated character squeezed to one ("freeeee" becomes "fre").
    case squeezed

    /// Each level does everything the ones before it do.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .none: 0
        case .basic: 1
        case .full: 2
        case .squeezed: 3
        }
    }
}
