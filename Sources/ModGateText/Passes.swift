/// The normaliser's passes over UTF-8 bytes. Each pass compacts the buffer in place and tells the tracker
/// where every byte came from.
enum Passes {
    /// Decodes, folds case and compatibility forms, drops invisible characters and collapses white space.
    static func fold<Tracker: OriginTracker>(
        _ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>, table: FoldTable,
        tracking: inout Tracker
    ) -> Int {
        var count = 0
        var lastWasSpace = true
        func emit(_ scalar: UInt32, _ start: Int, _ end: Int) {
            if scalar == 0x20 {
                if lastWasSpace { return }
                lastWasSpace = true
            } else {
                lastWasSpace = false
            }
            for byte in UTF8.encode(Unicode.Scalar(scalar) ?? " ")! {
                output[count] = byte
                count += 1
                tracking.append(start, end)
            }
        }
        var index = 0
        while index < input.count {
            let lead = input[index]
            if lead < 0x80 {
                let folded = ASCII.fold(lead)
                if folded != 0, !(folded == 0x20 && lastWasSpace) {
                    output[count] = folded
                    count += 1
                    tracking.append(index, index + 1)
                    lastWasSpace = folded == 0x20
                }
                index += 1
                continue
            }
            let length = UTF8Scalar.length(lead)
            let end = min(index + length, input.count)
            switch table.fold(UTF8Scalar.decode(input, at: index, length: length)) {
            case .keep:
                for offset in index..<end {
                    output[count] = input[offset]
                    count += 1
                    tracking.append(index, end)
                }
                lastWasSpace = false
            case .drop: break
            case .replace(let scalars): for scalar in scalars { emit(scalar, index, end) }
            }
            index = end
        }
        return count > 0 && output[count - 1] == 0x20 ? count - 1 : count
    }

    /// Joins three or more single characters separated by one and the same separator: "f r e e", "f.r.e.e".
    static func joinSpacedLetters<Tracker: OriginTracker>(
        _ text: UnsafeMutableBufferPointer<UInt8>, count: Int, tracking: inout Tracker
    ) -> Int {
        guard mayHaveSpacedLetters(UnsafeBufferPointer(text), count: count) else { return count }
        var reader = 0
        var output = Compactor()
        var previousIsWord = false
        func isSingle(_ at: Int, afterWord: Bool) -> Bool {
            guard at < count, !afterWord, WordKind.of(text, at: at, count: count) != .other else { return false }
            let next = at + UTF8Scalar.length(text[at])
            return next >= count || WordKind.of(text, at: next, count: count) == .other
        }
        func copy(_ at: Int) {
            output.keep(at..<min(at + UTF8Scalar.length(text[at]), count), of: text, tracking: &tracking)
        }
        while reader < count {
            let length = UTF8Scalar.length(text[reader])
            let separator = reader + length
            if isSingle(reader, afterWord: previousIsWord), separator < count, isLetterSeparator(text[separator]) {
                var last = reader
                var letters = 1
                while true {
                    let gap = last + UTF8Scalar.length(text[last])
                    guard gap + 1 < count, text[gap] == text[separator], isSingle(gap + 1, afterWord: false) else { break }
                    last = gap + 1
                    letters += 1
                }
                if letters >= 3 {
                    var at = reader
                    while at <= last {
                        copy(at)
                        at += UTF8Scalar.length(text[at]) + 1
                    }
                    reader = last + UTF8Scalar.length(text[last])
                    previousIsWord = true
                    continue
                }
            }
            previousIsWord = WordKind.of(text, at: reader, count: count) != .other
            copy(reader)
            reader += length
        }
        return output.count
    }

