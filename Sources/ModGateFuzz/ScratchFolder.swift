import Foundation
import Glibc

/// A folder of this process's own under the temporary directory, for loaders that read files.
struct ScratchFolder: Sendable {
    let path: String

    /// Creates `/tmp/modgate-fuzz-PID/name` afresh, with `files` (name to contents) in it.
    init(_ name: String, files: [String: String] = [:]) {
        path = NSTemporaryDirectory() + "/modgate-fuzz-\(getpid())/\(name)"
        try? FileManager.default.removeItem(atPath: path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for (file, contents) in files { try contents.write(toFile: path + "/" + file, atomically: false, encoding: .utf8) }
        } catch {
            fatalError("fuzz: cannot prepare \(path): \(error)")
        }
    }

    /// Writes `bytes` to `file` in the folder, replacing what was there. Plain POSIX calls: `FileManager`
    /// syncs every file it creates, which made the syncs most of a run's time.
    func write(_ bytes: UnsafeRawBufferPointer, to file: String) {
        let descriptor = open(path + "/" + file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0, bytes.isEmpty || Glibc.write(descriptor, bytes.baseAddress, bytes.count) == bytes.count else {
            fatalError("fuzz: cannot write \(path)/\(file)")
        }
        close(descriptor)
    }
}
