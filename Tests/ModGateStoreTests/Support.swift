import Foundation
import GRDB
import ModGateCore
import ModGateStorage
import ModGateTestSupport

@testable import ModGateStore

/// A database file in a fresh temporary folder, removed when the test is done with it.
final class TemporaryDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("modgate.db").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("modgate-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func open(readOnly: Bool = false) throws -> Store {
        try Store(path: path, options: StoreOptions(synchronous: .normal, readOnly: readOnly))
    }

    /// Runs raw SQL through a second connection of its own, as someone tampering with the file would.
    func tamper(_ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
    }
}

/// A verdict with one enforced finding asking for `action`.
func verdict(_ action: Action, rule: String = "test.rule", reason: String = "test reason") -> Verdict {
    guard action != .allow else { return Verdict(action: .allow, score: 0, findings: []) }
    return Verdict(
        action: action, score: 1,
        findings: [Finding(stage: "rules", rule: rule, action: action, score: 1, reason: reason, spans: [0..<2])])
}

func message(
    _ text: String, room: String = "lobby", user: String = "ann", action: Action = .allow, time: Double = 1000,
    cid: String? = nil
) -> NewMessage {
    NewMessage(room: room, user: user, text: text, cid: cid, time: time, verdict: verdict(action))
}

/// Runs `body` with a running writer, then cancels the writer and waits for it to stop.
func withWriter<T: Sendable>(
    _ store: Store, batchSize: Int = 512, _ body: @Sendable (StoreWriter) async throws -> T
) async throws -> T {
    let writer = StoreWriter(store: store, batchSize: batchSize)
    return try await whileRunning(writer.run) { try await body(writer) }
}
