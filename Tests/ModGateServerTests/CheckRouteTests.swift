import Foundation
import Hummingbird
import HummingbirdTesting
import ModGateAuth
import ModGateChain
import ModGateServer
import Testing

/// `POST /v1/check` over HTTP with real tokens: only a service (or an admin) may ask, as any author, and a dry
/// run moves no stage's state.
@Suite(.timeLimit(.minutes(2)))
struct CheckRouteTests {
    private func check(_ session: Session, as role: Role, _ body: String) async throws -> TestResponse {
        try await session.request("/v1/check", method: .post, user: "backend", role: role, body: body)
    }

    @Test func onlyAServiceOrAnAdminMayCheck() async throws {
        try await GatewayHarness.quiet().run { session in
            let body = #"{"text":"rejectme","user":"alice","room":"lobby"}"#
            for role in [Role.member, .moderator] {
                let refused = try await check(session, as: role, body)
                #expect(refused.status == .forbidden)
                #expect(try JSONValue(refused)["code"].string == "token_forbidden_role")
            }
            for role in [Role.service, .admin] {
                let answered = try await check(session, as: role, body)
                #expect(answered.status == .ok)
                #expect(try JSONValue(answered)["verdict"].string == "reject")
            }
            // A service token has no moderator powers.
            #expect(try await session.request("/v1/admin/queue", user: "backend", role: .service).status == .forbidden)
        }
    }

    @Test func aCheckNeedsItsAuthorAndRoom() async throws {
        try await GatewayHarness.quiet().run { session in
            let noUser = try await check(session, as: .service, #"{"text":"hi","room":"lobby"}"#)
            #expect(noUser.status == .badRequest)
            #expect(try JSONValue(noUser)["message"].string?.hasPrefix("'user' must name the message's author") == true)
            let noRoom = try await check(session, as: .service, #"{"text":"hi","user":"alice"}"#)
            #expect(noRoom.status == .badRequest)
            let badUser = try await check(session, as: .service, #"{"text":"hi","user":"","room":"lobby"}"#)
            #expect(try JSONValue(badUser)["message"].string == "'user': the user id is empty")
        }
    }

    @Test func aCheckJudgesAsTheAuthor() async throws {
        try await GatewayHarness.quiet().run { session in
            #expect(try await session.post("/v1/admin/users/alice/ban", as: "mod", #"{"reason":"spam"}"#).status == .ok)
            let alice = try JSONValue(try await check(session, as: .service, #"{"text":"hello","user":"alice","room":"lobby"}"#))
            #expect(alice["verdict"].string == "reject")
            #expect(alice["findings"].array.first?["rule"].string == "sanction.banned")
            let bob = try JSONValue(try await check(session, as: .service, #"{"text":"hello","user":"bob","room":"lobby"}"#))
            #expect(bob["verdict"].string == "allow")
        }
    }

    @Test func aDryRunMovesNoStageAndRecordDoes() async throws {
        var harness = try GatewayHarness.quiet()
        var limits = RateLimitSettings()
        limits.user = GCRA(count: 2, period: 60, burst: 2)
        limits.userRoom = nil
        harness.config.chain.rateLimits = limits
        var flood = FloodSettings()
        flood.floodRepeats = 2
        harness.config.chain.flood = flood
        harness.config.chain.reputation = ReputationSettings()
        try await harness.run { session in
            let dry = #"{"text":"hello there","user":"alice","room":"lobby"}"#
            for _ in 0..<3 {
                let verdict = try JSONValue(try await check(session, as: .service, dry))
                #expect(verdict["verdict"].string == "allow")
                #expect(verdict["findings"].array.isEmpty)
            }
            #expect(await session.server.gateway.store.standings.standing(of: "alice") == nil)

            let recorded = #"{"text":"hello there","user":"alice","room":"lobby","record":true}"#
            let rules = try await (0..<3).asyncMap { _ in
                try JSONValue(try await check(session, as: .service, recorded))["findings"].array.map { $0["rule"].string }
            }
            #expect(rules == [[], ["flood.repeat"], ["ratelimit.user"]])
            #expect(await session.server.gateway.store.standings.standing(of: "alice") != nil)
        }
    }
}

extension Sequence {
    /// `map` with an async transform, one element after the other.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
