/// A checkpoint of the audit log kept outside the database: the newest entry's id and hash, as `ID:HASH`
/// (`modgate audit head`). A log that verifies against it still holds that entry unchanged.
public struct AuditAnchor: Sendable, Equatable, CustomStringConvertible {
    public var id: Int64
    public var hash: String

    public init(id: Int64, hash: String) {
        self.id = id
        self.hash = hash
    }

    /// Parses `ID:HASH` (a positive id, 64 hex digits); nil when `text` is not one.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = Int64(parts[0]), id > 0, parts[1].utf8.count == 64,
            parts[1].utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        self.init(id: id, hash: String(parts[1]))
    }

    public var description: String { "\(id):\(hash)" }
}
