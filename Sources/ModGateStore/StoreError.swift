/// Why a store operation failed, with a message that says what to do about it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Stable codes the server maps to HTTP statuses and wire errors.
    public enum Code: String, Sendable {
        /// No message or review item with that id.
        case notFound
        /// The review item was already approved or rejected.
        case alreadyDecided
        /// Another moderator holds an unexpired claim on the review item.
        case claimed
        /// The operation needs a delivered message (remove) or a held one (approve, reject, claim).
        case wrongStatus
        /// The writer is not running any more; the message was not stored.
        case writerStopped
        /// The database file was made by an unknown (newer) version, or is not migrated and opened read-only.
        case incompatibleSchema
        /// The audit key file cannot be read or created, or is missing while the audit log is keyed.
        case auditKey
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
