import Foundation
import Hummingbird
import HummingbirdTesting
import ModGateChain
import ModGateServer
import ModGateTestSupport
import NIOWebSocket
import Testing

/// Sanctions, rules reloads, the audit log and what decisions teach, through the admin API of a real server.
@Suite(.timeLimit(.minutes(2)))
struct AdminUserRulesTests {
    @Test func mutedSendIsRejectedWithTheTimeLeftAndUnbanLiftsIt() async throws {
        try await GatewayHarness.quiet().run { session in
            let muted = try await session.post("/v1/admin/users/alice/mute", as: "mod", #"{"for":"10m","reason":"cool off"}"#)
            #expect(muted.status == .ok)
            #expect(try JSONValue(muted)["muted_until"].double != nil)
            let refused = try await session.post("/v1/rooms/lobby/messages", as: "alice", role: .member, #"{"text":"hi"}"#)
            #expect(refused.status == .unprocessableContent)
            let ack = try JSONValue(refused)
            #expect(ack["status"].string == "rejected")
            let reason = try #require(ack["reason"].string)
            #expect(reason == "You are muted for another 10m." || reason.wholeMatch(of: /You are muted for another 9m \d+s\./) != nil)
            // The time left of a 10-minute mute, with room for a loaded machine between the two requests.
            #expect((300...600).contains(ack["retry_after"].double ?? 0))
            let user = try JSONValue(try await session.request("/v1/admin/users/alice", user: "mod", role: .moderator))
            #expect(user["muted_until"].double != nil)
            #expect(user["history"].array.first?["status"].string == "rejected")

            #expect(try await session.post("/v1/admin/users/alice/unban", as: "mod", "").status == .ok)
            let accepted = try JSONValue(try await session.post("/v1/rooms/lobby/messages", as: "alice", role: .member, #"{"text":"hi"}"#))
            #expect(accepted["status"].string == "delivered")

            #expect(try await session.post("/v1/admin/users/alice/ban", as: "mod", #"{"reason":"spam"}"#).status == .ok)
            let banned = try JSONValue(try await session.post("/v1/rooms/lobby/messages", as: "alice", role: .member, #"{"text":"let me in"}"#))
            #expect(banned["status"].string == "rejected")
            #expect(banned["reason"].string == "You are banned from this chat.")
            // A new WebSocket of hers closes at once (SessionEndTests shows live sockets closing).
            let close = try await session.socket("alice") { (alice: Socket) async throws in
                #expect(try await alice.next(op: "error")["code"] as? String == "user_banned")
            }
            #expect(close?.closeCode == .unknown(4403))
        }
    }

    @Test func brokenRulesAreRefusedWithFileAndLineAndTheOldRulesHold() async throws {
        let harness = try GatewayHarness.quiet()
        let broken = harness.rulesFolder.appendingPathComponent("broken.yaml")
        try await harness.run { session in
            try "rules:\n  - id: broken.one\n    patterns: ['(unclosed']\n    action: hold\n"
                .write(to: broken, atomically: true, encoding: .utf8)
            let refused = try await session.post("/v1/admin/rules/reload", as: "mod", "")
            #expect(refused.status == .unprocessableContent)
            let error = try JSONValue(refused)
            #expect(error["code"].string == "rules_invalid")
            let problem = try #require(error["problems"].array.first?.string)
            #expect(problem.contains("broken.yaml:3:"))
            _ = try await session.hold("holdme still")

            try "rules:\n  - id: fixed.one\n    patterns: ['\\bfreshword\\b']\n    action: hold\n"
                .write(to: broken, atomically: true, encoding: .utf8)
            let reloaded = try await session.post("/v1/admin/rules/reload", as: "mod", "")
            #expect(reloaded.status == .ok)
            let summary = try JSONValue(reloaded)
            #expect(summary["rules"].int == 4)
            #expect(summary["enabled"].int == 4)
            #expect(summary["digest"].string?.isEmpty == false)
            _ = try await session.hold("a freshword here")
        }
    }

    @Test func watcherReloadsAChangedFile() async throws {
        var harness = try GatewayHarness()
        harness.config.rulesWatchInterval = .milliseconds(50)
        let extra = harness.rulesFolder.appendingPathComponent("extra.yaml")
        try await harness.run { session in
            try "rules:\n  - id: extra.watch\n    words: [watchword]\n    action: hold\n"
                .write(to: extra, atomically: true, encoding: .utf8)
            let held = try await session.eventually {
                let verdict = try JSONValue(
                    try await session.request(
                        "/v1/check", method: .post, user: "backend", role: .service,
                        body: #"{"text":"a watchword","user":"alice","room":"lobby"}"#))
                return verdict["verdict"].string == "hold"
            }
            #expect(held)
            let audit = try JSONValue(try await session.request("/v1/admin/audit?limit=1000", user: "mod", role: .moderator))
            let reload = audit.array.last { $0["action"].string == "rules.reload" }
            #expect(reload?["details"]["trigger"].string == "watch")
            #expect(reload?["details"]["digest"].string?.isEmpty == false)
        }
    }

    @Test func auditHasDecisionsSanctionsAndReloads() async throws {
        try await GatewayHarness.quiet().run { session in
            let approved = try await session.hold("holdme one")
            let rejected = try await session.hold("holdme two")
            #expect(try await session.post("/v1/admin/queue/\(approved)/approve", as: "mod", "").status == .ok)
            #expect(try await session.post("/v1/admin/queue/\(rejected)/reject", as: "mod", #"{"note":"no"}"#).status == .ok)
            #expect(try await session.post("/v1/admin/users/alice/mute", as: "mod", #"{"for":"1h"}"#).status == .ok)
            #expect(try await session.post("/v1/admin/rules/reload", as: "mod", "").status == .ok)
            let entries = try JSONValue(try await session.request("/v1/admin/audit?after=0&limit=1000", user: "mod", role: .moderator)).array
            let actions = entries.compactMap { $0["action"].string }
            #expect(actions == ["verdict.hold", "verdict.hold", "review.approve", "review.reject", "user.mute", "rules.reload"])
            #expect(entries[2]["actor"].string == "mod")
            #expect(entries[2]["subject"].string == "message:\(approved)")
            #expect(entries[5]["details"]["digest"].string?.isEmpty == false)
            #expect(entries[5]["prev_hash"].string == entries[4]["hash"].string)
        }
    }

    @Test func decisionsTeachTheSpamModelAndMoveTrust() async throws {
        var harness = try GatewayHarness.quiet()
        let model = harness.folder.appendingPathComponent("spam-model.json")
        try #"{"tableBits":18,"smoothing":0.2,"threshold":1,"spamMessages":0,"hamMessages":0,"buckets":[],"spam":[],"ham":[]}"#
            .write(to: model, atomically: true, encoding: .utf8)
        var spam = SpamSettings()
        spam.model = model.path
        harness.config.chain.spam = spam
        harness.config.chain.reputation = ReputationSettings()
        try await harness.run { session in
            let live = try #require(session.server.gateway.chain.spam)
            let ham = "holdme the weather is lovely today"
            let junk = "holdme cheap pills buy now"
            let hamBefore = live.model.spamProbability(ham)
            let junkBefore = live.model.spamProbability(junk)
            let approved = try await session.hold(ham)
            let rejected = try await session.hold(junk)
            let trustBefore = try JSONValue(try await session.request("/v1/admin/users/alice", user: "mod", role: .moderator))["trust"]
                .double
            #expect(try await session.post("/v1/admin/queue/\(approved)/approve", as: "mod", "").status == .ok)
            let trustAfter = try JSONValue(try await session.request("/v1/admin/users/alice", user: "mod", role: .moderator))["trust"]
                .double
            #expect(try await session.post("/v1/admin/queue/\(rejected)/reject", as: "mod", "").status == .ok)
            #expect(live.model.spamProbability(ham) < hamBefore)
            #expect(live.model.spamProbability(junk) > junkBefore)
            #expect((trustAfter ?? 0) > (trustBefore ?? 1))
            let store = session.server.gateway.store
            #expect(try await session.eventually { try await store.spamModel() != nil })
        }
    }
}
