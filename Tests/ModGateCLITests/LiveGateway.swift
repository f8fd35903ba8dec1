import Foundation
import ModGateTestSupport
import Synchronization
import Testing

/// `modgate serve` as a child process with one rule that holds "holdme" and every other stage off, and
/// the `modgate` commands a moderator runs against it.
struct LiveGateway: Sendable {
    let scratch: Scratch
    let server: ServerProcess
    /// A moderator token for `mod`.
    let moderator: String

    var database: String { scratch.path("modgate.db") }
    var rules: String { scratch.path("rules") }

    static let holdRule = """
        rules:
          - id: test.hold
            patterns: ['\\bholdme\\b']
            action: hold
            reason: Held for review.
        """

    static func start() async throws -> LiveGateway {
        let scratch = try files()
        let server = try serve(in: scratch)
        try await server.waitUntilListening()
        let moderator = try issueToken(user: "mod", role: "moderator", database: scratch.path("modgate.db"))
        return LiveGateway(scratch: scratch, server: server, moderator: moderator)
    }

    /// A folder with the hold rule and a config that turns every other stage off.
    static func files() throws -> Scratch {
        try Scratch([
            "rules/test.yaml": holdRule,
            "modgate.yaml": """
            rate_limits: { enabled: false }
            flood: { enabled: false }
            raid: { enabled: false }
            spam: { enabled: false }
            reputation: { enabled: false }
            """,
        ])
    }

    /// Starts `modgate serve` on the files of `scratch` (its database kept there), on a free port.
    static func serve(in scratch: Scratch) throws -> ServerProcess {
        try ServerProcess(
            ["--config", scratch.path("modgate.yaml"), "--db", scratch.path("modgate.db"), "--rules", scratch.path("rules")],
            logs: scratch.url, environment: cleanEnvironment)
    }

    /// `modgate arguments --server URL --token TOKEN` (the moderator's token unless another is given).
    func cli(_ arguments: [String], token: String? = nil) throws -> RunResult {
        try modgate(arguments + ["--server", server.url, "--token", token ?? moderator], environment: cleanEnvironment)
    }

    /// `cli` for a command whose `--json` output is one array of objects.
    func json(_ arguments: [String], token: String? = nil) throws -> [[String: Any]] {
        let result = try cli(arguments + ["--json"], token: token)
        try #require(result.status == 0, "modgate \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    func token(_ user: String, role: String = "member") throws -> String {
        try issueToken(user: user, role: role, database: database)
    }

    /// Sends `texts` to `room` as `user` over a WebSocket; the message ids from the acks, in order.
    func send(_ texts: [String], to room: String = "lobby", as user: String = "alice") async throws -> [Int64] {
        let ids = Mutex<[Int64]>([])
        // Each call's cids are new: a cid the user sent before would answer that earlier message.
        let batch = UUID().uuidString
        try await webSocket(port: server.port, token: try token(user)) { socket in
            for (index, text) in texts.enumerated() {
                try await socket.send(#"{"op":"send","room":"\#(room)","text":"\#(text)","cid":"\#(batch)-\#(index)"}"#)
            }
            for _ in texts {
                let id = Int64(try #require(try await socket.next(op: "ack")["id"] as? Int))
                ids.withLock { $0.append(id) }
            }
        }
        return ids.withLock { $0 }
    }

    func stop() async { await server.stop() }
}
