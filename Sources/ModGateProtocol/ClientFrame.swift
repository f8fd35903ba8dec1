/// What a client may send on /v1/ws.
public enum ClientFrame: Equatable, Sendable {
    case send(room: String, text: String, cid: String?)
    case subscribe(room: String, since: Int64?)
    case unsubscribe(room: String)
    /// Call signalling, relayed to the other party (see docs/calls.md).
    case call(CallSignal)

    /// Decodes and checks one text frame.
    /// - Throws: `ProtocolError` saying what is wrong and how to fix it.
    public static func decode(_ text: String, limits: Limits) throws(ProtocolError) -> ClientFrame {
        guard text.utf8.count <= limits.maxFrameBytes else {
            throw ProtocolError(.frameTooLarge, "frames are limited to \(limits.maxFrameBytes) bytes")
        }
        let raw = try ClientFrameFields(json: text)
        guard let op = raw.op else { throw .notAFrame }
        if op == "call" { return .call(try CallSignal.decode(text, limits: limits)) }
        return try checked(op: op, raw, limits: limits)
    }

    /// The frame of `op` with the fields of `raw`, checked.
    static func checked(op: String, _ raw: ClientFrameFields, limits: Limits) throws(ProtocolError) -> ClientFrame {
        // The op first: a frame with an unknown op is answered `unknown_op` whatever else it lacks.
        guard let kind = Op(rawValue: op) else {
            throw ProtocolError(.unknownOp, "unknown op '\(op)'; use send, subscribe, unsubscribe or call")
        }
        let room = try checkedRoom(raw.room, limits: limits)
        switch kind {
        case .send:
            guard let message = raw.text, !message.isEmpty else { throw ProtocolError(.badRequest, "'send' needs a non-empty 'text'") }
            guard message.utf8.count <= limits.maxTextBytes else {
                throw ProtocolError(.textTooLong, "messages are limited to \(limits.maxTextBytes) bytes")
            }
            return .send(room: room, text: message, cid: try checkedClientID(raw.cid, limits: limits))
        case .subscribe:
            if let since = raw.since, since < 0 { throw ProtocolError(.badRequest, "'since' must be 0 or more") }
            return .subscribe(room: room, since: raw.since)
        case .unsubscribe:
            return .unsubscribe(room: room)
        }
    }

    /// The ops a client may send.
    private enum Op: String {
        case send, subscribe, unsubscribe
    }

    /// The `text` and `cid` of an HTTP send body (`{"text":...,"cid":...}`), read as a frame's fields are, so
    /// that both routes take the same bodies: strict JSON, each field at most once.
    /// - Throws: `ProtocolError` with code `malformed` for a body that is not such an object.
    public static func sendBody(_ json: String) throws(ProtocolError) -> (text: String, cid: String?) {
        let raw = try ClientFrameFields(json: json)
        guard let text = raw.text else {
            throw ProtocolError(.malformed, "the body must be a JSON object such as {\"text\":\"hi\",\"cid\":\"c1\"}")
        }
        return (text, raw.cid)
    }

    /// A client message id (`cid`) of at most `maxClientIDBytes`, over WebSocket and HTTP alike.
    public static func checkedClientID(_ cid: String?, limits: Limits) throws(ProtocolError) -> String? {
        guard let cid, cid.utf8.count > limits.maxClientIDBytes else { return cid }
        throw ProtocolError(.badRequest, "'cid' is limited to \(limits.maxClientIDBytes) bytes")
    }

    /// A room name: 1 to `maxRoomBytes` letters, digits, '.', '_', '-' or ':'.
    public static func checkedRoom(_ room: String?, limits: Limits) throws(ProtocolError) -> String {
        guard let room, !room.isEmpty else { throw ProtocolError(.badRequest, "every op needs a 'room'") }
        guard room.utf8.count <= limits.maxRoomBytes,
            room.utf8.allSatisfy({ isRoomByte($0) })
        else {
            throw ProtocolError(
                .badRoom, "room names are 1 to \(limits.maxRoomBytes) letters, digits, '.', '_', '-' or ':'")
        }
        return room
    }

    private static func isRoomByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"):
            true
        default: false
        }
    }
}
