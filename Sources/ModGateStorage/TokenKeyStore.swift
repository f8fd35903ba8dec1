import Foundation

/// A token signing key as a store keeps it.
public struct StoredTokenKey: Sendable, Equatable {
    /// The key id, which the `kid` header of the tokens it signs names.
    public var id: String
    /// The key bytes; nil for the first key, whose secret the operator gives or the settings keep
    /// (``SettingsStore/secret()``), and for a retired key, whose secret is erased.
    public var secret: Data?
    /// When it was made, Unix seconds.
    public var created: Double
    /// When it was retired; nil while it is live.
    public var retired: Double?
    /// Whether it is the first key, made from the token secret of before keys had ids: it also verifies tokens
    /// without a `kid`.
    public var first: Bool

    public init(id: String, secret: Data?, created: Double, retired: Double? = nil, first: Bool = false) {
        self.id = id
        self.secret = secret
        self.created = created
        self.retired = retired
        self.first = first
    }
}

/// Where the token signing keys are kept, so that every gateway sharing the store signs with the newest and refuses
/// the retired ones. Each change is audited and, in a shared store, announced (``ClusterNotice/tokenKeysChanged``)
/// in the transaction that makes it.
public protocol TokenKeyStore: Sendable {
    /// Every key, live and retired.
    func tokenKeys() async throws -> [StoredTokenKey]
    /// Keeps the first key, `id` made at `created`, unless there is one already (another gateway's, starting at the
    /// same moment): what a gateway does on its first start with keys.
    func keepFirstTokenKey(id: String, created: Double) async throws
    /// Adds `key`, which signs from now on, audited as `token.rotate` by `actor`; returns when it was made: its
    /// `created`, or a millisecond after the newest key's when that is not earlier, so that it is the newest.
    /// - Throws: `.tooManyKeys` when `maxLive` keys are live already.
    func addTokenKey(_ key: StoredTokenKey, by actor: String, maxLive: Int) async throws -> Double
    /// Retires the live key `id` and erases its secret (for the first key, the settings' token secret), audited as
    /// `token.retire` by `actor` with `reason`.
    /// - Throws: `.notFound` when no live key has that id; `.keyInUse` when it is the newest, which signs.
    func retireTokenKey(_ id: String, by actor: String, reason: String, now: Double) async throws
}

extension StoredTokenKey {
    /// When a key added at `created` is made, given the newest key's time: after it, whatever the clocks say.
    package static func creation(_ created: Double, newest: Double?) -> Double {
        max(created, (newest ?? -.infinity) + 0.001)
    }

    /// The audit entry of a rotation (`token.rotate`) or a retirement (`token.retire`) of key `id`.
    package static func record(_ action: String, of id: String, by actor: String, reason: String, now: Double) -> AuditRecord {
        AuditRecord(time: now, actor: actor, action: action, subject: "key:\(id)", reason: reason)
    }

    /// Errors the stores throw alike.
    package static func tooMany(_ maxLive: Int) -> StoreError {
        StoreError(.tooManyKeys, "\(maxLive) token keys are live, the most there may be; retire one (modgate token retire KID) first")
    }

    package static func notLive(_ id: String) -> StoreError {
        StoreError(.notFound, "no live token key has the id '\(id)'; modgate token keys lists them")
    }

    package static func signs(_ id: String) -> StoreError {
        StoreError(.keyInUse, "key '\(id)' signs new tokens; rotate first (modgate token rotate), then retire it")
    }
}
