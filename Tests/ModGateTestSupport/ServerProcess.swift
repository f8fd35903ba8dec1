import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `modgate serve` as a child process on a free loopback port, its output in files of a folder.
public struct ServerProcess: @unchecked Sendable {
    public let port: Int
    public let process: Process
    private let errorLog: URL

    /// Starts `modgate serve arguments --port PORT` in `directory`, writing its output beside `logs`; on a free
    /// port unless `port` is given (a restart), and then after what the port's earlier server wrote.
    public init(
        _ arguments: [String], logs: URL, environment: [String: String]? = nil, in directory: URL = packageRoot, port fixed: Int? = nil
    ) throws {
        port = try fixed ?? freePort()
        process = Process()
        process.executableURL = try modgateBinary()
        process.arguments = ["serve"] + arguments + ["--port", "\(port)"]
        if let environment { process.environment = environment }
        process.currentDirectoryURL = directory
        let output = logs.appendingPathComponent("serve-\(port).out")
        errorLog = logs.appendingPathComponent("serve-\(port).err")
        process.standardOutput = try Self.appending(to: output)
        process.standardError = try Self.appending(to: errorLog)
        try process.run()
    }

    private static func appending(to file: URL) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        return handle
    }

    /// The base URL of its HTTP API.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// What the server has logged so far.
    public var log: String { (try? String(contentsOf: errorLog, encoding: .utf8)) ?? "" }

    /// Waits until the server accepts connections, for at most `limit`.
    public func waitUntilListening(within limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while !Self.accepts(port) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                Issue.record("modgate serve did not listen on port \(port) within \(limit); it logged:\n\(log)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Ends the server at once, as a crash would.
    public func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Asks the server to shut down (SIGTERM) and waits for it; kills it if it takes longer than `limit`.
    public func stop(within limit: Duration = .seconds(30)) async {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGTERM)
        do { try await waitForExit(within: limit) } catch {
            Issue.record("modgate serve did not stop within \(limit) of SIGTERM; killed")
            kill()
        }
    }

    /// Waits for the process to end, for at most `limit`.
    public func waitForExit(within limit: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Whether something accepts TCP connections on loopback `port`.
    private static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// A token that `modgate token issue` signs with the secret kept in `database`.
public func issueToken(user: String, role: String = "member", database: String) throws -> String {
    let issued = try modgate(["token", "issue", "--user", user, "--role", role, "--db", database])
    try #require(issued.status == 0, "modgate token issue failed: \(issued.stderr)")
    return issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}
