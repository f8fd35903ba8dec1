import ArgumentParser
import Foundation
import ModGateAPI

/// `modgate user ...`: a user's standing and sanctions on a running gateway.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Look up, mute, ban and unban users of a running gateway.",
        subcommands: [UserShow.self, UserMute.self, UserBan.self, UserUnban.self])
}

private func noUser(_ id: String) -> String { "no user with id \(TextLayout.sanitize(id))" }

struct UserShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A user's trust, sanctions and recent messages with their verdicts.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "The user id.")
    var id: String

    @Flag(help: "Print the gateway's JSON object.")
    var json = false

    func run() async throws {
        try await server.withClient { client in
            let (report, data) = try await client.callKeepingBytes(notFound: noUser(id)) { api in
                try await api.getUser(path: .init(id: id)).ok.body.json
            }
            if json { return printJSON(data) }
            for line in AdminRenderer(now: Date().timeIntervalSince1970, color: false).user(report) { say(line) }
        }
    }
}

struct UserMute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mute", abstract: "Mute a user: their messages are refused until the mute ends.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "The user id.")
    var id: String

    @Option(name: .customLong("for"), help: ArgumentHelp("How long: 10m, 2h, 7d, 2w; at most 365d.", valueName: "duration"))
    var duration: String

    @Option(help: "Why (kept in the audit log).")
    var reason: String?

    func validate() throws {
        _ = try When.duration(duration, option: "--for")
    }

    func run() async throws {
        try await server.withClient { client in
            let answer = try await client.call(notFound: noUser(id)) { api in
                try await api.muteUser(path: .init(id: id), body: .json(.init(_for: duration, reason: reason))).ok.body.json
            }
            let until = " until \(When.clock(answer.mutedUntil))"
            say("muted \(TextLayout.sanitize(id)) for \(duration)\(until)")
        }
    }
}

struct UserBan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ban", abstract: "Ban a user: every message they send is refused until unbanned.")

    @OptionGroup var sanction: SanctionArguments

    func run() async throws {
        try await sanction.server.withClient { client in
            try await sanction.ban(client)
            say("banned \(TextLayout.sanitize(sanction.id))")
        }
    }
}

struct UserUnban: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unban", abstract: "Lift a user's ban and mute.")

    @OptionGroup var sanction: SanctionArguments

    func run() async throws {
        try await sanction.server.withClient { client in
            try await sanction.unban(client)
            say("unbanned \(TextLayout.sanitize(sanction.id)) (no ban, no mute)")
        }
    }
}

/// What `ban` and `unban` take: the gateway, the user and an optional reason.
struct SanctionArguments: ParsableArguments {
    @OptionGroup var server: ServerOptions

    @Argument(help: "The user id.")
    var id: String

    @Option(help: "Why (kept in the audit log).")
    var reason: String?

    func ban(_ client: AdminClient) async throws {
        _ = try await client.call(notFound: noUser(id)) { api in
            try await api.banUser(path: .init(id: id), body: .json(.init(reason: reason))).ok
        }
    }

    func unban(_ client: AdminClient) async throws {
        _ = try await client.call(notFound: noUser(id)) { api in
            try await api.unbanUser(path: .init(id: id), body: .json(.init(reason: reason))).ok
        }
    }
}

/// `modgate rules reload`: the gateway reloads its rules directory.
struct RulesReload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make a running gateway reload its rules: exit 0, or exit 1 with each problem (the rules in force stay).")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await server.withClient { client in
            do {
                let answer = try await client.call { api in try await api.reloadRules().ok.body.json }
                var line = "reloaded \(answer.rules) rules"
                if answer.enabled != answer.rules { line += ", \(answer.enabled) enabled" }
                line += " (digest \(answer.digest.prefix(12)))"
                say(line)
            } catch let error as AdminError where error.kind == .refused && error.code == "rules_invalid" {
                for problem in error.problems { say(problem) }
                printError("\(error.problems.count) problem(s); the rules in force stay in force")
                throw ExitCode(1)
            }
        }
    }
}
