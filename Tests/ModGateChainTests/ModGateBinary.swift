import Foundation
import Testing

/// The built `modgate` binary: next to the test bundle, or in the package's default build folder.
let modgateBinary: URL? = {
    let candidates = [
        Bundle.main.bundleURL.deletingLastPathComponent(),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        packageRoot.appendingPathComponent(".build/debug"),
    ].map { $0.appendingPathComponent("modgate") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// Runs `modgate arguments` with `input` on standard input; returns the exit status and standard output.
func modgate(_ arguments: String..., input: String) throws -> (status: Int32, stdout: String) {
    let binary = try #require(modgateBinary, "build the modgate binary first")
    let io = try TemporaryFolder(["stdin": input, "stdout": ""])
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    // Files rather than pipes: a full pipe cannot block the child while the test waits for it.
    process.standardInput = try FileHandle(forReadingFrom: io.url.appendingPathComponent("stdin"))
    process.standardOutput = try FileHandle(forWritingTo: io.url.appendingPathComponent("stdout"))
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try String(contentsOfFile: io.path("stdout"), encoding: .utf8))
}
