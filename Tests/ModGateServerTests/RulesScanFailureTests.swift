import Foundation
import ModGateChain
import ModGateServer
import Testing

/// A rules scan that fails on a live gateway holds the message (the default fallback) and is counted.
@Suite(.timeLimit(.minutes(2)))
struct RulesScanFailureTests {
    @Test func aFailedScanHoldsTheMessageAndCountsIt() async throws {
        try await GatewayHarness.quiet().run { session in
            session.server.gateway.chain.rules.rules.failScans(1)
            let held = try JSONValue(try await session.post("/v1/rooms/lobby/messages", as: "alice", role: .member, #"{"text":"hello"}"#))
            #expect(held["status"].string == "held")
            let delivered = try JSONValue(try await session.post("/v1/rooms/lobby/messages", as: "alice", role: .member, #"{"text":"hello"}"#))
            #expect(delivered["status"].string == "delivered")
            let metrics = String(buffer: try await session.request("/metrics").body)
            #expect(metrics.contains(#"modgate_stage_fallbacks_total{stage="rules"} 1"#), "\(metrics)")
            let item = try JSONValue(try await session.request("/v1/admin/queue", user: "mod", role: .moderator)).array.first
            #expect(item?["rules"].array.compactMap(\.string) == ["rules.scan_failed"])
        }
    }
}
