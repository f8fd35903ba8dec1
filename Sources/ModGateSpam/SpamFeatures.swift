import ModGateText

/// Turns a message into hashed features without allocating: words, word pairs, the shapes of numbers,
/// currency, phone numbers, dotted names, and the message's share of capitals and its length.
enum SpamFeatures {
    private enum Kind: UInt8 {
        case word = 1, pair, shape, currency, amount, phone, dotted, capitals, length, prefix
    }

    /// Non-ASCII text is normalised first (compatibility forms, case, invisible characters); ASCII needs only case folding.
    private static let normalizer = Normalizer(level: .basic)

    /// Calls `body` with the hash of every feature of `text`, repeats included.
    static func forEach(in text: String, _ body: (UInt32) -> Void) {
        var text = text
        text.withUTF8 { raw in
            var upper = 0
            var lower = 0
            var highBits: UInt8 = 0
            for byte in raw {  // without branches: letters are unpredictable
                upper &+= byte &- 0x41 < 26 ? 1 : 0
                lower &+= byte &- 0x61 < 26 ? 1 : 0
                highBits |= byte
            }
            body(FeatureHash.of(kind: Kind.capitals.rawValue, capitalsBucket(upper: upper, letters: upper &+ lower)))
            body(FeatureHash.of(kind: Kind.length.rawValue, lengthBucket(raw.count)))
            if highBits < 0x80 {
                scan(raw, body)
            } else {
                normalizer.withNormalizedBytes(of: raw) { scan($0, body) }
            }
        }
    }

    /// Mostly lower case, some capitals, mostly capitals, all capitals; short texts say little.
    private static func capitalsBucket(upper: Int, letters: Int) -> UInt8 {
        guard letters >= 6 else { return 4 }
        let share = Double(upper) / Double(letters)
        return share < 0.15 ? 0 : share < 0.4 ? 1 : share < 0.7 ? 2 : 3
    }

    private static func lengthBucket(_ count: Int) -> UInt8 {
        switch count {
        case ..<20: 0
        case ..<40: 1
        case ..<80: 2
        case ..<120: 3
        case ..<160: 4
        default: 5
        }
    }

    /// 1 to 5 digits as such (5 is a short code), 6 to 9, 10 or more (a phone number).
    private static func digitBucket(_ count: Int) -> UInt8 {
        UInt8(count <= 5 ? count : count < 10 ? 6 : 7)
    }

    /// One pass over lower-case-or-normalised UTF-8.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt32) -> Void) {
        var word = Token()
        var previous: UInt32?
        var phoneDigits = 0
        func endWord() {
            guard let hash = word.finish(body) else { return }
            if let previous {
                body(FeatureHash.pair(previous, hash))
            }
            previous = hash
        }
        func endPhone() {
            if phoneDigits >= 9 { body(FeatureHash.of(kind: Kind.phone.rawValue, 0)) }
            phoneDigits = 0
        }
        var index = 0
        while index < bytes.count {
            var byte = bytes[index]
            index += 1
            switch byte {
            case 0x30...0x39:
                phoneDigits += 1
                word.add(byte, isDigit: true)
                continue
            case 0x41...0x5A, 0x61...0x7A:
                endPhone()
                if byte < 0x61 { byte += 0x20 }
                word.add(byte, isDigit: false)
                continue
            case 0x27, 0..<0x09, 0x0E..<0x20, 0x7F:
                continue  // apostrophes join ("don't"), controls vanish
            case 0x20, 0x09...0x0D, 0x2D, 0x28, 0x29, 0x2B, 0x2F:
                break  // separators that may sit inside a phone number
            case 0x2E:
                if index >= 2, index < bytes.count, isLetter(bytes[index - 2]), isLetter(bytes[index]) {
                    body(FeatureHash.of(kind: Kind.dotted.rawValue, 0))
                }
            default:
                endPhone()
                if let width = currencyWidth(bytes, at: index - 1) {
                    index += width - 1
                    body(FeatureHash.of(kind: Kind.currency.rawValue, 0))
                    if index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                        body(FeatureHash.of(kind: Kind.amount.rawValue, 0))
                    }
                } else if byte >= 0x80 {
                    if byte == 0xE2, index + 1 < bytes.count, bytes[index] == 0x80 {
                        if bytes[index + 1] != 0x99 { endWord() }  // general punctuation separates; ’ joins
                        index += 2
                        continue
                    }
                    word.add(byte, isDigit: false)
                    continue
                }
            }
            endWord()
        }
        endWord()
        endPhone()
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) }

    /// The width of a "$", "£" or "€" at `index`, or nil.
    private static func currencyWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        switch bytes[index] {
        case 0x24: return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA3: return 2
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x82 && bytes[index + 2] == 0xAC: return 3
        default: return nil
        }
    }

    /// The word being read, and the shape of its digits and letters ("150p": three digits, then letters).
    private struct Token {
        var hash = FeatureHash(kind: Kind.word.rawValue)
        var shape = FeatureHash(kind: Kind.shape.rawValue)
        var length = 0
        var hasDigit = false
        var runIsDigit = false
        var runLength = 0
        /// The first three digits of a word that starts with digits ("0871" in "08718720201"), and how many digits lead.
        var prefix = FeatureHash(kind: Kind.prefix.rawValue)
        var leadingDigits = 0

        mutating func add(_ byte: UInt8, isDigit: Bool) {
            if runLength > 0, isDigit != runIsDigit { endRun() }
            hash.add(byte)
            if isDigit, leadingDigits == length {
                leadingDigits += 1
                if leadingDigits <= 3 { prefix.add(byte) }
            }
            length += 1
            hasDigit = hasDigit || isDigit
            runIsDigit = isDigit
            runLength += 1
        }

        private mutating func endRun() {
            shape.add(runIsDigit ? digitBucket(runLength) : 0)
            runLength = 0
        }

        /// Reports the word and its shape, starts afresh and returns the word's hash; nil when there was none.
        mutating func finish(_ body: (UInt32) -> Void) -> UInt32? {
            guard length > 0 else { return nil }
            let word = hash.mixed
            body(word)
            if hasDigit {
                endRun()
                body(shape.mixed)
            }
            if leadingDigits >= 5 {
                prefix.add(digitBucket(leadingDigits))
                body(prefix.mixed)
            }
            self = Token()
            return word
        }
    }
}
