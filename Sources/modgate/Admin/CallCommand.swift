import ArgumentParser
import Foundation
import ModGateAPI

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
        try await server.withClient { client in
            let (answer, data) = try await client.callKeepingBytes { api in try await api.listCalls().ok.body.json }
            if json { return printJSON(data) }
            let calls = answer.calls
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
        try await server.withClient { client in
            _ = try await client.call(notFound: "no call \(TextLayout.sanitize(id)) is up") { api in
                try await api.endCall(path: .init(id: id), body: .json(.init(reason: reason))).ok
            }
            say("ended call \(TextLayout.sanitize(id))")
        }
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
            [call.callId, call.room, call.caller, call.callee, call.state.rawValue, When.amount(max(0, now - (call.answered ?? call.invited)))]
        })
    }
}
