import ArgumentParser
import Foundation
import ModGateAPI

/// `modgate queue triage`: one held message at a time, decided with a key (or a line from a pipe).
struct QueueTriage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Work the queue one message at a time: a approve, r reject, s skip, m mute, q quit, ? help.",
        discussion: """
            Each item is claimed before it is shown, so two moderators triaging at once do not get the same one; \
            items someone else holds are passed over. In a terminal single keys decide; when standard input is \
            not a terminal the same questions are asked as lines ("approve/reject/skip/mute/quit [a/r/s/m/q]: "), \
            so a pipe can drive it. When the list is done the queue is fetched again for new items. Ends with \
            "approved N, rejected N, skipped N".
            """
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var filters: QueueFilters

    @Option(help: "How long each claim lasts: skipped items stay yours this long.")
    var lease: String = "5m"

    func validate() throws {
        try When.checkLease(lease)
    }

    func run() async throws {
        try await server.withClient { client in
            let input = TriageInput()
            var session = TriageSession()
            defer { input.cooked() }
            do {
                try await triage(client, input, &session)
            } catch {
                input.cooked()
                say(session.summary)
                throw error
            }
            input.cooked()
            say(session.summary)
        }
    }

    private func triage(_ client: AdminClient, _ input: TriageInput, _ session: inout TriageSession) async throws {
        let keys = input.interactive
        let color = colorWanted()
        var seen = Set<Int64>()
        var shown = 0
        while session.phase != .finished {
            let (_, items) = try await fetchQueue(client, filters, limit: 100)
            let fresh = items.filter { !seen.contains($0.id) }
            if fresh.isEmpty {
                say(shown == 0 ? "no held messages" + (filters.isEmpty ? "" : " match") : "the queue is done")
                session.finish()
                break
            }
            for (index, item) in fresh.enumerated() where session.phase != .finished {
                seen.insert(item.id)
                let detail: QueueDetail
                do {
                    detail = try await client.call(notFound: notHeld(item.id)) { api in
                        _ = try await api.claimQueueItem(path: .init(id: item.id), body: .json(.init(lease: lease))).ok
                        return try await api.getQueueItem(path: .init(id: item.id)).ok.body.json
                    }
                } catch let error as AdminError where error.kind == .conflict || error.kind == .notFound {
                    say("#\(item.id): \(error.message); next")
                    continue
                }
                shown += 1
                let renderer = AdminRenderer(now: Date().timeIntervalSince1970, color: color)
                say("")
                for line in renderer.detail(detail, position: "\(index + 1)/\(fresh.count)") { say(line) }
                session.user = item.user
                try await decideOne(item, client, input, keys: keys, &session)
            }
        }
    }

    /// Asks until the item is decided or skipped, or the session ends.
    private func decideOne(_ item: QueueItem, _ client: AdminClient, _ input: TriageInput, keys: Bool, _ session: inout TriageSession) async throws {
        while true {
            say(session.prompt(keys: keys), newline: false)
            let action: TriageSession.Action
            if keys, session.phase == .choosing {
                let key = input.key()
                action = key.map { session.press($0) } ?? session.enter(nil)
                say(Self.echo(action))
            } else {
                let line = input.line()
                if line == nil || !keys { say("") }
                action = session.enter(line)
            }
            switch action {
            case .approve:
                let approve = { @Sendable (api: Client) in _ = try await api.approveQueueItem(path: .init(id: item.id)).ok }
                if await perform(client, approve, item, &session) {
                    session.record(.approved)
                    say("approved #\(item.id)")
                }
                return
            case .reject(let reason):
                let reject = { @Sendable (api: Client) in
                    _ = try await api.rejectQueueItem(path: .init(id: item.id), body: .json(.init(reason: reason))).ok
                }
                if await perform(client, reject, item, &session) {
                    session.record(.rejected)
                    say("rejected #\(item.id)")
                }
                return
            case .skip:
                session.record(.skipped)
                say("skipped #\(item.id)")
                return
            case .mute(let duration):
                let body = Operations.MuteUser.Input.Body.JsonPayload(_for: duration, reason: "muted in triage of message \(item.id)")
                do {
                    _ = try await client.call(notFound: "no user \(item.user)") { api in
                        try await api.muteUser(path: .init(id: item.user), body: .json(body)).ok
                    }
                    session.record(.muted)
                    say("muted \(TextLayout.sanitize(item.user)) for \(duration); now decide #\(item.id)")
                } catch let error as AdminError where error.kind != .unreachable {
                    say("error: \(error.message)")
                }
            case .ask: continue
            case .help: say(TriageSession.help)
            case .invalid(let message): if !message.isEmpty { say(message) }
            case .quit: return
            }
        }
    }

    /// Sends a decision; a conflict or a vanished item is reported and counted, not fatal.
    private func perform(
        _ client: AdminClient, _ decision: (Client) async throws -> Void, _ item: QueueItem, _ session: inout TriageSession
    ) async -> Bool {
        do {
            try await client.call(notFound: notHeld(item.id), decision)
            return true
        } catch {
            say("error: #\(item.id): \((error as? AdminError)?.message ?? String(describing: error))")
            session.record(.failed)
            return false
        }
    }

    /// What a key did, echoed after the prompt.
    static func echo(_ action: TriageSession.Action) -> String {
        switch action {
        case .approve: "approve"
        case .reject: "reject"
        case .skip: "skip"
        case .mute: "mute"
        case .ask(let prompt): prompt.hasPrefix("reason") ? "reject" : "mute"
        case .help: "?"
        case .invalid: ""
        case .quit: "quit"
        }
    }
}
