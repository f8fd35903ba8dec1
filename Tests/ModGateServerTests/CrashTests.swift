import Foundation
import HummingbirdTesting
import ModGateTestSupport
import Synchronization
import Testing

/// The durability promise against the real binary: SIGKILL mid-stream loses no acked message, and the
/// rooms come back gapless and in order.
@Suite(.timeLimit(.minutes(2)))
struct CrashTests {
    /// An ack as a sender saw it.
    /// What the senders share while they stream.
    final class Progress: Sendable {
        let acked = Mutex<[Acked]>([])
        let killed = Atomic<Bool>(false)
    }

    struct Acked: Sendable {
        var room: String
        var id: Int64
        var text: String
    }

    @Test func killedMidStreamLosesNoAckedMessage() async throws {
        let folder = try Folder()
        var server = try ServerProcess(folder.serveArguments, logs: folder.url)
        try await server.waitUntilListening()
        let token = try issueToken(user: "alice", database: folder.database)
        let progress = Progress()

        // Three senders, two of them in one room, each sending as fast as the gateway reads; SIGKILL after 200 acks.
        let senders = [("s1", "crash-a"), ("s2", "crash-a"), ("s3", "crash-b")]
        await withTaskGroup(of: Void.self) { group in
            for (name, room) in senders {
                group.addTask { [server] in
                    _ = try? await webSocket(port: server.port, token: token) { socket in
                        try await Self.stream(name: name, room: room, socket: socket) { ack in
                            let count = progress.acked.withLock { acks in
                                acks.append(ack)
                                return acks.count
                            }
                            if count == 200, !progress.killed.exchange(true, ordering: .relaxed) { server.kill() }
                        }
                    }
                }
            }
        }
        let wasKilled = progress.killed.load(ordering: .relaxed)
        #expect(wasKilled)
        server.kill()
        try await server.waitForExit()
        let acks = progress.acked.withLock { $0 }
        #expect(acks.count >= 200)

        server = try ServerProcess(folder.serveArguments, logs: folder.url)
        defer { server.kill() }
        try await server.waitUntilListening()
        for room in ["crash-a", "crash-b"] {
            let stored = try await Self.history(room: room, port: server.port, token: token)
            #expect(stored.map(\.seq) == Array(stride(from: 1, through: Int64(stored.count), by: 1)), "gap in \(room)")
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) })
            var lastSeq: [String: Int64] = [:]
            for ack in acks where ack.room == room {
                guard let message = byID[ack.id] else {
                    Issue.record("acked message \(ack.id) '\(ack.text)' in \(room) is lost")
                    continue
                }
                #expect(message.text == ack.text)
                // One sender's messages keep the order in which they were acked.
                let sender = String(ack.text.prefix(while: { $0 != "-" }))
                #expect(message.seq > lastSeq[sender, default: 0])
                lastSeq[sender] = message.seq
            }
            let since = Int64(stored.count / 2)
            let resumed = try await Self.resume(room: room, since: since, port: server.port, token: token)
            #expect(resumed == Array(stored.map(\.seq).dropFirst(Int(since))) + [Int64(stored.count) + 1])
        }
    }

    /// Sends numbered messages until the connection dies, reporting each delivered ack.
    static func stream(name: String, room: String, socket: Socket, acked: @escaping @Sendable (Acked) -> Void) async throws {
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for index in 1...5000 {
                    let text = "\(name)-\(index)"
                    try await socket.send(#"{"op":"send","room":"\#(room)","text":"\#(text)","cid":"\#(text)"}"#)
                }
            }
            while let frame = try? await socket.nextOrEnd() {
                guard frame["op"] as? String == "ack", frame["status"] as? String == "delivered",
                    let id = frame["id"] as? Int, let cid = frame["cid"] as? String
                else { continue }
                acked(Acked(room: room, id: Int64(id), text: cid))
            }
            group.cancelAll()
        }
    }

    struct Stored: Decodable {
        var id: Int64
        var seq: Int64
        var text: String
    }

    /// Every visible message of `room`, paging through GET /v1/rooms/{room}/messages.
    static func history(room: String, port: Int, token: String) async throws -> [Stored] {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            var messages: [Stored] = []
            while true {
                let since = messages.last?.seq ?? 0
                let response = try await client.get(
                    "/v1/rooms/\(room)/messages?since=\(since)&limit=100", headers: [.authorization: "Bearer \(token)"])
                #expect(response.status == .ok)
                let page = try JSONDecoder().decode([Stored].self, from: Data(buffer: try #require(response.body)))
                messages += page
                if page.count < 100 { return messages }
            }
        }
    }

    /// The seqs a WebSocket resume from `since` receives, then the seq of one live message sent after it.
    static func resume(room: String, since: Int64, port: Int, token: String) async throws -> [Int64] {
        let seqs = Mutex<[Int64]>([])
        try await webSocket(port: port, token: token) { socket in
            try await socket.send(#"{"op":"subscribe","room":"\#(room)","since":\#(since)}"#)
            try await socket.send(#"{"op":"send","room":"\#(room)","text":"after the crash","cid":"live-\#(room)"}"#)
            while true {
                let frame = try await socket.next()
                guard frame["op"] as? String == "msg", let seq = frame["seq"] as? Int else { continue }
                seqs.withLock { $0.append(Int64(seq)) }
                if frame["text"] as? String == "after the crash" { return }
            }
        }
        return seqs.withLock { $0 }
    }
}

/// A temporary folder with rules, a config turning off every stage but the rules, and room for the database.
final class Folder: Sendable {
    let url: URL
    var database: String { url.appendingPathComponent("modgate.db").path }
    var config: String { url.appendingPathComponent("modgate.yaml").path }
    var rules: String { url.appendingPathComponent("rules").path }
    /// The arguments of `modgate serve` for this folder.
    var serveArguments: [String] { ["--config", config, "--db", database, "--rules", rules] }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("modgate-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: url.appendingPathComponent("rules").path, withIntermediateDirectories: true)
        try "rules:\n  - id: test.reject\n    patterns: ['\\brejectme\\b']\n    action: reject\n"
            .write(toFile: url.appendingPathComponent("rules/test.yaml").path, atomically: true, encoding: .utf8)
        try """
            rate_limits: { enabled: false }
            flood: { enabled: false }
            raid: { enabled: false }
            spam: { enabled: false }
            reputation: { enabled: false }
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
