import Foundation
import Hummingbird
import HummingbirdTesting
import ModGateChain
import ModGateServer
import ModGateStorage
import ModGateStore
import Testing

/// A refused sender (muted, banned, rate-limited) costs the store a bounded amount per window, however fast it sends.
@Suite(.timeLimit(.minutes(2)))
struct RefusalTests {
    /// A harness that stores three refusals per sender per minute.
    private func harness() throws -> GatewayHarness {
        var harness = try GatewayHarness.quiet()
        harness.config.refusals.stored = 3
        return harness
    }

    @Test func aMutedClientPipeliningSendsLeavesThreeRowsAndOneCount() async throws {
        let harness = try harness()
        try await harness.run { session in
            #expect(try await session.post("/v1/admin/users/alice/mute", as: "mod", #"{"for":"10m"}"#).status == .ok)
            try await session.socket("alice") { alice in
                for index in 0..<200 {
                    try await alice.send(#"{"op":"send","room":"lobby","text":"\#(String(repeating: "x", count: 4000))","cid":"\#(index)"}"#)
                }
                var acks: [[String: any Sendable]] = []
                for _ in 0..<200 { acks.append(try await alice.next(op: "ack")) }
                #expect(acks.allSatisfy { $0["status"] as? String == "rejected" && ($0["retry_after"] as? Double ?? 0) > 500 })
                #expect(acks.map { $0["cid"] as? String } == (0..<200).map { "\($0)" })
                // The first three are stored (they have an id); the rest are counted and carry none.
                #expect(acks.prefix(3).allSatisfy { $0["id"] != nil })
                #expect(acks.dropFirst(3).allSatisfy { $0["id"] == nil && $0["reason"] as? String != nil })
            }
            #expect(try await session.server.gateway.store.userHistory(user: "alice", limit: 1000).count == 3)
            #expect(session.server.gateway.metrics.exposition().contains("modgate_refusals_counted_total 197"))
        } afterwards: { database in
            let audit = try await Store(path: database).auditEntries(limit: 1000)
            #expect(audit.map(\.record.action) == ["user.mute"] + Array(repeating: "verdict.reject", count: 3) + ["refusals.counted"])
            let counted = try #require(audit.last)
            #expect(counted.record.subject == "user:alice")
            #expect(counted.record.rules == ["sanction.muted"])
            #expect(counted.record.details["counted"] == "197")
        }
    }

    @Test func aBannedClientPostingConcurrentlyLeavesABoundedNumberOfRows() async throws {
        let harness = try harness()
        try await harness.run { session in
            #expect(try await session.post("/v1/admin/users/bob/ban", as: "mod", #"{"reason":"spam"}"#).status == .ok)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        try await session.post("/v1/rooms/lobby/messages", as: "bob", role: .member, #"{"text":"let me in"}"#).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 100 && statuses.allSatisfy { $0 == .unprocessableContent })
            #expect(try await session.server.gateway.store.userHistory(user: "bob", limit: 1000).count == 3)
            #expect(try await session.server.gateway.store.auditEntries(after: 0, limit: 1000).count == 4)
        }
    }

    @Test func rateLimitRefusalsAreBoundedToo() async throws {
        var harness = try harness()
        var limits = RateLimitSettings()
        limits.user = GCRA(count: 1, period: 60, burst: 1)
        limits.escalation = nil
        harness.config.chain.rateLimits = limits
        try await harness.run { session in
            try await session.socket("carol") { carol in
                for index in 0..<50 { try await carol.send(#"{"op":"send","room":"lobby","text":"hi \#(index)","cid":"\#(index)"}"#) }
                var acks: [[String: any Sendable]] = []
                for _ in 0..<50 { acks.append(try await carol.next(op: "ack")) }
                #expect(acks.map { $0["status"] as? String } == ["delivered"] + Array(repeating: "rejected", count: 49))
                #expect(acks.filter { $0["id"] != nil }.count == 4)
            }
            #expect(try await session.server.gateway.store.userHistory(user: "carol", limit: 1000).count == 4)
        }
    }
}
