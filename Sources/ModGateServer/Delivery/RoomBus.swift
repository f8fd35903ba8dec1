/// Where connections follow rooms and where what a transaction made visible is announced.
///
/// Connections are always local: `connect`, `subscribe` and `disconnect` touch this process only. What is
/// announced reaches every connection it concerns: ``DeliveryHub`` is the bus of one process; a cluster's bus
/// also carries it to the other gateways sharing the store. What goes out is decided by ``Visibility``.
public protocol RoomBus: Sendable {
    /// Registers a connection for `user` whose token expires at `expires` (seconds since 1970), with the token's id
    /// and issue time (its `jti` and `iat`), by which a revocation finds it, and the id of the key that signed it, by
    /// which a key's retirement finds it.
    func connect(user: String, expires: Double, tokenID: String?, issuedAt: Double?, keyID: String?) -> BusConnection
    /// Removes a connection from every room and ends its stream.
    func disconnect(_ connection: BusConnection)
    /// Starts sending `room`'s live messages to `connection`, unless it has disconnected.
    func subscribe(_ connection: BusConnection, to room: String)
    func unsubscribe(_ connection: BusConnection, from room: String)
    /// Sends committed visible messages to their rooms' subscribers, in the order given (each room's sequence order).
    func publish(_ deliveries: [Delivery])
    /// Sends a frame to every subscriber of `room` (a retraction).
    func broadcast(room: String, frame: String)
    /// Sends a frame to `user`'s connections (a shadowed message, a decision).
    func send(toUser user: String, room: String, frame: String)
    /// Ends every connection of `user` (a ban), after what is queued for them.
    func close(user: String, _ end: SessionEnd)
    /// Ends every connection of this process that `matches` picks, after what is queued for it; returns how many.
    @discardableResult
    func close(where matches: (BusConnection) -> Bool, _ end: SessionEnd) -> Int
    /// Tells every connection of this process the gateway is going away.
    func closeAll()
    /// Ends every connection of this process whose token expired at or before `now`; returns how many.
    @discardableResult
    func closeExpired(at now: Double) -> Int
    /// `user`'s connections to this process that follow `room`: those a call in `room` rings.
    func connections(of user: String, following room: String) -> [BusConnection]
    /// The users with a connection to this process.
    var connectedUsers: [String] { get }
    /// The rooms some connection of this process follows.
    var followedRooms: [String] { get }
    /// Whether some connection of this process follows `room`.
    func isFollowed(_ room: String) -> Bool
    /// How many connections this process has.
    var connectionCount: Int { get }
}
