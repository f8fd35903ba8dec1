/// The ASCII fast path of folding.
enum ASCII {
    /// Lower case for letters, a space for tab, newline and other white space, 0 (dropped) for other controls.
    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x41...0x5A: byte | 0x20
        case 0x09...0x0D: 0x20
        case 0..<0x20, 0x7F: 0
        default: byte
        }
    }
}
