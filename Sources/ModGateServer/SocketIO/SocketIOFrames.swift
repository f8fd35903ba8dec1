import NIOCore

/// The packets the gateway sends a Socket.IO client, as Engine.IO message text (`4` + the Socket.IO packet).
/// A server frame becomes an event named after its `op` with the frame itself as argument, so that Socket.IO
/// clients read the very objects `/v1/ws` sends: `42["msg",{"op":"msg","room":...}]`.
enum SocketIOFrames {
    /// `42["<op>",<frame>]`: the frame as the event its `op` names; a call frame as the event its `type` names.
    static func event(_ frame: ByteBuffer) -> ByteBuffer {
        var name = member("op", of: frame) ?? "error"
        if name == "call" { name = member("type", of: frame) ?? name }
        var packet = ByteBuffer()
        packet.reserveCapacity(frame.readableBytes + name.utf8.count + 8)
        packet.writeStaticString("42[\"")
        packet.writeString(name)
        packet.writeStaticString("\",")
        packet.writeImmutableBuffer(frame)
        packet.writeStaticString("]")
        return packet
    }

    /// `43<id>[<frame>]`: the frame as the acknowledgement the client asked for under `id`.
    static func ack(_ id: Int64, _ frame: ByteBuffer) -> ByteBuffer {
        var packet = ByteBuffer()
        packet.reserveCapacity(frame.readableBytes + 24)
        packet.writeStaticString("43")
        packet.writeString(String(id))
        packet.writeStaticString("[")
        packet.writeImmutableBuffer(frame)
        packet.writeStaticString("]")
        return packet
    }

    /// The acknowledgement object of a subscribe or unsubscribe that took effect: `{"status":"ok","room":R}`.
    static func applied(_ change: SubscriptionChange) -> ByteBuffer {
        let room: String
        switch change {
        case .subscribe(let name, _), .unsubscribe(let name): room = name
        }
        var json = JSONObjectText(capacity: 32 + room.utf8.count)
        json.add("status", "ok")
        json.add("room", room)
        return ByteBuffer(string: json.close())
    }

    /// `40{"sid":...}`: the namespace `/` is connected.
    static func connected(sid: String) -> ByteBuffer {
        ByteBuffer(string: #"40{"sid":"\#(sid)"}"#)
    }

    /// `44[<namespace>,]{"message":...,"data":{"code":...}}`: a refused connection, with a stable code.
    static func connectError(namespace: String = "/", code: String, message: String) -> ByteBuffer {
        var data = JSONObjectText(capacity: 32 + code.utf8.count)
        data.add("code", code)
        var json = JSONObjectText(capacity: 64 + message.utf8.count + code.utf8.count)
        json.add("message", message)
        json.addRaw("data", data.close())
        var packet = "44"
        if namespace != "/" { packet += namespace + "," }
        return ByteBuffer(string: packet + json.close())
    }

    /// `41`: the server ends the client's connection to `/`; Socket.IO clients do not reconnect on their own.
    static let disconnect = ByteBuffer(string: "41")

    /// An Engine.IO packet other than a message.
    static func engine(_ packet: EnginePacket) -> ByteBuffer { ByteBuffer(string: packet.encoded) }

    /// The string member `name` (`op`, `type`) of a server frame, a JSON object whose such members come before any
    /// nested object (not always first: `JSONEncoder` keeps no order). A `"op":"` after `{` or `,` is that member:
    /// inside a string, the quotes would be escaped.
    static func member(_ name: String, of frame: ByteBuffer) -> String? {
        frame.withUnsafeReadableBytes { bytes -> String? in
            let key = Array("\"\(name)\":\"".utf8)
            var index = 1
            while index + key.count < bytes.count {
                if bytes[index] == key[0], bytes[index - 1] == UInt8(ascii: "{") || bytes[index - 1] == UInt8(ascii: ","),
                    bytes[index..<(index + key.count)].elementsEqual(key)
                {
                    let start = index + key.count
                    guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                    return String(decoding: bytes[start..<end], as: UTF8.self)
                }
                index += 1
            }
            return nil
        }
    }
}
