/// The passes of `.full` and `.squeezed` that undo deliberate misspellings.
extension Normalizer {
    /// What a character counts as when finding words.
    enum Kind {
        case letter, digit, symbol, other
    }

    static func kind(of scalar: UInt32) -> Kind {
        switch scalar {
        case 0x61...0x7A: return .letter
        case 0x30...0x39: return .digit
        case 0x24, 0x40, 0x21, 0x7C, 0x20AC, 0xA1: return .symbol  // $ @ ! | € ¡
        case 0..<0x80: return .other
        default:
            let properties = Unicode.Scalar(scalar)?.properties
            return properties?.isAlphabetic == true ? .letter : properties?.numericType != nil ? .digit : .other
        }
    }

    /// Leetspeak digits and symbols and the letters they stand for.
    static let leet: [UInt32: UInt32] = [
        0x30: 0x6F, 0x31: 0x69, 0x33: 0x65, 0x34: 0x61, 0x35: 0x73, 0x37: 0x74, 0x38: 0x62, 0x39: 0x67,
        0x24: 0x73, 0x40: 0x61, 0x21: 0x69, 0x7C: 0x6C, 0x20AC: 0x65, 0xA1: 0x69,
    ]

    /// Characters that may separate spaced-out letters: "f r e e", "f.r.e.e", "f-r-e-e".
    static func isLetterSeparator(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x20, 0x2E, 0x2D, 0x5F, 0x2A, 0x2C, 0x7E, 0x2F: true
        default: false
        }
    }

    /// Joins three or more single characters separated by one and the same separator.
    static func joinSpacedLetters(_ units: [Unit]) -> [Unit] {
        func isWordCharacter(_ index: Int) -> Bool {
            index >= 0 && index < units.count && kind(of: units[index].scalar) != .other
        }
        func isSingle(_ index: Int) -> Bool {
            isWordCharacter(index) && !isWordCharacter(index - 1) && !isWordCharacter(index + 1)
        }
        var joined: [Unit] = []
        joined.reserveCapacity(units.count)
        var index = 0
        while index < units.count {
            guard isSingle(index), index + 2 < units.count, isLetterSeparator(units[index + 1].scalar) else {
                joined.append(units[index])
                index += 1
                continue
            }
            let separator = units[index + 1].scalar
            var last = index
            while last + 2 < units.count, units[last + 1].scalar == separator, isSingle(last + 2) { last += 2 }
            if last - index >= 4 {
                joined.append(contentsOf: stride(from: index, through: last, by: 2).map { units[$0] })
            } else {
                joined.append(contentsOf: units[index...last])
            }
            index = last + 1
        }
        return joined
    }

    /// Replaces leetspeak inside words that also contain letters: "fr33" and "m0ney" change, "2024" and "$100" do not.
    /// Trailing symbols ("hi!") stay; a leading "$" or "@" counts ("$hit", "@ss").
    static func undoLeetspeak(_ units: inout [Unit]) {
        var start = 0
        while start < units.count {
            guard kind(of: units[start].scalar) != .other else {
                start += 1
                continue
            }
            var end = start
            while end < units.count, kind(of: units[end].scalar) != .other { end += 1 }
            replaceLeet(in: &units, word: start..<end)
            start = end
        }
    }

    private static func replaceLeet(in units: inout [Unit], word: Range<Int>) {
        var core = word
        while !core.isEmpty, kind(of: units[core.upperBound - 1].scalar) == .symbol,
            units[core.upperBound - 1].scalar != 0x24
        {
            core = core.lowerBound..<(core.upperBound - 1)
        }
        while !core.isEmpty, kind(of: units[core.lowerBound].scalar) == .symbol,
            units[core.lowerBound].scalar != 0x24, units[core.lowerBound].scalar != 0x40
        {
            core = (core.lowerBound + 1)..<core.upperBound
        }
        guard core.contains(where: { kind(of: units[$0].scalar) == .letter }) else { return }
        for index in core {
            if let letter = leet[units[index].scalar] { units[index].scalar = letter }
        }
    }

    /// Squeezes every run of one repeated character to a single one that spans the whole run.
    static func squeezeRuns(_ units: [Unit]) -> [Unit] {
        var squeezed: [Unit] = []
        squeezed.reserveCapacity(units.count)
        for unit in units {
            if let last = squeezed.last, last.scalar == unit.scalar {
                squeezed[squeezed.count - 1].end = unit.end
            } else {
                squeezed.append(unit)
            }
        }
        return squeezed
    }
}
