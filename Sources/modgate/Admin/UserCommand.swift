import ArgumentParser
import Foundation

/// `modgate user ...`: a user's standing and sanctions on a running gateway.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Look up, mute, ban and unban users of a running gateway.",
        subcommands: [UserShow.self, UserMute.self, UserBan.self, UserUnban.self])
}

private func userPath(_ id: String, _ action: String = "") -> String {
    "/v1/admin/users/\(QueueTriage.pathComponent(id))" + (action.isEmpty ? "" : "/" + action)
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
        try await admin {
            let client = try server.client()
            let data = try await client.get(userPath(id), notFound: noUser(id))
            if json { return printJSON(data) }
            let report = try client.decode(UserReport.self, from: data)
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
        try await admin {
            let client = try server.client()
            var body: [String: any Sendable] = ["for": duration]
            if let reason { body["reason"] = reason }
            let answer = try client.decode(
                SanctionAnswer.self, from: try await client.post(userPath(id, "mute"), body: body, notFound: noUser(id)))
            let until = answer.mutedUntil.map { " until \(When.clock($0))" } ?? ""
            say("muted \(TextLayout.sanitize(id)) for \(duration)\(until)")
        }
    }
}

struct UserBan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ban", abstract: "Ban a user: every message they send is refused until unbanned.")

    @OptionGroup var sanction: SanctionArguments

    func run() async throws {
        try await admin {
            try await sanction.post("ban")
            say("banned \(TextLayout.sanitize(sanction.id))")
        }
    }
}

struct UserUnban: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unban", abstract: "Lift a user's ban and mute.")

    @OptionGroup var sanction: SanctionArguments

    func run() async throws {
        try await admin {
            try await sanction.post("unban")
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

    /// Posts `action` (ban or unban) for the user.
    func post(_ action: String) async throws {
        var body: [String: any Sendable] = [:]
        if let reason { body["reason"] = reason }
        _ = try await server.client().post(userPath(id, action), body: body, notFound: noUser(id))
    }
}

/// `modgate rules reload`: the gateway reloads its rules directory.
struct RulesReload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make a running gateway reload its rules: exit 0, or exit 1 with each problem (the rules in force stay).")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await admin {
            let client = try server.client()
            do {
                let answer = try client.decode(ReloadAnswer.self, from: try await client.post("/v1/admin/rules/reload"))
                var line = "reloaded \(answer.rules) rules"
                if let enabled = answer.enabled, enabled != answer.rules { line += ", \(enabled) enabled" }
                if let digest = answer.digest { line += " (digest \(digest.prefix(12)))" }
                say(line)
            } catch let error as AdminError where error.kind == .refused && error.code == "rules_invalid" {
                for problem in error.problems { say(problem) }
                printError("\(error.problems.count) problem(s); the rules in force stay in force")
                throw ExitCode(1)
            }
        }
    }
}
