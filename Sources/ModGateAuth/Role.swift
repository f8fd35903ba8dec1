/// What a user may do. Not a simple ladder: `member < moderator < admin`, each allowing what the lower
/// ones do, while `service` (a chat backend asking for verdicts) allows what a member does and
/// `POST /v1/check`, nothing of a moderator's; `admin` allows everything.
public enum Role: String, Sendable, CaseIterable, CustomStringConvertible {
    case member
    case moderator
    case admin
    case service

    /// Parses "member", "moderator", "admin" or "service" (case and surrounding spaces ignored), e.g. a `--role` value.
    public init(parsing text: String) throws(AuthConfigError) {
        let name = text.trimmingSpaces().lowercased()
        guard let role = Role(rawValue: name) else {
            let choices = Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw AuthConfigError(.unknownRole, "unknown role \"\(text)\"; use one of: \(choices)")
        }
        self = role
    }

    /// True when this role may do what `needed` may.
    public func allows(_ needed: Role) -> Bool {
        switch (self, needed) {
        case (.admin, _), (_, .member): true
        case (.moderator, .moderator), (.service, .service): true
        default: false
        }
    }

    public var description: String { rawValue }
}

extension String {
    func trimmingSpaces() -> Substring {
        var text = self[...]
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
