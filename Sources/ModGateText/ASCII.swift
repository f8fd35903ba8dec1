/// Byte tables for the ASCII fast path.
enum ASCII {
    /// Lower case for letters, a space for tab, newline and other white space, 0 (dropped) for other controls.
    static let fold: [UInt8] = (0..<128).map { byte in
        switch byte {
        case 0x41...0x5A: UInt8(byte + 0x20)
        case 0x09...0x0D: 0x20
        case 0..<0x20, 0x7F: 0
        default: UInt8(byte)
        }
    }
}
