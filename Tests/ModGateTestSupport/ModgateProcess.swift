import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The package root, found from this file's path.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The built `modgate` binary: next to the test bundle, or in the package's default build folder.
public func modgateBinary() throws -> URL {
    guard let binary = builtBinary else { throw MissingBinary() }
    return binary
}

private let builtBinary: URL? = {
    let candidates = [
        Bundle.main.bundleURL.deletingLastPathComponent(),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        packageRoot.appendingPathComponent(".build/debug"),
    ].map { $0.appendingPathComponent("modgate") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// Why a test that runs `modgate` could not.
struct MissingBinary: Error, CustomStringConvertible {
    var description: String { "no modgate binary: build it first (swift build --build-tests)" }
}

/// What one run of `modgate` did.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// Standard output's lines, without the empty one after the last newline.
    public var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
}

/// Runs `modgate arguments` in `directory` with `input` on standard input, and `environment` when given.
/// A run that outlives `timeLimit` is killed and recorded as an issue, so a hung child fails its test
/// instead of stalling the whole run.
public func modgate(
    _ arguments: [String], environment: [String: String]? = nil, input: String = "", in directory: URL = packageRoot,
    timeLimit: Duration = .seconds(120)
) throws -> RunResult {
    // Files rather than pipes: a full pipe cannot block the child while the test waits for it.
    let io = try Scratch(["stdin": input, "stdout": "", "stderr": ""])
    let process = Process()
    process.executableURL = try modgateBinary()
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.currentDirectoryURL = directory
    process.standardInput = try FileHandle(forReadingFrom: io.url.appendingPathComponent("stdin"))
    process.standardOutput = try FileHandle(forWritingTo: io.url.appendingPathComponent("stdout"))
    process.standardError = try FileHandle(forWritingTo: io.url.appendingPathComponent("stderr"))
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    if exited.wait(timeout: .now() + timeLimit.timeInterval) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        exited.wait()
        Issue.record("modgate \(arguments.joined(separator: " ")) ran longer than \(timeLimit) and was killed")
    }
    return RunResult(
        status: process.terminationStatus, stdout: try String(contentsOfFile: io.path("stdout"), encoding: .utf8),
        stderr: try String(contentsOfFile: io.path("stderr"), encoding: .utf8))
}

/// `modgate(_:environment:input:in:timeLimit:)` with the arguments listed.
public func modgate(_ arguments: String..., input: String = "", in directory: URL = packageRoot) throws -> RunResult {
    try modgate(arguments, input: input, in: directory)
}

extension Duration {
    /// The duration in seconds, for Dispatch.
    var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
