/// The ASCII fast path of folding. Letters keep their case: rules match case-insensitively.
enum ASCII {
    /// A space for tab, newline and other white space, 0 (dropped) for other controls, the byte itself otherwise.
    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x09...0x0D: 0x20
        case 0..<0x20, 0x7F: 0
        default: byte
        }
    }

    /// `byte` in lower case if it is an ASCII capital.
    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        isUppercase(byte) ? byte | 0x20 : byte
    }

    /// Whether `byte` is an ASCII capital.
    @inline(__always) static func isUppercase(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }

    /// Whether `byte` is an ASCII lower-case letter.
    @inline(__always) static func isLowercase(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }
}
