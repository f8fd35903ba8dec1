import ModGateStorage
import PostgresNIO

extension StoreError {
    /// `error` as the PostgreSQL store reports it: a store error as it is, anything else wrapped with its cause and a
    /// code that says whether trying again can help. Messages name the server by `location`, never its password.
    init(postgres error: any Error, location: String) {
        if let error = error as? StoreError {
            self = error
            return
        }
        // A failed transaction: what failed first (BEGIN, the body or COMMIT) says why; a rollback's failure follows.
        if let transaction = error as? PostgresTransactionError,
            let first = transaction.beginError ?? transaction.closureError ?? transaction.commitError
        {
            self.init(postgres: first, location: location)
            return
        }
        guard let psql = error as? PSQLError else {
            self.init(.databaseFailed, "the PostgreSQL operation failed: \(error)", cause: error)
            return
        }
        guard psql.code == .server, let state = psql.serverInfo?[.sqlState] else {
            self.init(
                .ioFailure, "cannot use the PostgreSQL server at \(location) (\(psql.code)): check that it runs and is reachable",
                cause: error)
            return
        }
        let detail = "\(psql.serverInfo?[.message] ?? "no message"), SQLSTATE \(state)"
        switch state {
        case "53100":
            self.init(.full, "the PostgreSQL server's disk is full (\(detail)): free disk space, then send again", cause: error)
        case "40001", "40P01", "55P03", "57014":
            self.init(.busy, "PostgreSQL gave up waiting for a lock (\(detail)); try again", cause: error)
        case _ where state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P"):
            self.init(
                .ioFailure, "the PostgreSQL server at \(location) is unavailable (\(detail)): check that it runs and accepts connections",
                cause: error)
        default:
            self.init(.databaseFailed, "PostgreSQL failed (\(detail))", cause: error)
        }
    }
}
