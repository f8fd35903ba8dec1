import Foundation
import ModGateCore

/// A message from `user` in `room` at `time`, which is the chain's clock.
func message(
    _ text: String = "hello", user: String = "u1", room: String = "lobby", connection: String? = nil,
    at time: Double = 0, reputation: Double? = nil, accountAge: Double? = nil
) -> Message {
    Message(
        text: text,
        context: MessageContext(
            user: user, room: room, connection: connection, time: time, accountAge: accountAge,
            reputation: reputation))
}

extension ModerationStage {
    /// What this stage adds for `message` after the findings of earlier stages.
    func findings(_ message: Message, after earlier: [Finding] = []) async -> [Finding] {
        var findings = earlier
        await evaluate(message, findings: &findings)
        return Array(findings.dropFirst(earlier.count))
    }
}

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A temporary folder with files in it, removed when the test lets go of it.
final class TemporaryFolder {
    let url: URL

    /// Writes `files` (name to contents; names may contain subfolders).
    init(_ files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("modgate-chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, contents) in files { try write(name, contents) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ contents: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: file, atomically: true, encoding: .utf8)
    }
}
