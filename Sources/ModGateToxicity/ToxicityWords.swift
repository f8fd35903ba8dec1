import ModGateText

/// Splits text into the words the toxicity model knows, as its lexicon was built: runs of two or more
/// letters, digits or `_`, lower-cased, on text normalised at the `basic` level. An apostrophe separates
/// ("don't" is "don" and "t"), as it did for the lexicon.
enum ToxicityWords {
    private static let normalizer = Normalizer(level: .basic)

    /// Calls `body` with the bytes of every word of `text`, repeats included, without allocating for chat-sized texts.
    static func forEach(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { raw in
            if raw.allSatisfy({ $0 < 0x80 }) {
                scan(raw, body)
            } else {
                normalizer.withNormalizedBytes(of: raw) { scan($0, body) }
            }
        }
    }

    /// The words of `text` as strings, for explanations.
    static func all(in text: String) -> [String] {
        var words: [String] = []
        forEach(in: text) { words.append(String(decoding: $0, as: UTF8.self)) }
        return words
    }

    /// 64-bit FNV-1a of a word's bytes, never 0 (0 marks an empty slot of the vocabulary).
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in word { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return hash | 1
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { word in
            var length = 0
            var tooLong = false
            func end() {
                if length >= 2, !tooLong { body(UnsafeBufferPointer(rebasing: word[..<length])) }
                length = 0
                tooLong = false
            }
            var index = 0
            while index < bytes.count {
                var byte = bytes[index]
                index += 1
                if byte == 0xE2, index + 1 < bytes.count, bytes[index] == 0x80 {
                    index += 2  // general punctuation (quotes, dashes) separates
                    end()
                    continue
                }
                let isWordByte = (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte >= 0x80
                if (0x41...0x5A).contains(byte) {
                    byte += 0x20
                } else if !isWordByte {
                    end()
                    continue
                }
                if length < word.count { word[length] = byte } else { tooLong = true }
                length += 1
            }
            end()
        }
    }
}
