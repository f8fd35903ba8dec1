import ArgumentParser
import Foundation
import ModGateAPI

/// `modgate queue ...`: the review queue of a running gateway.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Work the review queue of a running gateway.",
        subcommands: [QueueList.self, QueueShow.self, QueueClaim.self, QueueApprove.self, QueueReject.self, QueueTriage.self]
    )
}

/// The filters `list`, `triage` and `approve|reject --all` share.
struct QueueFilters: ParsableArguments {
    @Option(help: "Only this room.")
    var room: String?

    @Option(help: "Only items this rule fired on.")
    var rule: String?

    @Option(help: "Only this sender.")
    var user: String?

    @Option(name: .customLong("older-than"), help: ArgumentHelp("Only items held at least this long ago: 10m, 2h, 7d.", valueName: "duration"))
    var olderThan: String?

    var isEmpty: Bool { room == nil && rule == nil && user == nil && olderThan == nil }

    func validate() throws {
        if let olderThan { _ = try When.duration(olderThan, option: "--older-than") }
    }

    func query(status: Components.Schemas.ReviewStatus, limit: Int) -> Operations.ListQueue.Input.Query {
        .init(room: room, rule: rule, user: user, olderThan: olderThan, status: status, limit: limit)
    }
}

/// `GET /v1/admin/queue` with filters: the items, and the answer's bytes.
func fetchQueue(_ client: AdminClient, _ filters: QueueFilters, status: Components.Schemas.ReviewStatus = .pending, limit: Int)
    async throws -> (Data, [QueueItem])
{
    let (items, data) = try await client.callKeepingBytes { api in
        try await api.listQueue(query: filters.query(status: status, limit: limit)).ok.body.json
    }
    return (data, items)
}

/// Prints the raw JSON answer on one line.
func printJSON(_ data: Data) {
    var text = String(decoding: data, as: UTF8.self)
    while text.last?.isNewline == true { text.removeLast() }
    say(text)
}

struct QueueList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List held messages, oldest first.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var filters: QueueFilters

    @Option(help: "pending (default), approved or rejected.")
    var status: String = "pending"

    @Option(help: "At most this many (1 to 1000).")
    var limit: Int = 100

    @Flag(help: "Print the gateway's JSON array instead of a table.")
    var json = false

    func validate() throws {
        guard ["pending", "approved", "rejected"].contains(status) else {
            throw ValidationError("--status takes pending, approved or rejected")
        }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit takes 1 to 1000") }
    }

    func run() async throws {
        try await server.withClient { client in
            let (data, items) = try await fetchQueue(client, filters, status: .init(rawValue: status) ?? .pending, limit: limit)
            if json { return printJSON(data) }
            guard !items.isEmpty else {
                return say(status == "pending" ? "no held messages" + (filters.isEmpty ? "" : " match") : "no \(status) messages")
            }
            let renderer = AdminRenderer(now: Date().timeIntervalSince1970, color: false)
            for line in renderer.queueTable(items) + renderer.queueFooter(items, limit: limit) { say(line) }
        }
    }
}

/// Parses an item id, or says what one looks like.
func parseID(_ text: String) throws -> Int64 {
    guard let id = Int64(text.hasPrefix("#") ? String(text.dropFirst()) : text), id > 0 else {
        throw ValidationError("'\(text)' is not a message id: ids are whole numbers, as `modgate queue list` shows them")
    }
    return id
}

func notHeld(_ id: Int64) -> String { "no held message with id \(id)" }

struct QueueShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a held message: its text with the matched spans, the rules, the sender's standing and history, and the room before it.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "The message id.")
    var id: String

    @Flag(help: "Print the gateway's JSON object.")
    var json = false

    func validate() throws { _ = try parseID(id) }

    func run() async throws {
        try await server.withClient { client in
            let id = try parseID(id)
            let (detail, data) = try await client.callKeepingBytes(notFound: notHeld(id)) { api in
                try await api.getQueueItem(path: .init(id: id)).ok.body.json
            }
            if json { return printJSON(data) }
            let renderer = AdminRenderer(now: Date().timeIntervalSince1970, color: colorWanted())
            for line in renderer.detail(detail) { say(line) }
        }
    }
}

