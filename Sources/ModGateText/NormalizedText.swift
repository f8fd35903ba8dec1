/// Normalised UTF-8 text that remembers, for every byte, which bytes of the original it came from.
public struct NormalizedText: Sendable {
    /// The normalised text as UTF-8.
    public private(set) var utf8: [UInt8] = []
    private var starts: [Int32] = []
    private var ends: [Int32] = []
    /// The length in bytes of the original text.
    public let originalLength: Int

    init(capacity: Int, originalLength: Int) {
        self.originalLength = originalLength
        utf8.reserveCapacity(capacity)
        starts.reserveCapacity(capacity)
        ends.reserveCapacity(capacity)
    }

    /// The text itself, each byte mapped to itself.
    init(identity bytes: UnsafeBufferPointer<UInt8>) {
        self.init(capacity: bytes.count, originalLength: bytes.count)
        utf8.append(contentsOf: bytes)
        for offset in 0..<Int32(bytes.count) {
            starts.append(offset)
            ends.append(offset + 1)
        }
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

    mutating func append(_ scalar: UInt32, from start: Int32, to end: Int32) {
        let before = utf8.count
        if scalar < 0x80 {
            utf8.append(UInt8(scalar))
        } else {
            for byte in UTF8.encode(Unicode.Scalar(scalar)!)! { utf8.append(byte) }
        }
        for _ in before..<utf8.count {
            starts.append(start)
            ends.append(end)
        }
    }
}
