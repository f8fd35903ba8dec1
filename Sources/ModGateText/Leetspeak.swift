extension Passes {
    /// Replaces leetspeak inside words that also contain letters: "fr33" and "m0ney" change, "2024" and "$100" do not.
    /// Trailing symbols ("hi!") stay; a leading "$" or "@" counts ("$hit", "@ss"); a "*" inside a word keeps it
    /// one word ("sh*7").
    static func undoLeetspeak<Tracker: OriginTracker>(
        _ text: UnsafeMutableBufferPointer<UInt8>, count: Int, tracking: inout Tracker
    ) -> Int {
        guard mayHaveLeetspeak(UnsafeBufferPointer(text), count: count) else { return count }
        var output = Compactor()
        var reader = 0
        while reader < count {
            guard WordKind.of(text, at: reader, count: count) != .other else {
                let end = min(reader + UTF8Scalar.length(text[reader]), count)
                output.keep(reader..<end, of: text, tracking: &tracking)
                reader = end
                continue
            }
            let word = Word(text, from: reader, count: count)
            guard word.hasLetter else {
                output.keep(reader..<word.end, of: text, tracking: &tracking)
                reader = word.end
                continue
            }
            while reader < word.end {
                let scalar = reader..<(reader + UTF8Scalar.length(text[reader]))
                if word.core.contains(reader),
                    let letter = Leet.letter(for: UTF8Scalar.decode(UnsafeBufferPointer(text), at: reader, length: scalar.count))
                {
                    output.put(letter, for: scalar, of: text, tracking: &tracking)
                } else {
                    output.keep(scalar, of: text, tracking: &tracking)
                }
                reader = scalar.upperBound
            }
        }
        return output.count
    }

    /// A cheap first look for leetspeak: a digit next to a letter, "$" or "@" before a word character,
    /// a symbol between word characters, a digit or symbol next to a "*", or any non-ASCII character ("€").
    /// Branch-free: chat is unpredictable.
    static func mayHaveLeetspeak(_ text: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        guard count > 0, let bytes = text.baseAddress else { return false }
        return ByteClass.table.withUnsafeBufferPointer { table in
            var previous: UInt8 = 0
            var current = table[Int(bytes[0])]
            var hit: UInt8 = 0
            for index in 0..<count {
                let next = index + 1 < count ? table[Int(bytes[index + 1])] : 0
                let nearLetter = (previous | next) & ByteClass.letter
                hit |= (current & ByteClass.digit) >> 1 & nearLetter
                hit |= (current & ByteClass.leadingSymbol) >> 3 & (next & ByteClass.word) >> 5
                hit |= (current & ByteClass.symbol) >> 2 & (previous & ByteClass.word) >> 5 & (next & ByteClass.word) >> 5
                hit |= (current & ByteClass.nonASCII) >> 4
                hit |= (current >> 1 | current >> 2) & (previous | next) >> 6 & 1
                previous = current
                current = next
            }
            return hit != 0
        }
    }
}

/// A run of word characters (and of "*" between them) and the part of it where leetspeak is undone.
struct Word {
    let end: Int
    let core: Range<Int>
    let hasLetter: Bool

    init(_ text: UnsafeMutableBufferPointer<UInt8>, from start: Int, count: Int) {
        var end = start
        var coreStart = start
        var coreEnd = start
        var leading = true
        var hasLetter = false
        while end < count {
            let kind = WordKind.of(text, at: end, count: count)
            if kind == .other {
                var after = end
                while after < count, text[after] == MaskedLetters.star { after += 1 }
                guard after > end, after < count, WordKind.of(text, at: after, count: count) != .other else { break }
                end = after
                continue
            }
            let length = UTF8Scalar.length(text[end])
            let isDollarOrAt = text[end] == 0x24 || text[end] == 0x40
            if leading, kind == .symbol, !isDollarOrAt { coreStart = end + length } else { leading = false }
            if kind != .symbol || text[end] == 0x24 { coreEnd = end + length }
            if kind == .letter { hasLetter = true }
            end = min(end + length, count)
        }
        self.end = end
        self.core = coreStart..<max(coreStart, coreEnd)
        self.hasLetter = hasLetter
    }
}

/// Bit classes of bytes for the branch-free first looks.
enum ByteClass {
    static let letter: UInt8 = 1
    static let digit: UInt8 = 2
    static let symbol: UInt8 = 4
    /// "$" and "@", which count at the start of a word too.
    static let leadingSymbol: UInt8 = 8
    static let nonASCII: UInt8 = 16
    static let word: UInt8 = 32
    /// "*", which hides a letter inside a word.
    static let mask: UInt8 = 64

    static let table: [UInt8] = (0..<256).map { byte in
        guard byte < 0x80 else { return nonASCII }
        guard byte != MaskedLetters.star else { return mask }
        switch WordKind.of(ascii: UInt8(byte)) {
        case .letter: return letter | word
        case .digit: return digit | word
        case .symbol: return symbol | word | (byte == 0x24 || byte == 0x40 ? leadingSymbol : 0)
        case .other: return 0
        }
    }
}
