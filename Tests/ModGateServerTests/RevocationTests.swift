import Foundation
import HummingbirdTesting
import ModGateAuth
import ModGateServer
import ModGateStorage
import ModGateStore
import ModGateTestSupport
import NIOWebSocket
import Testing

/// `POST /v1/admin/tokens/revoke`: a revoked token is refused at once on every route and its sockets close with 4401.
@Suite(.timeLimit(.minutes(1)))
struct RevocationTests {
    @Test func revokingAUserRefusesTheirOlderTokensAndClosesTheirSocketsWhileANewerTokenWorks() async throws {
        let clock = ManualClock(Date().timeIntervalSince1970.rounded(.down) + 0.5)
        var harness = try GatewayHarness()
        harness.now = { clock.now }
        try await harness.run { session in
            let old = try session.token("mallory")
            let alice = try session.token("alice")
            let (joined, join) = AsyncStream.makeStream(of: Void.self)
            let socket = Task {
                try await webSocket(port: session.port, token: old) { mallory in
                    try await mallory.join("lobby")
                    join.yield()
                    let error = try await mallory.next(op: "error")
                    #expect(error["code"] as? String == "token_revoked")
                    #expect(try await mallory.rest().isEmpty)
                }
            }
            for await _ in joined.prefix(1) {}
            clock.advance(by: 10)
            let response = try await session.post("/v1/admin/tokens/revoke", as: "root", role: .admin, #"{"user":"mallory","reason":"stolen"}"#)
            #expect(response.status == .ok)
            let answer = try JSONValue(response)
            #expect(answer["revoked"].string == "user" && answer["user"].string == "mallory")
            #expect(answer["issued_before"].double == clock.now && answer["closed"].int == 1)
            #expect(try await socket.value?.closeCode == .unknown(4401))

            for path in ["/v1/rooms/lobby/messages", "/v1/ws"] {
                let refused = try await session.request(path, authorization: "Bearer \(old)")
                #expect(refused.status == .unauthorized)
                #expect(try JSONValue(refused)["code"].string == "token_revoked")
                #expect(try JSONValue(refused)["message"].string == "the token was revoked; get a new token and connect again")
            }
            // The browser's way of passing the token is refused alike.
            #expect(try await session.request("/v1/rooms/lobby/messages?token=\(old)").status == .unauthorized)
            #expect(try await session.request("/v1/rooms/lobby/messages", authorization: "Bearer \(alice)").status == .ok)
            // A token issued in a later second than the revocation works, on HTTP and on a socket.
            clock.advance(by: 1)
            let fresh = try session.token("mallory")
            #expect(try await session.request("/v1/rooms/lobby/messages", authorization: "Bearer \(fresh)").status == .ok)
            try await webSocket(port: session.port, token: fresh) { mallory in
                try await mallory.send(#"{"op":"send","room":"lobby","text":"back","cid":"c1"}"#)
                #expect(try await mallory.next(op: "ack")["cid"] as? String == "c1")
            }
            let audit = try JSONValue(try await session.request("/v1/admin/audit", user: "mod", role: .moderator))
            let entry = try #require(audit.array.last { $0["action"].string == "token.revoke" })
            #expect(entry["actor"].string == "root" && entry["subject"].string == "user:mallory" && entry["reason"].string == "stolen")
        }
    }

    @Test func revokingOneTokenByItsIDRefusesThatTokenOnly() async throws {
        try await GatewayHarness().run { session in
            let first = try session.signer.issueToken(user: "mallory", ttl: 3600, now: session.now())
            let second = try session.signer.issueToken(user: "mallory", ttl: 3600, now: session.now())
            let response = try await session.post("/v1/admin/tokens/revoke", as: "root", role: .admin, #"{"id":"\#(first.id)"}"#)
            #expect(response.status == .ok)
            let answer = try JSONValue(response)
            #expect(answer["revoked"].string == "token" && answer["id"].string == first.id && answer["closed"].int == 0)
            let refused = try await session.request("/v1/rooms/lobby/messages", authorization: "Bearer \(first.text)")
            #expect(refused.status == .unauthorized)
            #expect(try JSONValue(refused)["code"].string == "token_revoked")
            #expect(try await session.request("/v1/rooms/lobby/messages", authorization: "Bearer \(second.text)").status == .ok)
        }
    }

    @Test func onlyAnAdminMayRevokeAndTheBodyMustNameOneToken() async throws {
        try await GatewayHarness().run { session in
            for role in [Role.member, .moderator, .service] {
                let response = try await session.post("/v1/admin/tokens/revoke", as: "someone", role: role, #"{"user":"mallory"}"#)
                #expect(response.status == .forbidden)
                #expect(try JSONValue(response)["code"].string == "token_forbidden_role")
            }
            let bodies = [
                "", "{}", #"{"user":"mallory","id":"abc"}"#, #"{"user":""}"#, #"{"id":"a b"}"#,
                #"{"id":"\#(String(repeating: "j", count: 65))"}"#, #"{"user":"\#(String(repeating: "u", count: 129))"}"#,
            ]
            for body in bodies {
                let response = try await session.post("/v1/admin/tokens/revoke", as: "root", role: .admin, body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(try JSONValue(response)["code"].string == "bad_request", "\(body)")
            }
            // Nothing was revoked.
            #expect(try await session.request("/v1/rooms/lobby/messages", user: "mallory").status == .ok)
        }
    }

    @Test func aGatewayStartingOnAStoreWithRevocationsRefusesTheirTokens() async throws {
        let harness = try GatewayHarness()
        // Kept by an earlier run of the gateway: every token of mallory issued in the next hour.
        let store = try Store(path: harness.config.database)
        try await store.revoke(.user("mallory", at: Date().timeIntervalSince1970 + 3600), by: "root", reason: "", now: Date().timeIntervalSince1970)
        try store.close()
        try await harness.run { session in
            let refused = try await session.request("/v1/rooms/lobby/messages", user: "mallory")
            #expect(refused.status == .unauthorized)
            #expect(try JSONValue(refused)["code"].string == "token_revoked")
            #expect(try await session.request("/v1/rooms/lobby/messages", user: "alice").status == .ok)
        }
    }

    @Test func revocationsOutliveTheLongestTokenLifetime() {
        #expect(Revocations.retention > TokenTTL.maximum)
    }
}
