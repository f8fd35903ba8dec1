/// One Engine.IO v4 packet, the framing Socket.IO runs on (socketio/engine.io-protocol): a type digit, then
/// text. Binary packets (a WebSocket binary frame, or `b` and base64 in a polling payload) are refused.
public enum EnginePacket: Equatable, Sendable {
    /// The handshake, its JSON object as text.
    case open(String)
    case close
    /// `2`, or `2probe` on a WebSocket that is about to take over a polling session.
    case ping(String)
    case pong(String)
    /// A Socket.IO packet.
    case message(String)
    /// The client switches its session to the WebSocket that carries this packet.
    case upgrade
    /// Nothing; sent to end a pending poll during an upgrade.
    case noop

    /// Reads one packet's text.
    /// - Throws: `EngineError` for an empty, binary or unknown packet.
    public static func decode(_ text: Substring) throws(EngineError) -> EnginePacket {
        guard let type = text.utf8.first else { throw .malformed("an empty packet") }
        let data = String(text.dropFirst())
        switch type {
        case UInt8(ascii: "0"): return .open(data)
        case UInt8(ascii: "1"): return .close
        case UInt8(ascii: "2"): return .ping(data)
        case UInt8(ascii: "3"): return .pong(data)
        case UInt8(ascii: "4"): return .message(data)
        case UInt8(ascii: "5"): return .upgrade
        case UInt8(ascii: "6"): return .noop
        case UInt8(ascii: "b"): throw .binary
        default: throw .malformed("unknown packet type '\(Character(Unicode.Scalar(type)))'")
        }
    }

    /// The packet's text.
    public var encoded: String {
        switch self {
        case .open(let json): "0" + json
        case .close: "1"
        case .ping(let data): "2" + data
        case .pong(let data): "3" + data
        case .message(let data): "4" + data
        case .upgrade: "5"
        case .noop: "6"
        }
    }

    /// The separator of the packets in one polling request or response body (the record separator, 0x1E).
    public static let separator = UInt8(0x1E)

    /// The packets of a polling body, at most `maxPackets` of them.
    /// - Throws: `EngineError` for a bad packet or too many.
    public static func decodePayload(_ body: String, maxPackets: Int) throws(EngineError) -> [EnginePacket] {
        let parts = body.utf8.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count <= maxPackets else { throw .malformed("more than \(maxPackets) packets in one request") }
        var packets: [EnginePacket] = []
        for part in parts { packets.append(try decode(Substring(part))) }
        return packets
    }
}

/// An Engine.IO packet or request the gateway refuses.
public enum EngineError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case binary

    public var description: String {
        switch self {
        case .malformed(let what): "bad Engine.IO packet: \(what)"
        case .binary: "binary packets are not supported: send JSON text"
        }
    }
}

/// The handshake the server sends first: the session id, the WebSocket upgrade if the session may take one,
/// the heartbeat (milliseconds) and the largest packet or polling body it reads (bytes).
public struct EngineHandshake: Equatable, Sendable {
    public var sid: String
    public var upgrades: [String]
    public var pingInterval: Int
    public var pingTimeout: Int
    public var maxPayload: Int

    public init(sid: String, upgrades: [String], pingInterval: Int, pingTimeout: Int, maxPayload: Int) {
        self.sid = sid
        self.upgrades = upgrades
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.maxPayload = maxPayload
    }

    /// The open packet: `0{"sid":...,"upgrades":[...],"pingInterval":...,"pingTimeout":...,"maxPayload":...}`.
    /// The sid and upgrade names are base64url and plain words: nothing to escape.
    public var packet: EnginePacket {
        let upgrades = self.upgrades.map { "\"\($0)\"" }.joined(separator: ",")
        return .open(
            #"{"sid":"\#(sid)","upgrades":[\#(upgrades)],"pingInterval":\#(pingInterval),"pingTimeout":\#(pingTimeout),"maxPayload":\#(maxPayload)}"#
        )
    }
}
