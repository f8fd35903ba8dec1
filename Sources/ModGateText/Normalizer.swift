/// Normalises chat text so that rules meet evasive spellings, keeping a map back to the original.
///
/// "Ｆｒ€е   m0ney" (fullwidth, euro sign, Cyrillic е) becomes "fre money" at `.squeezed`
/// and "free money" at `.full`; every normalised byte knows the original bytes it came from.
public struct Normalizer: Sendable {
    /// How far to go.
    public let level: NormalizationLevel
    private let table: FoldTable

    public init(level: NormalizationLevel) {
        self.level = level
        self.table = level == .basic || level == .none ? .plain : .lookAlike
    }

    /// Normalises `text`.
    public func normalize(_ text: String) -> NormalizedText {
        var text = text
        return text.withUTF8 { normalize(utf8: $0) }
    }

    /// Normalises valid UTF-8.
    public func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>) -> NormalizedText {
        guard level != .none else { return NormalizedText(identity: bytes) }
        var units = fold(bytes)
        if level == .full || level == .squeezed {
            units = Self.joinSpacedLetters(units)
            Self.undoLeetspeak(&units)
        }
        if level == .squeezed { units = Self.squeezeRuns(units) }
        var result = NormalizedText(capacity: units.count + 8, originalLength: bytes.count)
        for unit in units { result.append(unit.scalar, from: unit.start, to: unit.end) }
        return result
    }

    /// One normalised character and the original bytes it came from.
    struct Unit {
        var scalar: UInt32
        var start: Int32
        var end: Int32
    }

    /// Decodes, folds case and compatibility forms, drops invisible characters and collapses white space.
    private func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> [Unit] {
        var units: [Unit] = []
        units.reserveCapacity(bytes.count)
        var lastWasSpace = true
        func add(_ scalar: UInt32, _ start: Int, _ end: Int) {
            let isSpace = scalar == 0x20
            if isSpace && lastWasSpace { return }
            lastWasSpace = isSpace
            units.append(Unit(scalar: scalar, start: Int32(start), end: Int32(end)))
        }
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                let folded = ASCII.fold[Int(lead)]
                if folded != 0 { add(UInt32(folded), index, index + 1) }
                index += 1
                continue
            }
            let (scalar, length) = Self.decode(bytes, at: index)
            let end = index + length
            switch table.fold(scalar) {
            case .keep: add(scalar, index, end)
            case .drop: break
            case .replace(let scalars): for folded in scalars { add(folded, index, end) }
            }
            index = end
        }
        return units
    }

    /// Decodes the multi-byte scalar that starts at `index` of valid UTF-8.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var scalar = lead & (0xFF >> (length + 1))
        for offset in 1..<length where index + offset < bytes.count {
            scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (scalar, length)
    }
}