struct QueueClaim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Claim a held message so other moderators leave it to you for a while.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "The message id.")
    var id: String

    @Option(help: "How long the claim lasts: 5m (default), at most 1h.")
    var lease: String = "5m"

    func validate() throws {
        _ = try parseID(id)
        try When.checkLease(lease)
    }

    func run() async throws {
        try await server.withClient { client in
            let id = try parseID(id)
            let item = try await client.call(notFound: notHeld(id)) { api in
                try await api.claimQueueItem(path: .init(id: id), body: .json(.init(lease: lease))).ok.body.json
            }
            let now = Date().timeIntervalSince1970
            let until = item.claimExpires.map { " until \(When.clock($0)) (\(When.relative($0, now: now)))" } ?? ""
            say("claimed \(id)\(until)")
        }
    }
}

/// What approve and reject share: ids or `--all` with filters.
struct DecisionArguments: ParsableArguments {
    @Argument(help: "Message ids.")
    var ids: [String] = []

    @Flag(help: "Every pending item that matches the filters (all of them without filters).")
    var all = false

    @OptionGroup(title: "Filters for --all") var filters: QueueFilters

    @Option(help: "A note for the audit log and other moderators.")
    var note: String?

    @Flag(name: .shortAndLong, help: "With --all, do not ask for confirmation.")
    var yes = false

    func validate() throws {
        if all, !ids.isEmpty { throw ValidationError("give ids or --all, not both") }
        if !all, ids.isEmpty { throw ValidationError("give one or more message ids, or --all (with --room, --rule, --user, --older-than)") }
        if !all, !filters.isEmpty { throw ValidationError("--room, --rule, --user and --older-than go with --all") }
        for id in ids { _ = try parseID(id) }
    }
}

/// Approves or rejects, one by one for ids, in batches of at most 1000 for `--all`.
func decide(action: Components.Schemas.DecideBody.ActionPayload, _ arguments: DecisionArguments, reason: String?, client: AdminClient)
    async throws
{
    let verb = action == .approve ? "approved" : "rejected"
    var failures = 0
    if !arguments.all {
        let ids = try arguments.ids.map(parseID)
        var done = 0
        for id in ids {
            do {
                let answer = try await client.call(notFound: notHeld(id)) { api in
                    switch action {
                    case .approve: try await api.approveQueueItem(path: .init(id: id), body: .json(.init(note: arguments.note))).ok.body.json
                    case .reject:
                        try await api.rejectQueueItem(path: .init(id: id), body: .json(.init(note: arguments.note, reason: reason))).ok.body.json
                    }
                }
                say("\(verb) \(id)" + (answer.seq.map { " (delivered as seq \($0))" } ?? ""))
                done += 1
            } catch let error as AdminError where error.kind == .notFound || error.kind == .conflict || error.kind == .refused {
                printError("error: \(id): \(error.message)")
                failures += 1
            }
        }
        if ids.count > 1 { say("\(verb) \(done)" + (failures > 0 ? ", \(failures) failed" : "")) }
    } else {
        var seen = Set<Int64>()
        var decided = 0
        var confirmed = arguments.yes || isatty(0) != 1
        while true {
            let (_, items) = try await fetchQueue(client, arguments.filters, limit: 1000)
            let ids = items.map(\.id).filter { !seen.contains($0) }
            if ids.isEmpty { break }
            if !confirmed {
                let count = items.count == 1000 ? "1000 or more" : String(items.count)
                FileHandle.standardError.write(Data("\(action.rawValue) \(count) held message(s)? [y/N] ".utf8))
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                    printError("nothing done")
                    throw ExitCode(2)
                }
                confirmed = true
            }
            seen.formUnion(ids)
            let batch = Components.Schemas.DecideBody(action: action, ids: ids, note: arguments.note, reason: reason)
            let answer = try await client.call { api in try await api.decideQueueItems(body: .json(batch)).ok.body.json }
            decided += answer.decided.count
            for failure in answer.failed {
                printError("error: \(failure.id): \(failure.message)")
            }
            failures += answer.failed.count
            if items.count < 1000 { break }
        }
        if seen.isEmpty {
            say(arguments.filters.isEmpty ? "no held messages" : "no held messages match")
        } else {
            say("\(verb) \(decided)" + (failures > 0 ? ", \(failures) failed" : ""))
        }
    }
    if failures > 0 { throw ExitCode(2) }
}

struct QueueApprove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve held messages: they are delivered to their rooms now.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var decision: DecisionArguments

    func run() async throws {
        try await server.withClient { client in try await decide(action: .approve, decision, reason: nil, client: client) }
    }
}

struct QueueReject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject held messages: they are dropped and their senders told why.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var decision: DecisionArguments

    @Option(help: "The reason the sender is told (default: the verdict's reason).")
    var reason: String?

    func run() async throws {
        try await server.withClient { client in try await decide(action: .reject, decision, reason: reason, client: client) }
    }
}
