import Foundation
import ModGateJSON

extension CallSignal {
    /// Decodes and checks a call frame: `/v1/ws`'s `{"op":"call","type":"invite",...}`, or the object of a Socket.IO
    /// event named like its type (`kind`), where `op` and `type` may be left out.
    /// - Throws: `ProtocolError` saying what is wrong and how to fix it.
    public static func decode(_ json: String, kind named: Kind? = nil, limits: Limits) throws(ProtocolError) -> CallSignal {
        guard json.utf8.count <= limits.maxFrameBytes else {
            throw ProtocolError(.frameTooLarge, "frames are limited to \(limits.maxFrameBytes) bytes")
        }
        try checkEachKeyOnce(json)
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(json.utf8))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ProtocolError(.badRequest, "the call frame's '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch let DecodingError.keyNotFound(key, context) {
            guard context.codingPath.first?.stringValue == "sdp" else {
                throw ProtocolError(.badRequest, "every candidate needs '\(key.stringValue)'")
            }
            throw ProtocolError(.badRequest, "'sdp' is a session description such as {\"type\":\"offer\",\"sdp\":\"...\"}")
        } catch {
            throw .notACallFrame
        }
        let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let kind = named ?? fields.type.flatMap(Kind.init(rawValue:)) else {
            throw ProtocolError(.badRequest, "a call frame's 'type' is one of \(kinds)")
        }
        if let type = fields.type, type != kind.rawValue {
            throw ProtocolError(.badRequest, "the event '\(kind.rawValue)' carries 'type' \(type); leave 'type' out or make them match")
        }
        guard let callID = fields.callID else { throw ProtocolError(.badRequest, "every call frame needs a 'call_id'") }
        let signal = CallSignal(
            kind: kind, callID: callID, room: fields.room, to: fields.to, sdp: fields.sdp, candidates: fields.candidates ?? [],
            lifetime: fields.lifetime, reason: fields.reason)
        do {
            return try signal.checked(limits: limits)
        } catch {
            var refusal = error
            refusal.callID = callID
            throw refusal
        }
    }

    /// Refuses a frame that names a top-level field twice, as every other frame is refused (JSON leaves a repeated
    /// name's meaning open, and readers differ on it).
    private static func checkEachKeyOnce(_ json: String) throws(ProtocolError) {
        var text = json
        let repeated = text.withUTF8 { bytes -> Result<String?, ProtocolError> in
            var scanner = JSONScanner(bytes, maxDepth: 64)
            var seen = Set<String>()
            do {
                try scanner.beginObject()
                var first = true
                while let key = try scanner.nextKey(first: first) {
                    first = false
                    guard seen.insert(key).inserted else { return .success(key) }
                    try scanner.skipValue()
                }
                return .success(nil)
            } catch {
                return .failure(.notACallFrame)
            }
        }
        if let key = try repeated.get() { throw ProtocolError.repeatedField(key) }
    }

    /// What a client's call frame may hold; anything else is dropped.
    private struct Fields: Decodable {
        var type: String?
        var room: String?
        var callID: String?
        var to: String?
        var sdp: Description?
        var candidates: [Candidate]?
        var lifetime: Int?
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case type, room, to, sdp, candidates, lifetime, reason
            case callID = "call_id"
        }
    }
}

extension ProtocolError {
    static let notACallFrame = ProtocolError(
        .malformed, "a call frame is one JSON object such as {\"op\":\"call\",\"type\":\"hangup\",\"call_id\":\"c1\"}")
}
