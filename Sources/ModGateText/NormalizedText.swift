/// Normalised UTF-8 text that remembers, for every byte, which bytes of the original it came from.
public struct NormalizedText: Sendable {
    /// The normalised text as UTF-8.
    public let utf8: [UInt8]
    private let starts: [Int32]
    private let ends: [Int32]
    /// The length in bytes of the original text.
    public let originalLength: Int

    init(utf8: [UInt8], origins: Origins, originalLength: Int) {
        self.utf8 = utf8
        self.starts = origins.starts
        self.ends = origins.ends
        self.originalLength = originalLength
    }

    /// The normalised text as a string.
    public var string: String { String(decoding: utf8, as: UTF8.self) }

    /// The byte range of the original text that produced `range` of the normalised text.
    public func originalRange(of range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let at = range.lowerBound < starts.count ? Int(starts[range.lowerBound]) : originalLength
            return at..<at
        }
        return Int(starts[range.lowerBound])..<Int(ends[range.upperBound - 1])
    }
}
