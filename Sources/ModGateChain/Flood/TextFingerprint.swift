import ModGateText

/// What stays of a text when case, spacing, punctuation, spelling tricks and repeated letters are taken out,
/// hashed: "FREE money!!!", "fr33    m0neyyy" and "f r e e money" have the same fingerprint.
struct TextFingerprint: Hashable {
    let hash: UInt64
    /// How many letters and digits the fingerprint covers.
    let length: Int

    private static let normalizer = Normalizer(level: .full)

    init(_ text: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var length = 0
        var previous: UInt8 = 0
        var text = text
        text.withUTF8 { original in
            Self.normalizer.withNormalizedBytes(of: original) { bytes in
                for byte in bytes where Self.counts(byte) {
                    let folded = byte | (byte &- 0x41 < 26 ? 0x20 : 0)
                    guard folded != previous || folded >= 0x80 else { continue }
                    previous = folded
                    hash = (hash ^ UInt64(folded)) &* 0x100_0000_01b3
                    length += 1
                }
            }
        }
        self.hash = hash
        self.length = length
    }

    /// Letters, digits and every byte of a non-ASCII character count; spaces and punctuation do not.
    private static func counts(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20)
    }
}
