/// A strict, one-pass reader of one flat JSON object in a byte buffer: the keys in order, string and number
/// values, and anything else skipped. It allocates the strings it returns, and checks the strings it skips as
/// strictly (escapes, UTF-8) at the cost of a copy of those that are escaped or longer than 15 bytes.
struct JSONLineScanner {
    typealias Problem = CheckLineError.Problem
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// How deep skipped arrays and objects may nest.
    private static let maxDepth = 32

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The next byte after any whitespace, or nil at the end.
    var peek: UInt8? {
        mutating get {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            return index < bytes.count ? bytes[index] : nil
        }
    }

    private func malformed(_ what: String) -> Problem { Problem("malformed JSON at byte \(index + 1): \(what)") }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Problem) {
        guard peek == byte else { throw malformed("expected \(what)") }
        index += 1
    }

    /// Opens the object that must make up the line.
    mutating func begin() throws(Problem) {
        guard peek == UInt8(ascii: "{") else { throw Problem("not a JSON object") }
        index += 1
    }

    /// The next key, positioned before its value; nil after the closing brace, which must end the line.
    mutating func nextKey(first: Bool) throws(Problem) -> String? {
        if peek == UInt8(ascii: "}") {
            index += 1
            guard peek == nil else { throw malformed("text after the object") }
            return nil
        }
        if !first { try expect(UInt8(ascii: ","), "',' or '}'") }
        guard peek == UInt8(ascii: "\"") else { throw malformed("expected a key in double quotes") }
        let key = try stringValue()
        try expect(UInt8(ascii: ":"), "':' after a key")
        _ = peek
        return key
    }

    /// A string value; nil for null. - Throws: "wrong type" for anything else.
    mutating func string(for key: String) throws(Problem) -> String? {
        switch peek {
        case UInt8(ascii: "\""): return try stringValue()
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default: throw Problem("wrong type for '\(key)'")
        }
    }

    /// `body` over the bytes of a string value, unescaped.
    mutating func stringBytes<Result>(for key: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) throws(Problem)
        -> Result
    {
        guard peek == UInt8(ascii: "\"") else { throw Problem("wrong type for '\(key)'") }
        let (raw, escaped) = try rawString()
        guard escaped else { return body(raw) }
        return try unescape(raw).withUnsafeBufferPointer(body)
    }

    /// A number value as a double; nil for null. - Throws: "wrong type" for a string, boolean, array or object.
    mutating func number(for key: String) throws(Problem) -> Double? {
        guard let first = peek else { throw malformed("expected a value") }
        if first == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        guard first == UInt8(ascii: "-") || Self.isDigit(first) else { throw Problem("wrong type for '\(key)'") }
        let start = index
        try skipNumber()
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        else { throw malformed("a number out of range") }
        return value
    }

    /// Skips any value: string, number, true, false, null, array or object.
    mutating func skipValue(depth: Int = 0) throws(Problem) {
        guard depth < Self.maxDepth else { throw malformed("values nested more than \(Self.maxDepth) deep") }
        switch peek {
        case UInt8(ascii: "\""): _ = try stringValue()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "["): try skipContainer(closing: UInt8(ascii: "]"), keyed: false, depth: depth)
        case UInt8(ascii: "{"): try skipContainer(closing: UInt8(ascii: "}"), keyed: true, depth: depth)
        case let byte? where byte == UInt8(ascii: "-") || Self.isDigit(byte): try skipNumber()
        default: throw malformed("expected a value")
        }
    }

    private mutating func skipContainer(closing: UInt8, keyed: Bool, depth: Int) throws(Problem) {
        index += 1
        if peek == closing {
            index += 1
            return
        }
        while true {
            if keyed {
                guard peek == UInt8(ascii: "\"") else { throw malformed("expected a key in double quotes") }
                _ = try stringValue()
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

    private mutating func literal(_ word: StaticString) throws(Problem) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ $0.elementsEqual(bytes[index..<(index + count)]) })
        else { throw malformed("expected a value") }
        index += count
    }

    /// JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func skipNumber() throws(Problem) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, Self.isDigit(bytes[index]) else { throw malformed("expected a digit") }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw malformed("expected a digit") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw malformed("expected a digit") }
            skipDigits()
        }
    }

    private mutating func skipDigits() { while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 } }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// A string value as a Swift string: valid UTF-8, escapes undone.
    private mutating func stringValue() throws(Problem) -> String {
        let (raw, escaped) = try rawString()
        let text = escaped ? String(validating: try unescape(raw), as: UTF8.self) : String(validating: raw, as: UTF8.self)
        guard let text else { throw malformed("a string that is not valid UTF-8") }
        return text
    }

    /// The bytes between the quotes of the string at `index`, and whether they hold escapes.
    private mutating func rawString() throws(Problem) -> (UnsafeBufferPointer<UInt8>, escaped: Bool) {
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), escaped)
            }
            guard byte >= 0x20 else { throw malformed("a control character inside a string; escape it") }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
            }
            index += 1
        }
        throw malformed("a string without its closing quote")
    }

    /// `raw` with its escapes undone, as UTF-8.
    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(Problem) -> [UInt8] {
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
                    guard (0xDC00..<0xE000).contains(low) else { throw malformed("a \\u escape that is half a pair") }
                    unit = 0x10000 + (unit - 0xD800) << 10 + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(unit) else { throw malformed("a \\u escape that is half a pair") }
                UTF8.encode(scalar) { out.append($0) }
            default: throw malformed("an unknown escape \\\(Character(Unicode.Scalar(kind)))")
            }
        }
        return out
    }

    /// Four hex digits at `at`.
    private func hex(_ raw: UnsafeBufferPointer<UInt8>, _ at: inout Int) throws(Problem) -> UInt32 {
        guard at + 4 <= raw.count else { throw malformed("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = raw[at] | 0x20
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            default: throw malformed("a \\u escape needs four hex digits")
            }
            value = value << 4 | digit
            at += 1
        }
        return value
    }
}
