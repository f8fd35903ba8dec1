/// What a character counts as when finding words for leetspeak and spaced-out letters.
enum WordKind {
    case letter, digit, symbol, other

    /// The kind of an ASCII byte.
    @inline(__always) static func of(ascii byte: UInt8) -> WordKind {
        switch byte {
        case 0x61...0x7A, 0x41...0x5A: .letter
        case 0x30...0x39: .digit
        case 0x24, 0x40, 0x21, 0x7C: .symbol  // $ @ ! |
        default: .other
        }
    }

    /// The kind of the character that starts at `at`.
    @inline(__always) static func of(_ text: UnsafeMutableBufferPointer<UInt8>, at: Int, count: Int) -> WordKind {
        let lead = text[at]
        if lead < 0x80 { return of(ascii: lead) }
        return of(nonASCII: text, at: at, count: count)
    }

    private static func of(nonASCII text: UnsafeMutableBufferPointer<UInt8>, at: Int, count: Int) -> WordKind {
        let lead = text[at]
        let length = UTF8Scalar.length(lead)
        let scalar = UTF8Scalar.decode(UnsafeBufferPointer(text), at: at, length: min(length, count - at))
        if Leet.letter(for: scalar) != nil { return .symbol }
        let properties = Unicode.Scalar(scalar)?.properties
        if properties?.isAlphabetic == true { return .letter }
        return properties?.numericType != nil ? .digit : .other
    }
}

/// Leetspeak digits and symbols and the letters they stand for.
enum Leet {
    static func letter(for scalar: UInt32) -> UInt8? {
        switch scalar {
        case 0x30: 0x6F  // 0 o
        case 0x31: 0x69  // 1 i
        case 0x33: 0x65  // 3 e
        case 0x34: 0x61  // 4 a
        case 0x35: 0x73  // 5 s
        case 0x37: 0x74  // 7 t
        case 0x38: 0x62  // 8 b
        case 0x39: 0x67  // 9 g
        case 0x24: 0x73  // $ s
        case 0x40: 0x61  // @ a
        case 0x21: 0x69  // ! i
        case 0x7C: 0x6C  // | l
        case 0x20AC: 0x65  // € e
        case 0xA1: 0x69  // ¡ i
        default: nil
        }
    }
}

/// Decoding of valid UTF-8.
enum UTF8Scalar {
    /// The length of the character that starts with `lead`.
    @inline(__always) static func length(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The scalar of `length` bytes at `at`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at: Int, length: Int) -> UInt32 {
        let lead = UInt32(bytes[at])
        guard length > 1 else { return lead }
        var scalar = lead & (0xFF >> (length + 1))
        for offset in 1..<length where at + offset < bytes.count {
            scalar = scalar << 6 | UInt32(bytes[at + offset] & 0x3F)
        }
        return scalar
    }
}
