import NIOCore
import Synchronization

/// The room bus of one process: fans committed messages out to this process's connections subscribed to
/// their rooms, in commit order.
///
/// Each connection has a queue bounded in events and in bytes. A connection that falls behind by more than
/// the queue holds is cut off (its stream ends with `overflowed` set) instead of slowing the room or pinning
/// memory; it resumes with `since`.
public final class DeliveryHub: RoomBus {
    private struct State {
        var nextID = 0
        /// A room's subscribers, kept as an array so that publishing takes it without copying.
        var rooms: [String: [BusConnection]] = [:]
        /// The rooms of each connection, so that disconnecting touches only those.
        var memberships: [Int: Set<String>] = [:]
        var users: [String: [Int: BusConnection]] = [:]

        mutating func remove(_ connection: BusConnection, from room: String) {
            rooms[room]?.removeAll { $0 === connection }
            if rooms[room]?.isEmpty == true { rooms[room] = nil }
        }
    }

    private let state = Mutex(State())
    private let buffer: Int
    private let maxBytes: Int

    /// - Parameters:
    ///   - buffer: how many events may wait for one connection.
    ///   - maxBytes: how many bytes of frames may wait for one connection.
    public init(buffer: Int, maxBytes: Int = Limits().maxConnectionBytes) {
        self.buffer = buffer
        self.maxBytes = maxBytes
    }

    /// Registers a connection for `user` whose token expires at `expires` (seconds since 1970), with the token's id
    /// and issue time (its `jti` and `iat`), by which a revocation finds it, and the id of the key that signed it, by
    /// which a key's retirement finds it.
    public func connect(
        user: String, expires: Double = .infinity, tokenID: String? = nil, issuedAt: Double? = nil, keyID: String? = nil
    ) -> BusConnection {
        state.withLock { state in
            state.nextID += 1
            let connection = BusConnection(
                id: state.nextID, user: user, expires: expires, tokenID: tokenID, issuedAt: issuedAt, keyID: keyID, buffer: buffer,
                maxBytes: maxBytes)
            state.users[user, default: [:]][connection.id] = connection
            return connection
        }
    }

    /// Removes a connection from every room and ends its stream.
    public func disconnect(_ connection: BusConnection) {
        state.withLock { state in
            for room in state.memberships.removeValue(forKey: connection.id) ?? [] {
                state.remove(connection, from: room)
            }
            state.users[connection.user]?[connection.id] = nil
            if state.users[connection.user]?.isEmpty == true { state.users[connection.user] = nil }
        }
        connection.end()
    }

    /// Tells every connection the gateway is going away; their sessions close with 1001.
    public func closeAll() {
        let connections = state.withLock { $0.users.values.flatMap(\.values) }
        for connection in connections { connection.offer(.close(.goingAway)) }
    }

    /// Ends every connection of `user` (a ban), after what is queued for them.
    public func close(user: String, _ end: SessionEnd) {
        let connections = state.withLock { Array(($0.users[user] ?? [:]).values) }
        for connection in connections { connection.offer(.close(end)) }
    }

    /// Ends every connection `matches` picks (those of a revoked token), after what is queued for it; returns how many.
    @discardableResult
    public func close(where matches: (BusConnection) -> Bool, _ end: SessionEnd) -> Int {
        let picked = state.withLock { $0.users.values.flatMap { $0.values.filter(matches) } }
        for connection in picked { connection.offer(.close(end)) }
        return picked.count
    }

    /// Ends every connection whose token expired at or before `now`; returns how many.
    @discardableResult
    public func closeExpired(at now: Double) -> Int {
        let expired = state.withLock { state in
            var expired: [BusConnection] = []
            for connections in state.users.values {
                for connection in connections.values where connection.expires <= now { expired.append(connection) }
            }
            return expired
        }
        for connection in expired { connection.offer(.close(.tokenExpired)) }
        return expired.count
    }

