import Foundation
import HummingbirdTesting
import ModGateAuth
import ModGateServer
import Testing

/// Every auth failure is a 401 with a stable code; health and metrics need no token.
@Suite(.timeLimit(.minutes(1)))
struct AuthFailureTests {
    @Test func missingBadAndExpiredTokensAreRefused() async throws {
        try await GatewayHarness().run { session in
            let forged = try TokenSigner(secret: TokenSecret.generate()).issue(user: "mallory", now: Date().timeIntervalSince1970)
            let expired = try session.signer.issue(user: "alice", ttl: 60, now: Date().timeIntervalSince1970 - 3600)
            let cases: [(String?, String)] = [
                (nil, "token_missing"), ("Bearer \(forged)", "token_bad_signature"), ("Bearer \(expired)", "token_expired"),
                ("Bearer not.a.token", "token_malformed"),
            ]
            for (authorization, code) in cases {
                let response = try await session.request(
                    "/v1/rooms/lobby/messages", method: .post, authorization: authorization, body: #"{"text":"hi"}"#)
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains(code))
            }
            let upgrade = try await session.request("/v1/ws", authorization: "Bearer \(forged)")
            #expect(upgrade.status == .unauthorized)
            #expect(try await session.request("/healthz").status == .ok)
            let metrics = String(buffer: try await session.request("/metrics").body)
            // The names docs/gateway.md lists.
            for name in [
                "modgate_messages_total", "modgate_stage_seconds", "modgate_commit_seconds", "modgate_commit_batch_messages",
                "modgate_connections", "modgate_review_queue_depth", "modgate_refused_frames_total",
            ] {
                #expect(metrics.contains("# TYPE \(name) "), "\(name)")
            }
        }
    }

    @Test func theSenderIsTheTokensUserNotTheBodys() async throws {
        try await GatewayHarness().run { session in
            _ = try await session.request(
                "/v1/rooms/lobby/messages", method: .post, user: "alice", body: #"{"text":"hi","user":"mallory"}"#)
            let page = try await session.request("/v1/rooms/lobby/messages", user: "bob")
            #expect(String(buffer: page.body).contains(#""user":"alice""#))
        }
    }
}
