/// A strict, one-pass reader of JSON text (RFC 8259) in a byte buffer, for readers of one flat object that
/// take the keys they know and skip the rest: a client frame, a `check --jsonl` line. Strings come out
/// unescaped and validated as UTF-8; skipped values are checked as strictly as read ones.
public struct JSONScanner {
    /// What is wrong and where (a byte offset from 0): the byte that breaks the grammar, or for a string whose
    /// escapes or UTF-8 are wrong, the byte after its closing quote.
    public struct SyntaxError: Error, Equatable {
        public let offset: Int
        public let what: String

        public init(offset: Int, what: String) {
            self.offset = offset
            self.what = what
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// How deep skipped arrays and objects may nest.
    private let maxDepth: Int

    public init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The next byte after any whitespace, or nil at the end.
    public var peek: UInt8? {
        mutating get {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
            return index < bytes.count ? bytes[index] : nil
        }
    }

    private func error(_ what: String) -> SyntaxError { SyntaxError(offset: min(index, bytes.count), what: what) }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
        guard peek == byte else { throw error("expected \(what)") }
        index += 1
    }

    /// Opens the object that must make up the whole text.
    public mutating func beginObject() throws(SyntaxError) { try expect(UInt8(ascii: "{"), "'{'") }

    /// Opens the array that must make up the whole text.
    public mutating func beginArray() throws(SyntaxError) { try expect(UInt8(ascii: "["), "'['") }

    /// Whether another element follows, positioned before it; false after the closing bracket, which must end the text.
    public mutating func nextElement(first: Bool) throws(SyntaxError) -> Bool {
        if peek == UInt8(ascii: "]") {
            index += 1
            guard peek == nil else { throw error("text after the array") }
            return false
        }
        if !first { try expect(UInt8(ascii: ","), "',' or ']'") }
        _ = peek
        return true
    }

    /// The byte offset of the next byte to read: with `skipValue`, where a value starts and ends.
    public var offset: Int { index }

    /// The next key, positioned before its value; nil after the closing brace, which must end the text.
    public mutating func nextKey(first: Bool) throws(SyntaxError) -> String? {
        if peek == UInt8(ascii: "}") {
            index += 1
            guard peek == nil else { throw error("text after the object") }
            return nil
        }
        if !first { try expect(UInt8(ascii: ","), "',' or '}'") }
        guard peek == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
        let key = try string()
        try expect(UInt8(ascii: ":"), "':' after a key")
        _ = peek
        return key
    }

    /// The string value here, unescaped.
    public mutating func string() throws(SyntaxError) -> String {
        let (raw, escaped) = try rawString()
        let text = escaped ? String(validating: try unescape(raw), as: UTF8.self) : String(validating: raw, as: UTF8.self)
        guard let text else { throw error("a string that is not valid UTF-8") }
        return text
    }

    /// `body` over the unescaped bytes of the string value here.
    public mutating func stringBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) throws(SyntaxError) -> Result {
        let (raw, escaped) = try rawString()
        guard escaped else { return body(raw) }
        return try unescape(raw).withUnsafeBufferPointer(body)
    }

    /// The text of the number here, by JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    public mutating func numberText() throws(SyntaxError) -> String {
        _ = peek
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("expected a digit") }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("expected a digit") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("expected a digit") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// The number here as a double.
    public mutating func number() throws(SyntaxError) -> Double {
        guard let value = Double(try numberText()) else { throw error("a number out of range") }
        return value
    }

    /// Whether the value here is `null`, which it then reads.
    public mutating func null() throws(SyntaxError) -> Bool {
        guard peek == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Skips any value: string, number, true, false, null, array or object.
    public mutating func skipValue() throws(SyntaxError) { try skipValue(depth: 0) }

    private mutating func skipValue(depth: Int) throws(SyntaxError) {
        guard depth < maxDepth else { throw error("values nested more than \(maxDepth) deep") }
        switch peek {
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "["): try skipContainer(closing: UInt8(ascii: "]"), keyed: false, depth: depth)
        case UInt8(ascii: "{"): try skipContainer(closing: UInt8(ascii: "}"), keyed: true, depth: depth)
        case let byte? where byte == UInt8(ascii: "-") || Self.isDigit(byte): _ = try numberText()
        default: throw error("expected a value")
        }
    }

    private mutating func skipContainer(closing: UInt8, keyed: Bool, depth: Int) throws(SyntaxError) {
        index += 1
        if peek == closing {
            index += 1
            return
        }
        while true {
            if keyed {
                guard peek == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
                _ = try string()
                try expect(UInt8(ascii: ":"), "':' after a key")
            }
            try skipValue(depth: depth + 1)
            if peek == closing {
                index += 1
                return
            }
            try expect(UInt8(ascii: ","), "',' between values")
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ $0.elementsEqual(bytes[index..<(index + count)]) })
        else { throw error("expected a value") }
        index += count
    }

    private mutating func skipDigits() { while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 } }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The bytes between the quotes of the string here, and whether they hold escapes.
    private mutating func rawString() throws(SyntaxError) -> (UnsafeBufferPointer<UInt8>, escaped: Bool) {
        guard peek == UInt8(ascii: "\"") else { throw error("expected a string") }
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), escaped)
            }
            guard byte >= 0x20 else { throw error("a control character inside a string; escape it") }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
            }
            index += 1
        }
        throw error("a string without its closing quote")
    }

    /// `raw` with its escapes undone, as UTF-8.
    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var at = 0
        while at < raw.count {
            let byte = raw[at]
            at += 1
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            let kind = raw[at]
            at += 1
            switch kind {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(kind)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var unit = try hex(raw, &at)
                if (0xD800..<0xDC00).contains(unit), at + 1 < raw.count, raw[at] == UInt8(ascii: "\\"),
                    raw[at + 1] == UInt8(ascii: "u")
                {
                    at += 2
                    let low = try hex(raw, &at)
                    guard (0xDC00..<0xE000).contains(low) else { throw error("a \\u escape that is half a pair") }
                    unit = 0x10000 + (unit - 0xD800) << 10 + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(unit) else { throw error("a \\u escape that is half a pair") }
                UTF8.encode(scalar) { out.append($0) }
            default: throw error("an unknown escape \\\(Character(Unicode.Scalar(kind)))")
            }
        }
        return out
    }

    /// Four hex digits at `at`.
    private func hex(_ raw: UnsafeBufferPointer<UInt8>, _ at: inout Int) throws(SyntaxError) -> UInt32 {
        guard at + 4 <= raw.count else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = raw[at] | 0x20
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | digit
            at += 1
        }
        return value
    }
}
