import ArgumentParser
import Foundation

/// `modgate call ...`: the calls ringing or up on a running gateway.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call", abstract: "List the live calls of a running gateway and end one.",
        subcommands: [CallList.self, CallEnd.self])
}

struct CallList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The calls ringing or connected, oldest first.")

    @OptionGroup var server: ServerOptions

    @Flag(help: "Print the gateway's JSON object instead of a table.")
    var json = false

    func run() async throws {
        try await admin {
            let client = try server.client()
            let data = try await client.get("/v1/admin/calls")
            if json { return printJSON(data) }
            let calls = try client.decode(LiveCalls.self, from: data).calls
            guard !calls.isEmpty else { return say("no live calls") }
            for line in AdminRenderer(now: Date().timeIntervalSince1970, color: false).callTable(calls) { say(line) }
        }
    }
}

struct CallEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end", abstract: "End a call: both parties hear a hangup 'ended_by_moderator'.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "The call id, as `modgate call list` shows it.")
    var id: String

    @Option(help: "Why (kept in the audit log).")
    var reason: String?

    func run() async throws {
        try await admin {
            var body: [String: any Sendable] = [:]
            if let reason { body["reason"] = reason }
            let path = "/v1/admin/calls/\(QueueTriage.pathComponent(id))/end"
            _ = try await server.client().post(path, body: body, notFound: "no call \(TextLayout.sanitize(id)) is up")
            say("ended call \(TextLayout.sanitize(id))")
        }
    }
}

/// `GET /v1/admin/calls`.
struct LiveCalls: Decodable {
    var calls: [LiveCallRow]
}

struct LiveCallRow: Decodable, Equatable {
    var callID: String
    var room: String
    var caller: String
    var callee: String
    var state: String
    var invited: Double
    var answered: Double?

    enum CodingKeys: String, CodingKey {
        case room, caller, callee, state, invited, answered
        case callID = "call_id"
    }
}

extension AdminRenderer {
    static let callColumns: [Table.Column] = [
        .init(title: "CALL", width: 16), .init(title: "ROOM", width: 12), .init(title: "CALLER", width: 12),
        .init(title: "CALLEE", width: 12), .init(title: "STATE", width: 9), .init(title: "FOR", width: 0),
    ]

    /// Live calls as a table: how long each has rung or been connected.
    func callTable(_ calls: [LiveCallRow]) -> [String] {
        Table(columns: Self.callColumns, width: width).render(calls.map { call in
            [call.callID, call.room, call.caller, call.callee, call.state, When.amount(max(0, now - (call.answered ?? call.invited)))]
        })
    }
}
