import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A helper program (a Python client) that talks to its test in JSON lines: the test writes lines to its standard
/// input, it prints one JSON object per line. A run that outlives its time limit is killed and recorded as an issue.
/// One task reads it at a time.
public final class ScriptProcess: @unchecked Sendable {
    private let process: Process
    private let input: FileHandle
    private var lines: AsyncStream<String>.Iterator
    private let errorLog: URL

    /// Starts `executable arguments`, its standard error in `logs`; killed after `timeLimit`.
    public init(_ executable: String, _ arguments: [String], logs: URL, timeLimit: Duration) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        errorLog = logs.appendingPathComponent("script-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        input = stdin.fileHandleForWriting
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        self.lines = lines.makeAsyncIterator()
        let pending = Mutex(Data())
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else {
                handle.readabilityHandler = nil
                continuation.finish()
                return
            }
            let complete: [String] = pending.withLock { buffer in
                buffer.append(chunk)
                var found: [String] = []
                while let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    found.append(String(decoding: buffer[buffer.startIndex..<end], as: UTF8.self))
                    buffer.removeSubrange(buffer.startIndex...end)
                }
                return found
            }
            for line in complete { continuation.yield(line) }
        }
        try process.run()
        let process = process
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit.timeInterval) {
            guard process.isRunning else { return }
            Self.kill(process)
            Issue.record("\(executable) \(arguments.joined(separator: " ")) ran longer than \(timeLimit) and was killed")
        }
    }

    /// Writes `object` as one JSON line to the program's standard input.
    public func tell(_ object: [String: Any]) throws {
        var line = try JSONSerialization.data(withJSONObject: object)
        line.append(UInt8(ascii: "\n"))
        try input.write(contentsOf: line)
    }

    /// The next JSON object the program printed; nil once it has ended. Lines that are not JSON objects are skipped.
    public func next() async -> [String: Any]? {
        while let line = await lines.next() {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] { return object }
        }
        return nil
    }

    /// What the program wrote to standard error.
    public var errors: String { (try? String(contentsOf: errorLog, encoding: .utf8)) ?? "" }

    /// Closes the program's input and waits until it has ended (its output closes), within its time limit.
    public func finish() async {
        try? input.close()
        while await next() != nil {}
    }

    /// Kills the program if it still runs.
    public func end() {
        try? input.close()
        if process.isRunning { Self.kill(process) }
    }

    /// Kills `process` and its process group: a program that makes itself a group leader (`os.setpgrp()`) takes
    /// the programs it started (a browser and its driver) with it.
    private static func kill(_ process: Process) {
        Glibc.kill(-process.processIdentifier, SIGKILL)
        Glibc.kill(process.processIdentifier, SIGKILL)
    }
}
