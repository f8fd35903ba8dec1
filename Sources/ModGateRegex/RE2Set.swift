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
    /// - Throws: `RegexScanError` when RE2 could not finish the scan; `body` may have seen some matches by then.
    @inlinable
    public func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) throws(RegexScanError) {
        guard count > 0 else { return }
        let found = withUnsafeTemporaryAllocation(of: Int32.self, capacity: 64) { small in
            let found = scan(text, into: small)
            if (0...64).contains(found) {
                for index in small.prefix(found) { body(Int(index)) }
            } else if found > 64 {
                let all = [Int32](unsafeUninitializedCapacity: found) { buffer, initialized in
                    initialized = max(0, scan(text, into: buffer))
                }
                for index in all { body(Int(index)) }
            }
            return found
        }
        if found < 0 { throw RegexScanError(patterns: count, textBytes: text.count) }
    }

    /// The indices of the patterns that match `text`, in ascending order.
    /// - Throws: `RegexScanError` when RE2 could not finish the scan.
    public func matches(_ text: String) throws(RegexScanError) -> [Int] {
        var text = text
        var found: [Int] = []
        var failure: RegexScanError?
        text.withUTF8 { bytes in
            do throws(RegexScanError) { try forEachMatch(in: bytes) { found.append($0) } } catch { failure = error }
        }
        if let failure { throw failure }
        return found.sorted()
    }

    /// Makes the next `count` scans fail as an RE2 DFA out of memory does, for tests of what a failed scan does.
    package func failScans(_ count: Int) { cre2_set_fail_scans(handle, Int32(clamping: count)) }

    /// How many patterns match, or -1 when the scan failed (RE2's DFA ran out of memory).
    @usableFromInline
    func scan(_ text: UnsafeBufferPointer<UInt8>, into indices: UnsafeMutableBufferPointer<Int32>) -> Int {
        let found = text.withMemoryRebound(to: CChar.self) {
            cre2_set_match(handle, $0.baseAddress, $0.count, indices.baseAddress, Int32(indices.count))
        }
        return Int(found)
    }
}
