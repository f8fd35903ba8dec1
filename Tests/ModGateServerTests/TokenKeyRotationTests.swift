import Foundation
import HummingbirdTesting
import ModGateAuth
import ModGateServer
import ModGateTestSupport
import NIOWebSocket
import Testing

/// `/v1/admin/tokens/keys`: a rotation makes a new signing key while older tokens still work; retiring a key refuses
/// its tokens at once and closes their sockets with 4401.
@Suite(.timeLimit(.minutes(1)))
struct TokenKeyRotationTests {
    @Test func rotatingSignsWithANewKeyAndRetiringTheOldOneClosesItsSockets() async throws {
        let clock = ManualClock(Date().timeIntervalSince1970.rounded(.down) + 0.5)
        var harness = try GatewayHarness()
        harness.now = { clock.now }
        try await harness.run { session in
            let old = try session.token("mallory")
            let firstKey = session.signer.keys.signing.id
            let rotated = try await session.post("/v1/admin/tokens/keys", as: "root", role: .admin, "")
            #expect(rotated.status == .ok)
            let key = try JSONValue(rotated)
            let newKey = try #require(key["kid"].string)
            #expect(newKey != firstKey && newKey.count == 11 && key["signing"].bool == true)
            // Made a millisecond after the first key, which the gateway made at its start on the same clock.
            #expect(key["created_at"].int == Int(clock.now.rounded(.down)))

            // The old token still works; a new one names the new key.
            #expect(try await session.request("/v1/rooms/lobby/messages", authorization: "Bearer \(old)").status == .ok)
            let fresh = try session.token("alice")
            #expect(try session.signer.verify(fresh, now: session.now()).keyID == newKey)
            let listed = try JSONValue(try await session.request("/v1/admin/tokens/keys", user: "root", role: .admin))
            #expect(listed["keys"].array.map { $0["kid"].string } == [newKey, firstKey])
            #expect(listed["keys"].array.map { $0["signing"].bool } == [true, false])

            // The signing key cannot be retired; an unknown one is not found.
            let inUse = try await session.post("/v1/admin/tokens/keys/\(newKey)/retire", as: "root", role: .admin, "")
            #expect(inUse.status == .conflict)
            #expect(try JSONValue(inUse)["code"].string == "key_in_use")
            let unknown = try await session.post("/v1/admin/tokens/keys/nope/retire", as: "root", role: .admin, "")
            #expect(unknown.status == .notFound)
            #expect(try JSONValue(unknown)["code"].string == "not_found")

            try await webSocket(port: session.port, token: old) { mallory in
                try await mallory.join("lobby")
                let retired = try await session.post(
                    "/v1/admin/tokens/keys/\(firstKey)/retire", as: "root", role: .admin, #"{"reason":"rotation"}"#)
                #expect(retired.status == .ok)
                let answer = try JSONValue(retired)
                #expect(answer["kid"].string == firstKey && answer["retired"].bool == true && answer["closed"].int == 1)
                let error = try await mallory.next(op: "error")
                #expect(error["code"] as? String == "token_key_retired")
            }
            for path in ["/v1/rooms/lobby/messages", "/v1/ws"] {
                let refused = try await session.request(path, authorization: "Bearer \(old)")
                #expect(refused.status == .unauthorized)
                #expect(try JSONValue(refused)["code"].string == "token_key_retired")
            }
            #expect(try await session.request("/v1/rooms/lobby/messages", authorization: "Bearer \(fresh)").status == .ok)
            let audit = try JSONValue(try await session.request("/v1/admin/audit", user: "mod", role: .moderator))
            let actions = audit.array.filter { $0["action"].string?.hasPrefix("token.r") == true && $0["action"].string != "token.revoke" }
            #expect(actions.map { $0["action"].string } == ["token.rotate", "token.retire"])
            #expect(actions.map { $0["subject"].string } == ["key:\(newKey)", "key:\(firstKey)"])
            #expect(actions.allSatisfy { $0["actor"].string == "root" } && actions.last?["reason"].string == "rotation")
        }
    }

    @Test func onlyAnAdminMayListRotateOrRetireKeys() async throws {
        try await GatewayHarness().run { session in
            let first = session.signer.keys.signing.id
            for role in [Role.member, .moderator, .service] {
                let requests = [
                    try await session.request("/v1/admin/tokens/keys", user: "someone", role: role),
                    try await session.post("/v1/admin/tokens/keys", as: "someone", role: role, ""),
                    try await session.post("/v1/admin/tokens/keys/\(first)/retire", as: "someone", role: role, ""),
                ]
                for response in requests {
                    #expect(response.status == .forbidden)
                    #expect(try JSONValue(response)["code"].string == "token_forbidden_role")
                }
            }
            #expect(session.signer.keys.live.count == 1)
        }
    }

    @Test func rotationStopsAtTheMostLiveKeys() async throws {
        try await GatewayHarness().run { session in
            for _ in 1..<TokenKeys.maxLive {
                #expect(try await session.post("/v1/admin/tokens/keys", as: "root", role: .admin, "").status == .ok)
            }
            let refused = try await session.post("/v1/admin/tokens/keys", as: "root", role: .admin, "")
            #expect(refused.status == .conflict)
            #expect(try JSONValue(refused)["code"].string == "too_many_keys")
            #expect(session.signer.keys.live.count == TokenKeys.maxLive)
        }
    }
}