    /// Starts sending `room`'s live messages to `connection`, unless it has disconnected.
    public func subscribe(_ connection: BusConnection, to room: String) {
        state.withLock { state in
            guard state.users[connection.user]?[connection.id] != nil else { return }
            if state.memberships[connection.id, default: []].insert(room).inserted {
                state.rooms[room, default: []].append(connection)
            }
        }
    }

    public func unsubscribe(_ connection: BusConnection, from room: String) {
        state.withLock { state in
            state.memberships[connection.id]?.remove(room)
            state.remove(connection, from: room)
        }
    }

    /// Sends committed visible messages to their rooms, in the order given (commit order).
    public func publish(_ deliveries: [Delivery]) {
        for delivery in deliveries {
            for connection in subscribers(of: delivery.room) { connection.offer(.live(delivery)) }
        }
    }

    /// Sends a frame to every subscriber of `room` (a retraction).
    public func broadcast(room: String, frame: String) {
        let frame = ByteBuffer(string: frame)
        for connection in subscribers(of: room) { connection.offer(.direct(room: room, frame: frame)) }
    }

    /// Sends a frame only to `user`'s connections subscribed to `room` (a shadowed message).
    public func send(toUser user: String, room: String, frame: String) {
        let connections = state.withLock { Array(($0.users[user] ?? [:]).values) }
        let frame = ByteBuffer(string: frame)
        for connection in connections { connection.offer(.direct(room: room, frame: frame)) }
    }

    public func connections(of user: String, following room: String) -> [BusConnection] {
        state.withLock { state in
            (state.users[user] ?? [:]).values.filter { state.memberships[$0.id]?.contains(room) == true }.sorted { $0.id < $1.id }
        }
    }

    public var connectedUsers: [String] { state.withLock { Array($0.users.keys) } }

    public var followedRooms: [String] { state.withLock { Array($0.rooms.keys) } }

    public func isFollowed(_ room: String) -> Bool { state.withLock { $0.rooms[room] != nil } }

    /// How many connections are registered.
    public var connectionCount: Int { state.withLock { $0.users.values.reduce(0) { $0 + $1.count } } }

    private func subscribers(of room: String) -> [BusConnection] {
        state.withLock { $0.rooms[room] ?? [] }
    }
}

/// One connected client as the room bus sees it: its user, its token's expiry, id, issue time and key, and its queue of
/// events.
public final class BusConnection: Sendable {
    public let id: Int
    public let user: String
    /// When the connection's token expires, in seconds since 1970.
    public let expires: Double
    /// The token's `jti`, nil for a token without one.
    public let tokenID: String?
    /// The token's `iat` (seconds since 1970), nil for a token without one.
    public let issuedAt: Double?
    /// The id of the key that signed the token, nil for a connection made without one.
    public let keyID: String?
    /// Everything for this connection, in order; it ends when the connection is cut off or disconnected.
    public let events: EventQueue
    private let overflow = Atomic<Bool>(false)

    init(id: Int, user: String, expires: Double, tokenID: String?, issuedAt: Double?, keyID: String?, buffer: Int, maxBytes: Int) {
        self.id = id
        self.user = user
        self.expires = expires
        self.tokenID = tokenID
        self.issuedAt = issuedAt
        self.keyID = keyID
        events = EventQueue(capacity: buffer, maxBytes: maxBytes)
    }

    /// Whether the bus cut the connection off because it did not keep up.
    public var overflowed: Bool { overflow.load(ordering: .relaxed) }

    /// Queues `event`; a full queue cuts the connection off.
    func offer(_ event: ConnectionEvent) {
        if !events.offer(event) {
            overflow.store(true, ordering: .relaxed)
            events.finish()
        }
    }

    /// Ends the stream.
    func end() { events.finish() }

    /// Queues an event the connection itself produced (a subscribe or unsubscribe, a close).
    public func deliver(_ event: ConnectionEvent) { offer(event) }
}
