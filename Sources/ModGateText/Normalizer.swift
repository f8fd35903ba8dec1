/// Normalises chat text so that rules meet evasive spellings, keeping a map back to the original.
///
/// "Ｆｒ€е   M0ney" (fullwidth, euro sign, Cyrillic е) becomes "free Money" at `.full`
/// and "fre Money" at `.squeezed`; every normalised byte knows the original bytes it came from.
/// ASCII letters keep their case, other letters are lower-cased: rules match case-insensitively.
public struct Normalizer: Sendable {
    /// How far to go.
    public let level: NormalizationLevel
    private let table: FoldTable

    public init(level: NormalizationLevel) {
        self.level = level
        self.table = level == .basic || level == .none ? .plain : .lookAlike
    }

    /// The characters that may hide a letter inside a word at this level ("f*ck", "n-gger"), for word matching
    /// to accept in place of a letter other than a word's first and last; none below `full`.
    public var letterMasks: String { level >= .full ? MaskedLetters.characters : "" }

    /// Normalises `text`, with the map back to the original.
    public func normalize(_ text: String) -> NormalizedText {
        var text = text
        return text.withUTF8 { original in
            var origins = Origins()
            let bytes = [UInt8](unsafeUninitializedCapacity: Self.capacity(for: original)) { output, count in
                count = run(original, into: output, tracking: &origins)
            }
            return NormalizedText(utf8: bytes, origins: origins, originalLength: original.count)
        }
    }

    /// Calls `body` with the normalised bytes of `original`, without tracking origins and, for
    /// chat-sized texts, without touching the heap; text the passes would not change is passed as it is.
    /// This is the scanning path.
    public func withNormalizedBytes(
        of original: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        if Passes.leaveUnchanged(original, level: level) { return body(original) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.capacity(for: original)) { output in
            body(UnsafeBufferPointer(rebasing: output[..<normalize(original, into: output)]))
        }
    }

    /// Writes the normalised bytes of `original` into `output`, which holds at least `capacity(for:ascii:)`
    /// bytes, and returns how many it wrote. Origins are not tracked.
    public func normalize(_ original: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var none = NoOrigins()
        return run(original, into: output, tracking: &none)
    }

    /// Normalises ASCII text that is already normalised at a lower level (in `previous`), running only the passes
    /// this level adds: the fold is the same at every level for ASCII. Returns how many bytes it wrote to `output`.
    public func normalize(
        ascii previous: UnsafeBufferPointer<UInt8>, from level: NormalizationLevel, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        precondition(level >= .basic && level <= self.level, "continue only from a lower level that folded")
        var count = output.initialize(from: previous).1
        var none = NoOrigins()
        if level < .full && self.level >= .full {
            count = Passes.joinSpacedLetters(output, count: count, tracking: &none)
            count = Passes.undoLeetspeak(output, count: count, tracking: &none)
        }
        if level < .squeezed && self.level == .squeezed { count = Passes.squeezeRuns(output, count: count, tracking: &none) }
        return count
    }

    /// The most bytes normalising a text of `count` bytes can produce: ASCII never grows; elsewhere one
    /// character folds to at most 18 (U+FDFA), 12 bytes per input byte.
    public static func capacity(for count: Int, ascii: Bool) -> Int { ascii ? count + 16 : count * 12 + 16 }

    /// Whether `bytes` are all ASCII, in which case every level folds them alike.
    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { bytes.allSatisfy { $0 < 0x80 } }

    static func capacity(for original: UnsafeBufferPointer<UInt8>) -> Int {
        capacity(for: original.count, ascii: isASCII(original))
    }

    /// Every pass of the level, into `output`; returns the number of bytes written.
    private func run<Tracker: OriginTracker>(
        _ original: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>, tracking: inout Tracker
    ) -> Int {
        guard level != .none else {
            for (index, byte) in original.enumerated() {
                output[index] = byte
                tracking.append(index, index + 1)
            }
            return original.count
        }
        var count = Passes.fold(original, into: output, table: table, tracking: &tracking)
        if level == .full || level == .squeezed {
            count = Passes.joinSpacedLetters(output, count: count, tracking: &tracking)
            count = Passes.undoLeetspeak(output, count: count, tracking: &tracking)
        }
        if level == .squeezed { count = Passes.squeezeRuns(output, count: count, tracking: &tracking) }
        tracking.truncate(count)
        return count
    }
}
