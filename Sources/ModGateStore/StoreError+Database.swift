import GRDB
import ModGateStorage

extension StoreError {
    /// `error` as the store reports it: a store error as it is, anything else wrapped with its cause.
    init(wrapping error: any Error) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let database = error as? DatabaseError else {
            self.init(.databaseFailed, "the database operation failed: \(error)", cause: error)
            return
        }
        let detail = database.message ?? "\(database.resultCode)"
        switch database.resultCode.primaryResultCode {
        case .SQLITE_FULL:
            self.init(.full, "the database cannot grow (\(detail)): free disk space, then send again", cause: error)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self.init(
                .busy, "the database stayed locked by another process past the busy timeout (\(detail)); try again",
                cause: error)
        case .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_NOMEM:
            self.init(
                .ioFailure, "the database file could not be used (\(detail)): check the disk and the file's permissions",
                cause: error)
        default:
            self.init(.databaseFailed, "the database failed: \(detail)", cause: error)
        }
    }
}
