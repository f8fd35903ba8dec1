import Foundation
import ModGateStorage

/// Files that hold secrets (the database with its token secret, the WAL and SHM files beside it, the audit key):
/// created readable by their owner only, and checked for anyone else's access.
public enum PrivateFile {
    /// The database and the files SQLite keeps beside it.
    public static func database(_ path: String) -> [String] { [path, path + "-wal", path + "-shm"] }

    /// Creates the database `path` with mode 0600 unless it exists, then refuses it (unless `allowReadable`) when
    /// group or others may access it or the audit key. SQLite gives the WAL and SHM files it creates the database
    /// file's mode, so a database created here stays private with its companions.
    static func prepare(database path: String, auditKey: String, allowReadable: Bool) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw StoreError(.ioFailure, "cannot create the database '\(path)': \(String(cString: strerror(errno)))")
        }
        let exposed = FileExposure.exposed(database(path) + [auditKey])
        guard allowReadable || exposed.isEmpty else {
            throw StoreError(
                .unsafePermissions,
                "other users can read \(exposed.joined(separator: ", ")), which hold the token secret and the audit key: "
                    + "run chmod 600 on them, or set store.allow_readable: true (modgate serve --allow-readable-db) to open them anyway")
        }
    }
}
