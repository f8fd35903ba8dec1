import Foundation

/// Reads a model file's bytes line by line, with no string per line or number: a gateway reads the default
/// model's 17,000 words at every start. Raw pointers keep it quick in debug builds too, where the tests
/// start many gateways.
struct ToxicityModelParser {
    let file: String
    private var provenance: [String] = []
    private var words: [String] = []
    private var idf: [Float] = []
    private var weights: [SIMD8<Float>] = []
    private var bias: SIMD8<Float>?
    private var threshold: Float?
    private var sawFormat = false
    private var seen: Set<UInt64> = []

    init(file: String) { self.file = file }

    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<ToxicityModel, ToxicityModelError> {
        guard var start = bytes.baseAddress else { return .failure(ToxicityModelError("\(file): the file is empty")) }
        let end = start + bytes.count
        var number = 0
        while start < end {
            let newline = memchr(start, 0x0A, end - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) } ?? end
            number += 1
            var length = newline - start
            if length > 0 && start[length - 1] == 0x0D { length -= 1 }
            if let problem = read(UnsafeBufferPointer(start: start, count: length)) {
                return .failure(ToxicityModelError("\(file):\(number): \(problem)"))
            }
            start = newline + 1
        }
        guard let bias, let threshold else {
            return .failure(ToxicityModelError("\(file): not a toxicity model: 'bias' and 'threshold' lines are missing"))
        }
        return .success(
            ToxicityModel(words: words, idf: idf, weights: weights, bias: bias, threshold: threshold, provenance: provenance))
    }

    /// Takes in one line; returns what is wrong with it, or nil.
    private mutating func read(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        guard let start = line.baseAddress, line.count > 0 else { return nil }
        if start[0] == UInt8(ascii: "#") {
            var text = start + 1
            while text < start + line.count && text[0] == UInt8(ascii: " ") { text += 1 }
            provenance.append(String(decoding: UnsafeBufferPointer(start: text, count: start + line.count - text), as: UTF8.self))
            return nil
        }
        guard sawFormat else {
            sawFormat = Self.equals(line, ToxicityModel.formatLine)
            return sawFormat ? nil : "not a toxicity model: the first line must be '\(ToxicityModel.formatLine.description)' (tab-separated)"
        }
        var fields = Fields(line)
        let outputs = ToxicityModel.outputs
        let first = fields.next(until: 0x09)
        if bias == nil {
            guard Self.equals(first, "bias"), let values = fields.numbers(outputs, in: ToxicityModel.weightRange), fields.isAtEnd
            else { return "expected 'bias', a TAB and \(outputs) numbers from -1000 to 1000 separated by spaces" }
            bias = values
        } else if threshold == nil {
            guard Self.equals(first, "threshold"), let value = fields.number(until: 0x09),
                ToxicityModel.weightRange.contains(value), fields.isAtEnd
            else { return "expected 'threshold', a TAB and one number from -1000 to 1000" }
            threshold = value
        } else {
            guard let wordIDF = fields.number(until: 0x09), ToxicityModel.idfRange.contains(wordIDF),
                let values = fields.numbers(outputs, in: ToxicityModel.weightRange), fields.isAtEnd
            else { return "expected a word, a TAB, its idf (0 to 1000), a TAB and \(outputs) weights separated by spaces" }
            let word = String(decoding: first, as: UTF8.self)
            guard Self.isOneWord(first, word) else { return "'\(word)' is not one lower-case word as the model reads words" }
            guard seen.insert(ToxicityWords.hash(first)).inserted else { return "'\(word)' appears twice" }
            guard words.count < ToxicityModel.maxWords else { return "more than \(ToxicityModel.maxWords) words" }
            words.append(word)
            idf.append(wordIDF)
            weights.append(values)
        }
        return nil
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
    }

    /// Whether the model reads `bytes` as this one word: lower-case ASCII letters, digits and `_` need no
    /// normaliser; other text must come out of it unchanged.
    private static func isOneWord(_ bytes: UnsafeBufferPointer<UInt8>, _ word: String) -> Bool {
        guard bytes.count >= 2, let start = bytes.baseAddress else { return false }
        var plain = true
        for offset in 0..<bytes.count {
            let byte = start[offset]
            plain = plain && ((0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F)
        }
        return plain || ToxicityWords.all(in: word) == [word]
    }
}

/// A cursor over one line's fields: a field ends at a separator byte or at the end of the line.
private struct Fields {
    private let start: UnsafePointer<UInt8>
    private let end: UnsafePointer<UInt8>
    private var position: UnsafePointer<UInt8>
    /// Set once a field has ended at the line's end.
    private(set) var isAtEnd = false

    init(_ line: UnsafeBufferPointer<UInt8>) {
        start = line.baseAddress!
        end = start + line.count
        position = start
    }

    /// The bytes up to the next `separator` (or the end), after which the cursor moves.
    mutating func next(until separator: UInt8) -> UnsafeBufferPointer<UInt8> {
        var stop = position
        while stop < end && stop[0] != separator { stop += 1 }
        defer {
            isAtEnd = stop == end
            position = stop == end ? end : stop + 1
        }
        return UnsafeBufferPointer(start: position, count: stop - position)
    }

    /// `count` numbers separated by single spaces and ended by a TAB or the line's end, each within `range`.
    mutating func numbers(_ count: Int, in range: ClosedRange<Float>) -> SIMD8<Float>? {
        var values = SIMD8<Float>()
        for lane in 0..<count {
            guard let value = number(until: lane == count - 1 ? 0x09 : 0x20), range.contains(value) else { return nil }
            values[lane] = value
        }
        return values
    }

    /// A finite decimal number ("-2.438", "1.2e-05") up to `separator`, at most 31 bytes; nil otherwise.
    mutating func number(until separator: UInt8) -> Float? {
        guard !isAtEnd else { return nil }
        let field = next(until: separator)
        guard (1...31).contains(field.count), let first = field.baseAddress else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            let text = buffer.baseAddress!
            for offset in 0..<field.count {
                let byte = first[offset]
                guard (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x2B || byte == 0x2E || byte == 0x65 else { return nil }
                text[offset] = CChar(bitPattern: byte)
            }
            text[field.count] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtof(text, &stop)
            return stop == text + field.count && value.isFinite ? value : nil
        }
    }
}
