/// What a user may do. Ordered: member < moderator < admin; a higher role allows everything a lower one does.
public enum Role: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case member
    case moderator
    case admin

    /// Parses "member", "moderator" or "admin" (case and surrounding spaces ignored), e.g. a `--role` value.
    public init(parsing text: String) throws(AuthConfigError) {
        let name = text.trimmingSpaces().lowercased()
        guard let role = Role(rawValue: name) else {
            let choices = Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw AuthConfigError(.unknownRole, "unknown role \"\(text)\"; use one of: \(choices)")
        }
        self = role
    }

    /// True when this role may do what `needed` may.
    public func allows(_ needed: Role) -> Bool { self >= needed }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }

    private var rank: Int {
        switch self {
        case .member: 0
        case .moderator: 1
        case .admin: 2
        }
    }
}

extension String {
    func trimmingSpaces() -> Substring {
        var text = self[...]
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
