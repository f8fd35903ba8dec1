import Foundation
import ModGateAuth
import ModGateTestSupport
import Testing

/// Redacted spans against a live gateway: held, approved, and never in the database files.
@Suite(.timeLimit(.minutes(1)))
struct RedactionTests {
    @Test func anApprovedHeldMessageReachesSubscribersRedactedAndTheNumberIsNeverStored() async throws {
        let harness = try GatewayHarness.quiet()
        try TestRules.card.write(to: harness.rulesFolder.appendingPathComponent("cards.yaml"), atomically: true, encoding: .utf8)
        let database = harness.config.database
        try await harness.run { session in
            try await session.socket("bob") { bob in
                try await bob.join("lobby")
                let held = try await session.hold("holdme my card is 4111 1111 1111 1111 ok")
                let approved = try await session.post("/v1/admin/queue/\(held)/approve", as: "mod", "")
                #expect(approved.status == .ok)
                let message = try await bob.next(op: "msg")
                #expect(message["text"] as? String == "holdme my card is ******************* ok")
            }
            let queue = try JSONValue(try await session.request("/v1/admin/queue?status=approved", user: "mod", role: .moderator))
            #expect(queue.array.first?["text"].string == "holdme my card is ******************* ok")
            for suffix in ["", "-wal"] {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: database + suffix))
                #expect(bytes.range(of: Data("4111 1111".utf8)) == nil, "the card number is in modgate.db\(suffix)")
            }
        }
    }
}
