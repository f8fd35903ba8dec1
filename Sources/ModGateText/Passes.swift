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
        guard mayHaveSpacedLetters(text, count: count) else { return count }
        var reader = 0
        var writer = 0
        var previousIsWord = false
        func isSingle(_ at: Int, afterWord: Bool) -> Bool {
            guard at < count, !afterWord, WordKind.of(text, at: at, count: count) != .other else { return false }
            let next = at + UTF8Scalar.length(text[at])
            return next >= count || WordKind.of(text, at: next, count: count) == .other
        }
        func copy(_ at: Int) {
            for offset in at..<min(at + UTF8Scalar.length(text[at]), count) {
                text[writer] = text[offset]
                tracking.move(offset, to: writer)
                writer += 1
            }
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
        return writer
    }

    /// Replaces leetspeak inside words that also contain letters: "fr33" and "m0ney" change, "2024" and "$100" do not.
    /// Trailing symbols ("hi!") stay; a leading "$" or "@" counts ("$hit", "@ss").
    static func undoLeetspeak<Tracker: OriginTracker>(
        _ text: UnsafeMutableBufferPointer<UInt8>, count: Int, tracking: inout Tracker
    ) -> Int {
        guard text[..<count].contains(where: { $0 >= 0x80 || WordKind.of(ascii: $0) == .digit || WordKind.of(ascii: $0) == .symbol })
        else { return count }
        var reader = 0
        var writer = 0
        while reader < count {
            guard WordKind.of(text, at: reader, count: count) != .other else {
                text[writer] = text[reader]
                tracking.move(reader, to: writer)
                reader += 1
                writer += 1
                continue
            }
            let word = Word(text, from: reader, count: count)
            var at = reader
            while at < word.end {
                let length = UTF8Scalar.length(text[at])
                if word.core.contains(at), word.hasLetter,
                    let letter = Leet.letter(for: UTF8Scalar.decode(UnsafeBufferPointer(text), at: at, length: length))
                {
                    text[writer] = letter
                    tracking.move(at, to: writer)
                    tracking.extend(writer, through: at + length - 1)
                    writer += 1
                } else {
                    for offset in at..<(at + length) {
                        text[writer] = text[offset]
                        tracking.move(offset, to: writer)
                        writer += 1
                    }
                }
                at += length
            }
            reader = word.end
        }
        return writer
    }

    /// Squeezes every run of one repeated character to a single one that spans the whole run.
    static func squeezeRuns<Tracker: OriginTracker>(
        _ text: UnsafeMutableBufferPointer<UInt8>, count: Int, tracking: inout Tracker
    ) -> Int {
        var reader = 0
        var writer = 0
        var previous = 0..<0
        while reader < count {
            let length = UTF8Scalar.length(text[reader])
            let current = reader..<min(reader + length, count)
            if previous.count == current.count, text[previous].elementsEqual(text[current]) {
                tracking.extend(writer - 1, through: current.upperBound - 1)
            } else {
                let start = writer
                for offset in current {
                    text[writer] = text[offset]
                    tracking.move(offset, to: writer)
                    writer += 1
                }
                previous = start..<writer
            }
            reader = current.upperBound
        }
        return writer
    }

    /// A cheap first look: only text with non-ASCII characters, or with two separators two bytes apart
    /// ("f r e", "x.y.z"), can hold spaced-out letters.
    private static func mayHaveSpacedLetters(_ text: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Bool {
        var index = 0
        while index + 2 < count {
            let byte = text[index]
            if byte >= 0x80 || (isLetterSeparator(byte) && text[index + 2] == byte) { return true }
            index += 1
        }
        return count > 0 && text[count - 1] >= 0x80
    }

    /// Characters that may separate spaced-out letters.
    private static func isLetterSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x2E, 0x2D, 0x5F, 0x2A, 0x2C, 0x7E, 0x2F: true
        default: false
        }
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
