import Foundation
import ModGateTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

// Glibc's module map leaves out the Unix 98 pseudo-terminal calls; they are in libc.
@_silgen_name("posix_openpt") private func posix_openpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") private func grantpt(_ descriptor: Int32) -> Int32
@_silgen_name("unlockpt") private func unlockpt(_ descriptor: Int32) -> Int32
@_silgen_name("ptsname") private func ptsname(_ descriptor: Int32) -> UnsafeMutablePointer<CChar>?

/// `modgate` run on a pseudo-terminal, as a moderator's terminal would run it: the test types keys
/// and reads what the screen shows.
final class PseudoTerminal {
    private let master: Int32
    private let terminal: FileHandle
    private let process = Process()
    /// Everything the program has written so far.
    private(set) var screen = ""

    init(_ arguments: [String], environment: [String: String]) throws {
        master = posix_openpt(O_RDWR | O_NOCTTY)
        try #require(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0, "no pseudo-terminal")
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        let name = String(cString: try #require(ptsname(master)))
        terminal = try #require(FileHandle(forUpdatingAtPath: name))
        process.executableURL = try modgateBinary()
        process.arguments = arguments
        process.environment = environment
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        close(master)
    }

    /// Types `keys` as a user would.
    func type(_ keys: String) {
        _ = keys.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Reads the screen until `text` has appeared `count` times, for at most 30 seconds.
    func waitFor(_ text: String, count: Int = 1) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while screen.components(separatedBy: text).count - 1 < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("'\(text)' did not appear \(count) time(s); the screen shows:\n\(screen)")
                throw CancellationError()
            }
            if !readAvailable() { try await Task.sleep(for: .milliseconds(20)) }
        }
    }

    /// Waits for the program to exit, reading what remains; its exit status.
    func exitStatus() async throws -> Int32 {
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                Issue.record("the program did not exit; the screen shows:\n\(screen)")
                throw CancellationError()
            }
            if !readAvailable() { try await Task.sleep(for: .milliseconds(20)) }
        }
        while readAvailable() {}
        return process.terminationStatus
    }

    /// The terminal's settings as the program left them.
    var settings: termios {
        var settings = termios()
        tcgetattr(terminal.fileDescriptor, &settings)
        return settings
    }

    /// Appends what is waiting on the master side to `screen`; whether there was anything.
    private func readAvailable() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { return false }
        screen += String(decoding: buffer[..<count], as: UTF8.self)
        return true
    }
}
