/// A pattern RE2 refused, with RE2's own explanation.
public struct RegexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public var pattern: String
    /// RE2's error text, for example "missing ): (abc".
    public var message: String

    public var description: String { "invalid RE2 pattern: \(message)" }
}
