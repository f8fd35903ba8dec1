/// A pattern RE2 refused, with RE2's own explanation.
public struct RegexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public var pattern: String
    /// RE2's error text, for example "missing ): (abc".
    public var message: String

    public var description: String { "invalid RE2 pattern: \(message)" }
}

/// An RE2 set scan that could not finish: the DFA ran out of its memory budget, so which patterns match is unknown.
public struct RegexScanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// How many patterns the set holds.
    public var patterns: Int
    /// The length of the text scanned, in UTF-8 bytes.
    public var textBytes: Int

    public init(patterns: Int, textBytes: Int) {
        self.patterns = patterns
        self.textBytes = textBytes
    }

    public var description: String {
        "the RE2 set of \(patterns) patterns ran out of memory scanning a text of \(textBytes) bytes"
    }
}
