/// Why a store operation failed, with a message that says what to do about it and the error behind it.
///
/// Every public method of the store, and the ``StoreWriter``, fails with this type only: a database error
/// is wrapped with a code that says whether trying again can help.
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
        /// The token key to retire is the one that signs new tokens.
        case keyInUse
        /// As many token keys are live as may be; one must be retired before another is made.
        case tooManyKeys
        /// The writer is not running any more; the message was not stored.
        case writerStopped
        /// The database file was made by an unknown (newer) version, or is not migrated and opened read-only.
        case incompatibleSchema
        /// The audit key file cannot be read or created, or is missing while the audit log is keyed.
        case auditKey
        /// The database cannot grow: the disk is full or the file reached its size limit. Transient.
        case full
        /// Another process held the database lock for longer than the busy timeout. Transient.
        case busy
        /// The database file could not be opened, read or written (I/O error, permissions). Often transient.
        case ioFailure
        /// The database files may be read by other users, and the store was not told that this is fine.
        case unsafePermissions
        /// Any other database failure (corruption, a broken invariant); `cause` says which.
        case databaseFailed
    }

    public var code: Code
    public var message: String
    /// The underlying error (a database error), when there is one.
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// Whether the same operation may succeed later without anyone changing the request.
    public var isTransient: Bool { [.writerStopped, .full, .busy, .ioFailure].contains(code) }

    public var description: String { message }
}
