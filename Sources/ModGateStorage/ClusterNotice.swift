/// What one gateway tells the others sharing its store: names and numbers, never a message's text, well under a
/// PostgreSQL notification's 8,000 bytes, but for a call's signalling (which the channel cuts into pieces).
///
/// A store sends the notices of its own changes inside the transaction that makes them (committed, shadowed,
/// removed, sanctioned, revoked, tokenKeysChanged, spamModelChanged), so that they go out exactly when the change is committed; the
/// gateway sends the rest (rejected, with the moderator's reason; rulesReloaded).
public enum ClusterNotice: Sendable, Equatable {
    /// A transaction made `room`'s messages `first...last` visible (a group commit or an approval). Sent by the
    /// store inside that transaction, so it goes out only once they are committed.
    case committed(room: String, first: Int64, last: Int64)
    /// A moderator removed message `id` from `room`: subscribers retract it. Sent by the store.
    case removed(room: String, id: Int64)
    /// Message `id` is for its sender's eyes only (shadowed): their connections show it. Sent by the store.
    case shadowed(id: Int64)
    /// Message `id` was rejected: its sender hears `reason` (nil: the verdict's reason).
    case rejected(id: Int64, reason: String?)
    /// `user`'s sanctions changed: read them again; with `banned`, close their connections too. Sent by the store.
    case sanctioned(user: String, banned: Bool)
    /// Tokens were revoked: refuse them and close their connections. Sent by the store.
    case revoked(Revocation)
    /// A token key was made or retired: read the keys again, and close the connections whose key was retired. Sent by
    /// the store.
    case tokenKeysChanged
    /// The rules were reloaded on one gateway: the others reload theirs.
    case rulesReloaded
    /// The spam model in the store changed: load it. Sent by the store.
    case spamModelChanged
    /// A call's signalling between the gateways of its two parties; may be longer than other notices (an offer).
    case call(CallNotice)
}

/// A notice and the gateway it came from.
public struct ClusterMessage: Sendable, Equatable {
    /// The sending gateway's ``ClusterChannel/node``.
    public var node: String
    public var notice: ClusterNotice

    public init(node: String, notice: ClusterNotice) {
        self.node = node
        self.notice = notice
    }
}

/// What a listening gateway hears.
public enum ClusterEvent: Sendable, Equatable {
    case message(ClusterMessage)
    /// The listening connection was (re)established: notices sent while it was down are lost, so catch up from the store.
    case listening
    /// The listening connection dropped; the channel reconnects.
    case interrupted
}

/// The channel between the gateways sharing one store. A store with no channel (SQLite) serves one gateway.
public protocol ClusterChannel: Sendable {
    /// This gateway's name on the channel, unique per process.
    var node: String { get }
    /// Sends `notice` to every gateway listening, this one included.
    func announce(_ notice: ClusterNotice) async throws
    /// Delivers what every gateway announces, in the order the database committed it, to `handle`, one at a time,
    /// until the task is cancelled; when the connection drops it says so with `.interrupted`, reconnects, and says
    /// `.listening` again.
    func listen(_ handle: @escaping @Sendable (ClusterEvent) async -> Void) async throws
}
