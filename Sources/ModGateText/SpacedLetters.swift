extension Passes {
    /// Joins three or more single characters separated by one and the same separator: "f r e e", "f.r.e.e".
    /// A lower-case letter that starts a run of three or more capitals stays apart: "a F U C K" reads "a FUCK".
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
                // "such a F U C K": a lower-case letter before spaced capitals is a word of its own ("a FUCK").
                if letters >= 3, !(letters >= 4 && Self.isLowerCaseBeforeCapitals(text, from: reader, through: last)) {
                    // Each length is read before the copy: compacting in place may write over the letter's bytes.
                    let end = last + UTF8Scalar.length(text[last])
                    var at = reader
                    while at <= last {
                        let next = at + UTF8Scalar.length(text[at]) + 1
                        copy(at)
                        at = next
                    }
                    reader = end
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

    /// A cheap first look: only text with non-ASCII characters, or with three single ASCII word characters
    /// separated by one and the same separator ("f r e", "x.y.z"), can hold spaced-out letters.
    static func mayHaveSpacedLetters(_ text: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
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

    /// Whether the single characters from `first` through `last`, one separator byte apart, are a lower-case
    /// ASCII letter and then ASCII capitals only.
    private static func isLowerCaseBeforeCapitals(
        _ text: UnsafeMutableBufferPointer<UInt8>, from first: Int, through last: Int
    ) -> Bool {
        guard ASCII.isLowercase(text[first]) else { return false }
        var at = first + 2
        while at <= last {
            guard ASCII.isUppercase(text[at]) else { return false }
            at += 2
        }
        return true
    }

    /// Characters that may separate spaced-out letters.
    private static func isLetterSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x2E, 0x2D, 0x5F, 0x2A, 0x2C, 0x7E, 0x2F: true
        default: false
        }
    }
}
