/// One revocation of tokens before their expiry, as an admin asks for it (`modgate token revoke`).
public enum Revocation: Sendable, Equatable {
    /// Every token of `user` issued at or before `at` (seconds since 1970): a token's `iat` is whole seconds, so one
    /// issued in the same second is revoked too. A token without `iat` is revoked by any revocation of its user.
    case user(String, at: Double)
    /// The one token whose `jti` is `id`, revoked at `at`.
    case token(id: String, at: Double)

    /// When it was made.
    public var time: Double {
        switch self {
        case .user(_, let at), .token(_, let at): at
        }
    }
}

/// Every revocation in force: the one place that decides whether a token is revoked, for the gateway's requests and
/// its open connections alike.
public struct Revocations: Sendable, Equatable {
    /// Per user, the latest time at or before which their tokens were issued and are revoked.
    public private(set) var users: [String: Double]
    /// Revoked token ids, with when each was revoked.
    public private(set) var tokens: [String: Double]

    /// How long a revocation is kept: longer than the longest token lifetime (365 days) and any leeway, so that every
    /// token it could refuse has expired when it is dropped; the stores drop older ones, and the table stays bounded.
    public static let retention: Double = 366 * 86_400

    public init(_ revocations: [Revocation] = []) {
        users = [:]
        tokens = [:]
        for revocation in revocations { apply(revocation) }
    }

    /// Adds `revocation`; a user's later revocation replaces an earlier one, never the other way round.
    public mutating func apply(_ revocation: Revocation) {
        switch revocation {
        case .user(let user, let at): users[user] = max(users[user] ?? at, at)
        case .token(let id, let at): tokens[id] = max(tokens[id] ?? at, at)
        }
    }

    /// Whether the token of `user` with id `tokenID` (its `jti`) issued at `issuedAt` (its `iat`) is revoked.
    public func revokes(user: String, tokenID: String?, issuedAt: Double?) -> Bool {
        if let tokenID, tokens[tokenID] != nil { return true }
        guard let before = users[user] else { return false }
        guard let issuedAt else { return true }
        return issuedAt <= before
    }

    /// Adds every revocation of `other`.
    public mutating func merge(_ other: Revocations) {
        for revocation in other.all { apply(revocation) }
    }

    /// Every revocation, users' first.
    public var all: [Revocation] {
        users.map { Revocation.user($0.key, at: $0.value) } + tokens.map { Revocation.token(id: $0.key, at: $0.value) }
    }

    /// Drops the revocations made before `time`.
    public mutating func drop(before time: Double) {
        users = users.filter { $0.value >= time }
        tokens = tokens.filter { $0.value >= time }
    }

    /// Whether there is no revocation at all.
    public var isEmpty: Bool { users.isEmpty && tokens.isEmpty }
}

/// Where revocations are kept, so that every gateway sharing the store, and each one after a restart, refuses the same
/// tokens.
public protocol RevocationStore: Sendable {
    /// Every revocation made within ``Revocations/retention`` before `now`.
    func revocations(now: Double) async throws -> Revocations
    /// Keeps `revocation` (for a user, the later of it and the one kept) and audits it as `token.revoke` by `actor`
    /// with `reason`, in one transaction; drops the revocations older than ``Revocations/retention``. A store shared
    /// by several gateways tells them on commit.
    func revoke(_ revocation: Revocation, by actor: String, reason: String, now: Double) async throws
}
