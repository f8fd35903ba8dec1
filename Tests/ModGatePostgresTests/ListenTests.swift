import ModGateCore
import ModGateStorage
import Testing

@testable import ModGatePostgres

@Suite(.postgres, .timeLimit(.minutes(2)))
struct ListenTests {
    /// B hears A's committed notices once A's messages are readable, in commit order, and again after its
    /// connection is killed.
    @Test func noticesFollowCommitsInOrderAndSurviveAReconnect() async throws {
        try await TestDatabase.with { database in
            let (a, b) = (try await database.open(), try await database.open())
            let heard = Recorder<ClusterEvent>()
            // What A's database showed when each notice arrived: the room's last visible seq.
            let seen = Recorder<Seen>()
            let listener = Task {
                try await b.cluster!.listen { event in
                    if case .message(let message) = event, case .committed(let room, _, let last) = message.notice {
                        let visible = (try? await b.messages(in: room, after: last - 1, limit: 1).first?.seq) ?? nil
                        seen.append(Seen(last: last, visible: visible ?? 0))
                    }
                    heard.append(event)
                }
            }
            try await until { heard.all == [.listening] }

            try await withWriter(a, batchSize: 8) { writer in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<100 { group.addTask { _ = try await writer.commit(message("m\(index)")) } }
                    try await group.waitForAll()
                }
            }
            try await until { seen.all.last?.last == 100 }
            let ranges = heard.all.compactMap { event -> (Int64, Int64)? in
                    guard case .message(let message) = event, case .committed("lobby", let first, let last) = message.notice,
                        message.node == a.cluster!.node
                    else { return nil }
                    return (first, last)
                }
            #expect(ranges.first?.0 == 1)
            for (previous, range) in zip(ranges, ranges.dropFirst()) { #expect(range.0 == previous.1 + 1) }
            #expect(seen.all.allSatisfy { $0.visible == $0.last })

            try await TestServer.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND datname = '\(database.name)'")
            try await until { heard.all.filter { $0 == .listening }.count == 2 }
            try await a.cluster!.announce(.rulesReloaded)
            let reloaded = ClusterEvent.message(ClusterMessage(node: a.cluster!.node, notice: .rulesReloaded))
            try await until { heard.all.last == reloaded }
            listener.cancel()
            try await listener.value
            try await a.close()
            try await b.close()
        }
    }

    private struct Seen: Sendable {
        var last: Int64
        var visible: Int64
    }

    /// Waits until `condition` holds, checking every 10 ms.
    private func until(_ condition: () -> Bool) async throws {
        while !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }
}
