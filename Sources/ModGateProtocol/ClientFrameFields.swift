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
                var reader = JSONReader(bytes)
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

/// A cursor over JSON bytes. Every method returns nil (or false) on text that is not JSON.
private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// How deeply unknown fields may nest arrays and objects.
    static let maxDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The whole text as one frame's fields.
    mutating func frame() throws(ProtocolError) -> ClientFrameFields {
        var fields = ClientFrameFields()
        var seen: UInt8 = 0
        skipSpace()
        guard take(UInt8(ascii: "{")) else { throw .notAFrame }
        skipSpace()
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipSpace()
                guard let key = string() else { throw .notAFrame }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { throw .notAFrame }
                skipSpace()
                let field = Field(key: key)
                if let field {
                    guard seen & field.rawValue == 0 else { throw .repeatedField(key) }
                    seen |= field.rawValue
                }
                let isValue =
                    switch field {
                    case .op: optionalString(into: &fields.op)
                    case .room: optionalString(into: &fields.room)
                    case .text: optionalString(into: &fields.text)
                    case .cid: optionalString(into: &fields.cid)
                    case .since: optionalInteger(into: &fields.since)
                    case nil: skipValue(depth: 0)
                    }
                guard isValue else { throw .notAFrame }
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { throw .notAFrame }
        }
        skipSpace()
        guard index == bytes.count else { throw .notAFrame }
        return fields
    }

    // MARK: Values

    /// A string or null.
    private mutating func optionalString(into field: inout String?) -> Bool {
        if literal("null") {
            field = nil
            return true
        }
        guard let value = string() else { return false }
        field = value
        return true
    }

    /// An integer (or a number with a fraction or exponent that is exactly one) or null.
    private mutating func optionalInteger(into field: inout Int64?) -> Bool {
        if literal("null") {
            field = nil
            return true
        }
        guard let token = number() else { return false }
        let text = String(decoding: bytes[token], as: UTF8.self)
        if let integer = Int64(text) {
            field = integer
        } else if let double = Double(text), let integer = Int64(exactly: double) {
            field = integer
        } else {
            return false
        }
        return true
    }

    private mutating func skipValue(depth: Int) -> Bool {
        guard index < bytes.count, depth < Self.maxDepth else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return skipContainer(depth: depth, closing: UInt8(ascii: "}"), keyed: true)
        case UInt8(ascii: "["): return skipContainer(depth: depth, closing: UInt8(ascii: "]"), keyed: false)
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number() != nil
        }
    }

    /// An object (`keyed`) or an array, from its opening bracket.
    private mutating func skipContainer(depth: Int, closing: UInt8, keyed: Bool) -> Bool {
        index += 1
        skipSpace()
        if take(closing) { return true }
        repeat {
            skipSpace()
            if keyed {
                guard string() != nil else { return false }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipSpace()
            }
            guard skipValue(depth: depth + 1) else { return false }
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(closing)
    }

    // MARK: Tokens

    /// A string from its opening quote, unescaped; nil for raw control characters, bad escapes and lone surrogates.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        var unescaped = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"): guard escape(into: &unescaped) else { return nil }
            case ..<0x20: return nil
            default: unescaped.append(byte)
            }
        }
        return nil
    }

    /// The escape after a backslash, appended as UTF-8.
    private mutating func escape(into unescaped: inout [UInt8]) -> Bool {
        guard index < bytes.count else { return false }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(byte)
        case UInt8(ascii: "b"): unescaped.append(0x08)
        case UInt8(ascii: "f"): unescaped.append(0x0C)
        case UInt8(ascii: "n"): unescaped.append(0x0A)
        case UInt8(ascii: "r"): unescaped.append(0x0D)
        case UInt8(ascii: "t"): unescaped.append(0x09)
        case UInt8(ascii: "u"):
            guard var scalar = hex4() else { return false }
            if (0xD800...0xDBFF).contains(scalar) {
                guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00...0xDFFF).contains(low)
                else { return false }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let character = Unicode.Scalar(scalar) else { return false }
            unescaped.append(contentsOf: UTF8.encode(character)!)
        default: return false
        }
        return true
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            guard let digit = Self.hexDigit(byte) else { return nil }
            value = value << 4 | digit
        }
        index += 4
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A number by JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; its byte range.
    private mutating func number() -> Range<Int>? {
        let start = index
        _ = take(UInt8(ascii: "-"))
        if take(UInt8(ascii: "0")) {
            // no further integer digits after a leading zero
        } else {
            guard digits() else { return nil }
        }
        if take(UInt8(ascii: ".")) { guard digits() else { return nil } }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            _ = take(UInt8(ascii: "+")) || take(UInt8(ascii: "-"))
            guard digits() else { return nil }
        }
        return start..<index
    }

    /// One or more decimal digits.
    private mutating func digits() -> Bool {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index > start
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count,
            UnsafeBufferPointer(start: word.utf8Start, count: length).elementsEqual(bytes[index..<(index + length)])
        else { return false }
        index += length
        return true
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }
}
