import Foundation
import Testing

/// Runs `executable arguments` to its end and returns its status and output, waiting without holding a thread
/// of the test pool. A run that outlives `timeLimit` is killed and recorded as an issue.
public func runChild(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, in directory: URL = packageRoot,
    timeLimit: Duration = .seconds(120)
) async throws -> RunResult {
    // Files rather than pipes: a full pipe cannot block the child while the test waits for it.
    let io = try Scratch(["stdout": "", "stderr": ""])
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.currentDirectoryURL = directory
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: io.url.appendingPathComponent("stdout"))
    process.standardError = try FileHandle(forWritingTo: io.url.appendingPathComponent("stderr"))
    let status: Int32 = try await withThrowingTaskGroup(of: Int32?.self) { group in
        group.addTask {
            try await withCheckedThrowingContinuation { exited in
                process.terminationHandler = { exited.resume(returning: $0.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    exited.resume(throwing: error)
                }
            }
        }
        group.addTask {
            try? await Task.sleep(for: timeLimit)
            return nil
        }
        if let status = try await group.next() ?? nil {
            group.cancelAll()
            return status
        }
        Issue.record("\(executable) \(arguments.joined(separator: " ")) ran longer than \(timeLimit) and was killed")
        kill(process.processIdentifier, SIGKILL)
        return try await group.next().flatMap { $0 } ?? -1
    }
    return RunResult(
        status: status, stdout: try String(contentsOfFile: io.path("stdout"), encoding: .utf8),
        stderr: try String(contentsOfFile: io.path("stderr"), encoding: .utf8))
}
