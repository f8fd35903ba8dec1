import Foundation

/// Which files holding secrets (a database, the audit key) others can read.
package enum FileExposure {
    /// The files among `paths` that exist and that group or others may access, each with its mode ("modgate.db (0644)").
    package static func exposed(_ paths: [String]) -> [String] {
        paths.compactMap { path in
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
            return "\(path) (0\(String(info.st_mode & 0o777, radix: 8)))"
        }
    }
}
