import ModGateJSON

extension ClientFrame {
    /// Decodes and checks the data of a Socket.IO event, `["send",{"room":...,"text":...,"cid":...}]`: the event
    /// name is the op, the one argument holds the fields a `/v1/ws` frame of that op holds, checked the same way.
    /// Call frames are events named like their type (`["invite",{"call_id":...}]`).
    /// - Throws: `ProtocolError` saying what is wrong and how to fix it.
    public static func decode(event json: Substring, limits: Limits) throws(ProtocolError) -> ClientFrame {
        guard json.utf8.count <= limits.maxFrameBytes else {
            throw ProtocolError(.frameTooLarge, "packets are limited to \(limits.maxFrameBytes) bytes")
        }
        var text = String(json)
        let (name, object) = try text.withUTF8 { bytes in
            Result { () throws(ProtocolError) -> (String, String) in try eventParts(bytes) }
        }.get()
        if name == "call" || CallSignal.Kind(rawValue: name) != nil {
            return .call(try CallSignal.decode(object, kind: CallSignal.Kind(rawValue: name), limits: limits))
        }
        return try checked(op: name, try ClientFrameFields(json: object), limits: limits)
    }

    /// The event name and its one argument's JSON text.
    private static func eventParts(_ bytes: UnsafeBufferPointer<UInt8>) throws(ProtocolError) -> (String, String) {
        var scanner = JSONScanner(bytes, maxDepth: 64)
        do {
            try scanner.beginArray()
            guard try scanner.nextElement(first: true), scanner.peek == UInt8(ascii: "\"") else { throw ProtocolError.notAnEvent }
            let name = try scanner.string()
            guard try scanner.nextElement(first: false), scanner.peek == UInt8(ascii: "{") else {
                throw ProtocolError(.badRequest, "'\(name)' takes one object, as in [\"\(name)\",{\"room\":\"lobby\"}]")
            }
            let start = scanner.offset
            try scanner.skipValue()
            let object = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<scanner.offset]), as: UTF8.self)
            guard !(try scanner.nextElement(first: false)) else {
                throw ProtocolError(.badRequest, "'\(name)' takes one object and nothing more")
            }
            return (name, object)
        } catch let error as ProtocolError {
            throw error
        } catch {
            throw ProtocolError.notAnEvent
        }
    }
}

extension ProtocolError {
    /// Event data that is not a JSON array of a name and one object.
    static let notAnEvent = ProtocolError(.malformed, "an event is a JSON array such as [\"send\",{\"room\":\"lobby\",\"text\":\"hi\"}]")
}
