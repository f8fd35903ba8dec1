import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal settings to put back on exit or SIGINT; a global because a signal handler cannot capture.
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var termiosSaved = false

/// Standard input: single keys in a terminal (no echo, no Enter), lines otherwise. Restores the terminal
/// when done, and on SIGINT or SIGTERM before exiting. Switching between keys and lines keeps what was
/// typed ahead, so a reason typed right after `r` is not lost.
final class TriageInput {
    /// Whether standard input is a terminal (single keys) or a pipe or file (lines).
    let interactive: Bool
    private var raw = false

    init() {
        interactive = isatty(0) == 1
        guard interactive, tcgetattr(0, &savedTermios) == 0 else { return }
        termiosSaved = true
        signal(SIGINT) { _ in restoreAndExit() }
        signal(SIGTERM) { _ in restoreAndExit() }
    }

    deinit { cooked() }

    /// One key, in raw mode; nil at end of input. Escape sequences (arrow keys) are swallowed.
    func key() -> Character? {
        guard interactive else { return nil }
        enterRaw()
        while true {
            var byte: UInt8 = 0
            guard read(0, &byte, 1) == 1 else { return nil }
            if byte == 0x1B {
                drainPending()
                continue
            }
            if byte < 0x80 { return Character(Unicode.Scalar(byte)) }
            drainPending()
            return "\u{FFFD}"
        }
    }

    /// One line, echoed and editable (cooked mode); nil at end of input.
    func line() -> String? {
        cooked()
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(0, &byte, 1) == 1 {
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// Puts the terminal back as it was.
    func cooked() {
        guard raw, termiosSaved else { return }
        var settings = savedTermios
        tcsetattr(0, TCSANOW, &settings)
        raw = false
    }

    private func enterRaw() {
        guard !raw, termiosSaved else { return }
        var settings = savedTermios
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(0, TCSANOW, &settings)
        raw = true
    }

    /// Reads and drops whatever else is already waiting (the rest of an escape sequence).
    private func drainPending() {
        var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        var junk = [UInt8](repeating: 0, count: 16)
        while poll(&poller, 1, 30) > 0 {
            guard read(0, &junk, junk.count) > 0 else { return }
        }
    }
}

private func restoreAndExit() {
    if termiosSaved { tcsetattr(0, TCSAFLUSH, &savedTermios) }
    let newline: [UInt8] = [0x0A]
    _ = write(1, newline, 1)
    _exit(130)
}
