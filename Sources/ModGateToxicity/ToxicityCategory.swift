/// What kind of toxicity a message shows; each is an output of the toxicity model and a finding's rule id
/// (`toxicity.insult`), so that thresholds and scores can treat them differently.
public enum ToxicityCategory: String, Sendable, CaseIterable, Codable {
    case insult
    case threat
    case sexual
    case identityAttack = "identity_attack"
    case profanity

    /// The model's output for the category; output 0 is toxicity as a whole.
    var output: Int {
        switch self {
        case .insult: 1
        case .threat: 2
        case .sexual: 3
        case .identityAttack: 4
        case .profanity: 5
        }
    }
}
