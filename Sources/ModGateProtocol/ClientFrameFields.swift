import ModGateJSON

/// The fields of a client frame, read from its JSON text in one pass without `JSONDecoder` (which cost
/// more than the rest of a send's path). The whole text is checked to be one JSON object; fields other than
/// these five are checked and skipped, as `JSONDecoder` skips them.
struct ClientFrameFields {
    var op: String?
    var room: String?
    var text: String?
    var cid: String?
    var since: Int64?

    /// Reads `json`: one JSON object whose five fields are strings or null (`since` an integer or null),
    /// each at most once (JSON leaves a repeated name's meaning open, and readers differ on it).
    /// - Throws: `ProtocolError` with code `malformed`.
    init(json: String) throws(ProtocolError) {
        var json = json
        let read = json.withUTF8 { bytes in
            Result { () throws(ProtocolError) -> ClientFrameFields in
                var reader = FrameReader(bytes)
                return try reader.frame()
            }
        }
        self = try read.get()
    }

    fileprivate init() {}
}

extension ProtocolError {
    /// A text that is not one JSON object.
    static let notAFrame = ProtocolError(.malformed, "a frame is one JSON object such as {\"op\":\"send\",\"room\":\"lobby\",\"text\":\"hi\"}")

    /// A frame that names one of its fields twice.
    static func repeatedField(_ name: String) -> ProtocolError {
        ProtocolError(.malformed, "the frame has '\(name)' more than once; send each field once")
    }
}

/// The five fields a frame reads, each one bit of the set of those already read.
private enum Field: UInt8 {
    case op = 1, room = 2, text = 4, cid = 8, since = 16

    init?(key: String) {
        switch key {
        case "op": self = .op
        case "room": self = .room
        case "text": self = .text
        case "cid": self = .cid
        case "since": self = .since
        default: return nil
        }
    }
}

/// Reads a frame's fields with `JSONScanner`; any syntax error is `notAFrame`.
private struct FrameReader {
    var scanner: JSONScanner
    /// How deeply unknown fields may nest arrays and objects.
    static let maxDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>) { scanner = JSONScanner(bytes, maxDepth: Self.maxDepth) }

    /// The whole text as one frame's fields.
    mutating func frame() throws(ProtocolError) -> ClientFrameFields {
        var fields = ClientFrameFields()
        var seen: UInt8 = 0
        do {
            try scanner.beginObject()
            var first = true
            while let key = try scanner.nextKey(first: first) {
                first = false
                let field = Field(key: key)
                if let field {
                    guard seen & field.rawValue == 0 else { throw ProtocolError.repeatedField(key) }
                    seen |= field.rawValue
                }
                switch field {
                case .op: fields.op = try optionalString()
                case .room: fields.room = try optionalString()
                case .text: fields.text = try optionalString()
                case .cid: fields.cid = try optionalString()
                case .since: fields.since = try optionalInteger()
                case nil: try scanner.skipValue()
                }
            }
        } catch let error as ProtocolError {
            throw error
        } catch {
            throw .notAFrame
        }
        return fields
    }

    /// A string or null.
    private mutating func optionalString() throws(JSONScanner.SyntaxError) -> String? {
        try scanner.null() ? nil : try scanner.string()
    }

    /// An integer (or a number with a fraction or exponent that is exactly one) or null.
    private mutating func optionalInteger() throws -> Int64? {
        if try scanner.null() { return nil }
        let text = try scanner.numberText()
        if let integer = Int64(text) { return integer }
        guard let double = Double(text), let integer = Int64(exactly: double) else { throw ProtocolError.notAFrame }
        return integer
    }
}
