/// Normalises chat text so that rules meet evasive spellings, keeping a map back to the original.
///
/// "Ｆｒ€е   m0ney" (fullwidth, euro sign, Cyrillic е) becomes "free money" at `.full`
/// and "fre money" at `.squeezed`; every normalised byte knows the original bytes it came from.
public struct Normalizer: Sendable {
    /// How far to go.
    public let level: NormalizationLevel
    private let table: FoldTable

    public init(level: NormalizationLevel) {
        self.level = level
        self.table = level == .basic || level == .none ? .plain : .lookAlike
    }

    /// Normalises `text`, with the map back to the original.
    public func normalize(_ text: String) -> NormalizedText {
        var text = text
        return text.withUTF8 { original in
            var origins = Origins()
            let bytes = [UInt8](unsafeUninitializedCapacity: Self.capacity(for: original.count)) { output, count in
                count = run(original, into: output, tracking: &origins)
            }
            return NormalizedText(utf8: bytes, origins: origins, originalLength: original.count)
        }
    }

    /// Calls `body` with the normalised bytes of `original`, without tracking origins and, for
    /// chat-sized texts, without touching the heap. This is the scanning path.
    public func withNormalizedBytes(
        of original: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        if level == .none { return body(original) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.capacity(for: original.count)) { output in
            var none = NoOrigins()
            let count = run(original, into: output, tracking: &none)
            body(UnsafeBufferPointer(rebasing: output[..<count]))
        }
    }

    /// The most bytes normalisation can produce: one character folds to at most 18 (U+FDFA), 12 bytes per input byte.
    static func capacity(for count: Int) -> Int { count * 12 + 16 }

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
