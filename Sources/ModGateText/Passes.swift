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
