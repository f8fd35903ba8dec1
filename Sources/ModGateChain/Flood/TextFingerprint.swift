import ModGateText

/// What stays of a text when spelling tricks, spacing, punctuation and repeated letters are taken out,
/// hashed: "FREE money!!!" and "free    m0neyyy" have the same fingerprint.
struct TextFingerprint: Hashable {
    let hash: UInt64
    /// How many letters and digits the fingerprint covers.
    let length: Int

    private static let normalizer = Normalizer(level: .squeezed)

    init(_ text: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var length = 0
        for byte in Self.normalizer.normalize(text).utf8 where Self.counts(byte) {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            length += 1
        }
        self.hash = hash
        self.length = length
    }

    /// Letters, digits and every byte of a non-ASCII character count; spaces and punctuation do not.
    private static func counts(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
