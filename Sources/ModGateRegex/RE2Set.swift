import CRE2

/// Many RE2 patterns compiled into one automaton: one scan reports every pattern that matches.
public final class RE2Set: @unchecked Sendable {
    // The compiled set is immutable and RE2 allows concurrent matching.
    private let handle: OpaquePointer
    /// How many patterns the set holds.
    public let count: Int

    /// Compiles `patterns`; pattern `i` is reported as index `i`.
    /// - Throws: `RegexError` for the first pattern RE2 refuses.
    public init(_ patterns: [String], caseInsensitive: Bool = false, maxMemory: Int = 256 << 20) throws(RegexError) {
        let options = cre2_options(case_insensitive: caseInsensitive ? 1 : 0, max_mem: Int64(maxMemory))
        guard let handle = cre2_set_new(options) else { fatalError("RE2 could not allocate a set") }
        for var pattern in patterns {
            var error: UnsafeMutablePointer<CChar>?
            let index = pattern.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cre2_set_add(handle, $0.baseAddress, $0.count, &error) }
            }
            if index < 0 {
                cre2_set_free(handle)
                throw RegexError(pattern: pattern, message: takeString(error))
            }
        }
        guard patterns.isEmpty || cre2_set_compile(handle) == 1 else {
            cre2_set_free(handle)
            throw RegexError(pattern: "", message: "the pattern set needs more than \(maxMemory >> 20) MiB")
        }
        self.handle = handle
        self.count = patterns.count
    }

    deinit { cre2_set_free(handle) }

    /// Calls `body` with the indices of the patterns that match `text` (in no particular order).
    /// Nothing is allocated on the heap when fewer than 64 patterns match.
    @inlinable
    public func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Int) throws -> Void) rethrows {
        guard count > 0 else { return }
        try withUnsafeTemporaryAllocation(of: Int32.self, capacity: 64) { small in
            let found = scan(text, into: small)
            if found <= 64 {
                for index in small.prefix(found) { try body(Int(index)) }
            } else {
                let all = [Int32](unsafeUninitializedCapacity: found) { buffer, initialized in
                    initialized = scan(text, into: buffer)
                }
                for index in all { try body(Int(index)) }
            }
        }
    }

    /// The indices of the patterns that match `text`, in ascending order.
    public func matches(_ text: String) -> [Int] {
        var text = text
        var found: [Int] = []
        text.withUTF8 { forEachMatch(in: $0) { found.append($0) } }
        return found.sorted()
    }

    @usableFromInline
    func scan(_ text: UnsafeBufferPointer<UInt8>, into indices: UnsafeMutableBufferPointer<Int32>) -> Int {
        let found = text.withMemoryRebound(to: CChar.self) {
            cre2_set_match(handle, $0.baseAddress, $0.count, indices.baseAddress, Int32(indices.count))
        }
        // RE2 reports -1 when its DFA runs out of memory; the budget above makes that unreachable for sane sets.
        return max(0, Int(found))
    }
}
