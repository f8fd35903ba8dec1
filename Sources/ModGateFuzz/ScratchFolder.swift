import Foundation

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

    /// Writes `bytes` to `file` in the folder, replacing what was there.
    func write(_ bytes: UnsafeRawBufferPointer, to file: String) {
        guard FileManager.default.createFile(atPath: path + "/" + file, contents: Data(bytes)) else {
            fatalError("fuzz: cannot write \(path)/\(file)")
        }
    }
}
