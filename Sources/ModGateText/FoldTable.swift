import Foundation

/// Precomputed folding of non-ASCII characters: compatibility decomposition, marks dropped, lower case,
/// and (for the look-alike table) homoglyphs mapped to the Latin letter they imitate.
final class FoldTable: Sendable {
    /// What one character folds to.
    enum Fold {
        case keep
        case drop
        case replace(ArraySlice<UInt32>)
    }

    private let replacements: [UInt32: Range<Int32>]
    private let storage: [UInt32]

    /// Without look-alikes, for `basic`.
    static var plain: FoldTable { both.plain }
    /// With look-alikes, for `full` and `squeezed`.
    static var lookAlike: FoldTable { both.lookAlike }

    /// Both tables, built in one pass: decomposing each character, most of the cost, is done once for both.
    private static let both = build()

    /// The blocks where compatibility forms, cased letters and look-alikes live.
    private static let ranges: [ClosedRange<UInt32>] = [
        0x80...0x24FF, 0x2C00...0x2E7F, 0x3000...0x30FF, 0x3164...0x3164, 0xA640...0xA7FF,
        0xAB30...0xAB6F, 0xFB00...0xFB4F, 0xFE00...0xFE6F, 0xFF00...0xFFEF, 0x1D400...0x1D7FF,
        0x1F100...0x1F1FF,
    ]

    private init(replacements: [UInt32: Range<Int32>], storage: [UInt32]) {
        self.replacements = replacements
        self.storage = storage
    }

    private static func build() -> (plain: FoldTable, lookAlike: FoldTable) {
        var plain = (replacements: [UInt32: Range<Int32>](), storage: [UInt32]())
        var lookAlike = plain
        func add(_ value: UInt32, _ folded: [UInt32], to table: inout (replacements: [UInt32: Range<Int32>], storage: [UInt32])) {
            guard folded != [value] else { return }
            let start = Int32(table.storage.count)
            table.storage.append(contentsOf: folded)
            table.replacements[value] = start..<Int32(table.storage.count)
        }
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let folded = folds(scalar)
                add(value, folded.plain, to: &plain)
                add(value, folded.lookAlike, to: &lookAlike)
            }
        }
        return (
            FoldTable(replacements: plain.replacements, storage: plain.storage),
            FoldTable(replacements: lookAlike.replacements, storage: lookAlike.storage)
        )
    }

    /// What `scalar` (not ASCII) folds to.
    func fold(_ scalar: UInt32) -> Fold {
        if let range = replacements[scalar] {
            return range.isEmpty ? .drop : .replace(storage[Int(range.lowerBound)..<Int(range.upperBound)])
        }
        guard let character = Unicode.Scalar(scalar) else { return .drop }
        let properties = character.properties
        if Self.isInvisible(properties) { return .drop }
        if properties.changesWhenLowercased {
            return .replace(ArraySlice(properties.lowercaseMapping.unicodeScalars.map(\.value)))
        }
        return .keep
    }

    /// What `scalar` folds to without and with look-alikes.
    private static func folds(_ scalar: Unicode.Scalar) -> (plain: [UInt32], lookAlike: [UInt32]) {
        if scalar.properties.isWhitespace { return ([0x20], [0x20]) }
        if invisibleFillers.contains(scalar.value) || isInvisible(scalar.properties) { return ([], []) }
        let parts: [Unicode.Scalar] = String(scalar).decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars
            .filter { !isInvisible($0.properties) }
        let lookAlike = LookAlikes.capitals[scalar.value].map { [$0] } ?? fold(parts, lookAlikes: true)
        return (fold(parts, lookAlikes: false), lookAlike)
    }

    /// The decomposed, lower-cased `parts` of one character, with special case foldings and (when asked)
    /// look-alike letters replaced.
    private static func fold(_ parts: [Unicode.Scalar], lookAlikes: Bool) -> [UInt32] {
        var folded: [UInt32] = []
        for part in parts {
            if part.properties.isWhitespace {
                folded.append(0x20)
            } else if let special = caseFoldings[part.value] {
                folded.append(contentsOf: special.unicodeScalars.map(\.value))
            } else if lookAlikes, let latin = LookAlikes.letters[part.value] {
                folded.append(contentsOf: latin.unicodeScalars.map(\.value))
            } else {
                folded.append(part.value)
            }
        }
        return folded
    }

    /// Zero-width and format characters, bidi controls, combining marks and variation selectors.
    private static func isInvisible(_ properties: Unicode.Scalar.Properties) -> Bool {
        switch properties.generalCategory {
        case .format, .nonspacingMark, .enclosingMark, .spacingMark, .control: true
        default: properties.isDefaultIgnorableCodePoint
        }
    }

    /// Characters that render as blank space but are letters to Unicode (Hangul fillers, braille blank).
    private static let invisibleFillers: Set<UInt32> = [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E]

    /// Full case folding where lower-casing is not enough.
    private static let caseFoldings: [UInt32: String] = [0xDF: "ss", 0x3C2: "σ", 0x1E9E: "ss"]
}