    /// Replaces leetspeak inside words that also contain letters: "fr33" and "m0ney" change, "2024" and "$100" do not.
    /// Trailing symbols ("hi!") stay; a leading "$" or "@" counts ("$hit", "@ss").
    static func undoLeetspeak<Tracker: OriginTracker>(
        _ text: UnsafeMutableBufferPointer<UInt8>, count: Int, tracking: inout Tracker
    ) -> Int {
        guard mayHaveLeetspeak(UnsafeBufferPointer(text), count: count) else { return count }
        var output = Compactor()
        var reader = 0
        while reader < count {
            guard WordKind.of(text, at: reader, count: count) != .other else {
                output.keep(reader..<(reader + 1), of: text, tracking: &tracking)
                reader += 1
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

    /// Squeezes every run of one repeated character (in either case) to a single one that spans the whole run.
    static func squeezeRuns<Tracker: OriginTracker>(
        _ text: UnsafeMutableBufferPointer<UInt8>, count: Int, tracking: inout Tracker
    ) -> Int {
        var reader = 0
        var output = Compactor()
        var previous = 0..<0
        while reader < count {
            let length = UTF8Scalar.length(text[reader])
            let current = reader..<min(reader + length, count)
            if previous.count == current.count,
                text[previous].elementsEqual(text[current], by: { ASCII.lowercased($0) == ASCII.lowercased($1) })
            {
                tracking.extend(output.count - 1, through: current.upperBound - 1)
            } else {
                let start = output.count
                output.keep(current, of: text, tracking: &tracking)
                previous = start..<output.count
            }
            reader = current.upperBound
        }
        return output.count
    }

    /// Whether the passes of `level` would give `text` back as it is, found with their own first looks:
    /// printable ASCII that folding keeps (no controls, no runs of spaces, none at either end) and, at
    /// `.full`, with no spaced-out letters and no leetspeak. Squeezing is never assumed to change nothing.
    static func leaveUnchanged(_ text: UnsafeBufferPointer<UInt8>, level: NormalizationLevel) -> Bool {
        guard level != .none else { return true }
        guard level != .squeezed else { return false }
        var previous: UInt8 = 0x20  // a leading space folds away
        for byte in text {
            guard byte >= 0x20, byte < 0x7F, byte != 0x20 || previous != 0x20 else { return false }
            previous = byte
        }
        guard text.isEmpty || previous != 0x20 else { return false }
        return level == .basic || !(mayHaveSpacedLetters(text, count: text.count) || mayHaveLeetspeak(text, count: text.count))
    }

    /// A cheap first look: only text with non-ASCII characters, or with three single ASCII word characters
    /// separated by one and the same separator ("f r e", "x.y.z"), can hold spaced-out letters.
    private static func mayHaveSpacedLetters(_ text: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        guard count >= 5, let bytes = text.baseAddress else { return count > 0 && text[0] >= 0x80 }
        func isWord(_ index: Int) -> Bool { index >= 0 && index < count && WordKind.of(ascii: bytes[index]) != .other }
        var nonASCII: UInt8 = 0
        for index in 0..<count {
            let byte = bytes[index]
            nonASCII |= byte
            if index + 3 < count, index >= 1, bytes[index + 2] == byte, isLetterSeparator(byte), isWord(index - 1),
                !isWord(index - 2), isWord(index + 1), isWord(index + 3), !isWord(index + 4)
            {
                return true
            }
        }
        return nonASCII >= 0x80
    }

    /// A cheap first look for leetspeak: a digit next to a letter, "$" or "@" before a word character,
    /// a symbol between word characters, or any non-ASCII character ("€"). Branch-free: chat is unpredictable.
    private static func mayHaveLeetspeak(_ text: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
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
                previous = current
                current = next
            }
            return hit != 0
        }
    }

    /// Characters that may separate spaced-out letters.
    private static func isLetterSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x2E, 0x2D, 0x5F, 0x2A, 0x2C, 0x7E, 0x2F: true
        default: false
        }
    }
}

/// The writing end of a pass that compacts a buffer in place; it moves nothing until the pass first drops a byte.
struct Compactor {
    private(set) var count = 0

    /// Keeps the bytes of `range` (which starts at or after `count`).
    mutating func keep<Tracker: OriginTracker>(
        _ range: Range<Int>, of text: UnsafeMutableBufferPointer<UInt8>, tracking: inout Tracker
    ) {
        guard count != range.lowerBound else {
            count = range.upperBound
            return
        }
        for offset in range {
            text[count] = text[offset]
            tracking.move(offset, to: count)
            count += 1
        }
    }

    /// Writes `byte` in place of the character at `range`.
    mutating func put<Tracker: OriginTracker>(
        _ byte: UInt8, for range: Range<Int>, of text: UnsafeMutableBufferPointer<UInt8>, tracking: inout Tracker
    ) {
        text[count] = byte
        tracking.move(range.lowerBound, to: count)
        tracking.extend(count, through: range.upperBound - 1)
        count += 1
    }
}

/// A run of word characters and the part of it where leetspeak is undone.
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
            if kind == .other { break }
            let length = UTF8Scalar.length(text[end])
            let isDollarOrAt = text[end] == 0x24 || text[end] == 0x40
            if leading, kind == .symbol, !isDollarOrAt { coreStart = end + length } else { leading = false }
            if kind != .symbol || text[end] == 0x24 { coreEnd = end + length }
            if kind == .letter { hasLetter = true }
            end += length
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

    static let table: [UInt8] = (0..<256).map { byte in
        guard byte < 0x80 else { return nonASCII }
        switch WordKind.of(ascii: UInt8(byte)) {
        case .letter: return letter | word
        case .digit: return digit | word
        case .symbol: return symbol | word | (byte == 0x24 || byte == 0x40 ? leadingSymbol : 0)
        case .other: return 0
        }
    }
}
