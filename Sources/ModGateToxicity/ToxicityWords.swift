import ModGateText

/// Splits text into the words the toxicity model knows, as its lexicon was built: runs of two or more
/// letters, marks, digits or `_`, lower-cased, on text normalised at the `basic` level. Everything else
/// separates: an apostrophe ("don't" is "don" and "t"), as it did for the lexicon, and an emoji or symbol
/// glued to a word ("fuck😂you").
enum ToxicityWords {
    private static let normalizer = Normalizer(level: .basic)

    /// Calls `body` with the bytes and the hash (`hash(_:)`) of every word of `text`, repeats included, without
    /// allocating for chat-sized texts. Words longer than 64 bytes are left out: no lexicon holds them.
    static func forEach(in text: String, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        var text = text
        text.withUTF8 { raw in
            if !scan(raw, body, asciiOnly: true) {
                normalizer.withNormalizedBytes(of: raw) { _ = scan($0, body, asciiOnly: false) }
            }
        }
    }

    /// The words of `text` as strings, for explanations.
    static func all(in text: String) -> [String] {
        var words: [String] = []
        forEach(in: text) { word, _ in words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }

    /// 64-bit FNV-1a of a word's bytes, finished by `finish`.
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = fnvStart
        for byte in word { hash = (hash ^ UInt64(byte)) &* fnvPrime }
        return finish(hash)
    }

    private static let fnvStart: UInt64 = 14_695_981_039_346_656_037
    private static let fnvPrime: UInt64 = 1_099_511_628_211

    /// murmur3's mix, so that every bit depends on every byte (FNV's middle bits hardly move for short words);
    /// never 0, which marks an empty slot.
    private static func finish(_ fnv: UInt64) -> UInt64 {
        var hash = fnv
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash | 1
    }

    /// Each ASCII byte as a word holds it (A-Z lower-cased; a-z, 0-9 and `_` as they are), or 0 for a byte that
    /// separates words: one table read and one branch per byte.
    private static let wordBytes: [UInt8] = (0...127).map { byte in
        switch UInt8(byte) {
        case 0x41...0x5A: UInt8(byte) | 0x20
        case 0x61...0x7A, 0x30...0x39, 0x5F: UInt8(byte)
        default: 0
        }
    }

    /// One pass that lower-cases each word into a stack buffer and hashes it on the way. With `asciiOnly`, returns
    /// false before calling `body` at all when the text has a byte above 0x7F, so that such text is normalised first.
    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void, asciiOnly: Bool
    ) -> Bool {
        if asciiOnly, bytes.contains(where: { $0 >= 0x80 }) { return false }
        return wordBytes.withUnsafeBufferPointer { wordBytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { word in
                var length = 0
                var hash = fnvStart
                func end() {
                    if length >= 2, length <= word.count { body(UnsafeBufferPointer(rebasing: word[..<length]), finish(hash)) }
                    length = 0
                    hash = fnvStart
                }
                func add(_ byte: UInt8) {
                    if length < word.count { word[length] = byte }
                    hash = (hash ^ UInt64(byte)) &* fnvPrime
                    length += 1
                }
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    guard byte < 0x80 else {
                        let width = scalarWidth(bytes, at: index)
                        if isWordScalar(bytes, at: index, width: width) {
                            for offset in index..<(index + width) { add(bytes[offset]) }
                        } else {
                            end()
                        }
                        index += width
                        continue
                    }
                    index += 1
                    let mapped = wordBytes[Int(byte)]
                    if mapped == 0 { end() } else { add(mapped) }
                }
                end()
                return true
            }
        }
    }

    /// The length of the UTF-8 sequence whose lead byte is at `index`, within the text; 1 for a stray byte.
    private static func scalarWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard index + width <= bytes.count else { return 1 }
        for offset in 1..<width where bytes[index + offset] & 0xC0 != 0x80 { return 1 }
        return width
    }

    /// Whether the character at `index` is a letter, a mark or a number, which words are made of.
    private static func isWordScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, width: Int) -> Bool {
        guard width > 1 else { return false }
        var value = UInt32(bytes[index] & (0xFF >> (width + 1)))
        for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
