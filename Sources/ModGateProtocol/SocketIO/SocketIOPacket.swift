/// One Socket.IO v5 packet as a client sends it (socketio/socket.io-protocol): a type digit, then an optional
/// namespace ending in `,`, an optional acknowledgement id, and JSON data. Binary packets are refused.
public struct SocketIOPacket: Equatable, Sendable {
    public enum Kind: UInt8, Sendable {
        case connect = 0, disconnect, event, ack, connectError, binaryEvent, binaryAck
    }

    public var kind: Kind
    /// `/` unless the packet names another.
    public var namespace: String
    /// The id the client wants its acknowledgement under.
    public var ackID: Int64?
    /// The JSON text after the header; empty when there is none.
    public var data: Substring

    /// The longest namespace read, in bytes.
    public static let maxNamespaceBytes = 128
    /// The longest acknowledgement id, in digits (ids fit in a JavaScript number's exact range).
    public static let maxAckDigits = 15

    /// Reads one packet's text (the data of an Engine.IO message packet).
    /// - Throws: `ProtocolError` (`malformed_frame`) saying what is wrong.
    public static func decode(_ text: String) throws(ProtocolError) -> SocketIOPacket {
        var rest = Substring(text)
        guard let digit = rest.utf8.first, let kind = Kind(rawValue: digit &- UInt8(ascii: "0")) else {
            throw ProtocolError(.malformed, "a Socket.IO packet starts with its type, a digit from 0 to 6")
        }
        guard kind != .binaryEvent, kind != .binaryAck else { throw .binaryPacket }
        rest = rest.dropFirst()
        var namespace = "/"
        if rest.utf8.first == UInt8(ascii: "/") {
            guard let comma = rest.utf8.prefix(maxNamespaceBytes + 1).firstIndex(of: UInt8(ascii: ",")) else {
                // A namespace alone ends the packet ("1/admin"); a longer one is refused.
                guard rest.utf8.count <= maxNamespaceBytes else {
                    throw ProtocolError(.malformed, "namespaces are limited to \(maxNamespaceBytes) bytes")
                }
                return SocketIOPacket(kind: kind, namespace: String(rest), ackID: nil, data: "")
            }
            namespace = String(rest[..<comma])
            rest = rest[rest.index(after: comma)...]
        }
        let digits = rest.utf8.prefix(while: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        var ackID: Int64?
        if !digits.isEmpty {
            guard digits.count <= maxAckDigits, let id = Int64(Substring(digits)) else {
                throw ProtocolError(.malformed, "acknowledgement ids are at most \(maxAckDigits) digits")
            }
            ackID = id
            rest = rest.dropFirst(digits.count)
        }
        return SocketIOPacket(kind: kind, namespace: namespace, ackID: ackID, data: rest)
    }

    public init(kind: Kind, namespace: String = "/", ackID: Int64? = nil, data: Substring = "") {
        self.kind = kind
        self.namespace = namespace
        self.ackID = ackID
        self.data = data
    }
}

extension ProtocolError {
    /// A Socket.IO binary event or acknowledgement, or an Engine.IO binary packet.
    public static let binaryPacket = ProtocolError(.malformed, "binary packets are not supported: send JSON text")
}
