import Foundation
import ModGateCore
import ModGateRules

/// A rules directory in the temporary folder, removed when the test lets go of it.
final class RulesDirectory {
    let path: String

    /// Writes `files` (name to contents; names may contain subfolders).
    init(_ files: [String: String] = [:]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("modgate-rules-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, contents) in files { try write(name, contents) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The full path of `name`, as problems name it.
    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: file(name))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }

    func load(layout: ScanLayout = .shared) throws(RulesError) -> RuleSet { try RulesLoader.load(directory: path, layout: layout) }

    /// Every problem loading reports; empty when the directory loads.
    func problems() -> [RulesProblem] {
        do {
            _ = try load()
            return []
        } catch {
            return error.problems
        }
    }
}

/// A rules directory holding one `rules.yaml`, loaded.
func ruleSet(_ yaml: String, layout: ScanLayout = .shared) throws -> RuleSet {
    try RulesDirectory(["rules.yaml": yaml]).load(layout: layout)
}

/// A message with the given text and sender context.
func message(
    _ text: String, userName: String? = nil, room: String = "lobby", reputation: Double? = nil, accountAge: Double? = nil
) -> Message {
    Message(
        text: text,
        context: MessageContext(
            user: "u1", userName: userName, room: room, time: 0, accountAge: accountAge, reputation: reputation))
}

extension RuleSet {
    /// The ids of the rules that fire on `message`.
    func firing(_ message: Message) -> [String] { evaluate(message).map(\.rule) }
}
