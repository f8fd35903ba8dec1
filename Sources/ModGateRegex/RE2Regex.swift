import CRE2

/// One compiled RE2 pattern; matching runs in time linear in the input.
public final class RE2Regex: @unchecked Sendable {
    // RE2 objects are immutable after construction and safe to share between threads.
    private let handle: OpaquePointer
    /// The number of capturing groups in the pattern.
    public let groupCount: Int

    public init(_ pattern: String, caseInsensitive: Bool = false) throws(RegexError) {
        var error: UnsafeMutablePointer<CChar>?
        var pattern = pattern
        let options = cre2_options(case_insensitive: caseInsensitive ? 1 : 0, max_mem: 0)
        let handle = pattern.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cre2_regex_new($0.baseAddress, $0.count, options, &error) }
        }
        guard let handle else { throw RegexError(pattern: pattern, message: takeString(error)) }
        self.handle = handle
        self.groupCount = Int(cre2_regex_groups(handle))
    }

    deinit { cre2_regex_free(handle) }

    /// The byte range of the first match at or after `start`, or of `group` within it.
    public func firstMatch(in text: UnsafeBufferPointer<UInt8>, from start: Int = 0, group: Int = 0) -> Range<Int>? {
        precondition(group <= groupCount && group < 16, "group \(group) does not exist")
        return withUnsafeTemporaryAllocation(of: cre2_span.self, capacity: group + 1) { spans in
            let found = text.withMemoryRebound(to: CChar.self) {
                cre2_regex_find(handle, $0.baseAddress, $0.count, start, spans.baseAddress, Int32(group + 1))
            }
            guard found == 1, spans[group].begin >= 0 else { return nil }
            return Int(spans[group].begin)..<Int(spans[group].end)
        }
    }

    /// Every non-overlapping match (or `group` of it) from left to right, at most `limit` of them.
    public func matches(in text: UnsafeBufferPointer<UInt8>, group: Int = 0, limit: Int = .max) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var start = 0
        while found.count < limit, start <= text.count,
            let whole = firstMatch(in: text, from: start)
        {
            let span = group == 0 ? whole : firstMatch(in: text, from: whole.lowerBound, group: group)
            if let span { found.append(span) }
            start = whole.isEmpty ? Self.nextCharacter(in: text, after: whole.upperBound) : whole.upperBound
        }
        return found
    }

    /// The offset of the UTF-8 character after the one at `offset`, so an empty match never steps into a character.
    private static func nextCharacter(in text: UnsafeBufferPointer<UInt8>, after offset: Int) -> Int {
        var next = offset + 1
        while next < text.count, text[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { firstMatch(in: $0) != nil }
    }
}

func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    guard let pointer else { return "unknown error" }
    defer { cre2_free_string(pointer) }
    return String(cString: pointer)
}
