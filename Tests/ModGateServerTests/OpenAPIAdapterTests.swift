import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The admin routes served by the generated code answer bad input as the rest of the API does: a JSON error with a
/// stable code, never the OpenAPI runtime's bare 500, and bodies bounded by the frame limit.
@Suite(.timeLimit(.minutes(1)))
struct OpenAPIAdapterTests {
    @Test func aBodyTheDocumentDoesNotAllowIs400MalformedFrame() async throws {
        try await GatewayHarness.quiet().run { session in
            for body in ["{", "[1]", #"{"user":7}"#, "not json"] {
                let response = try await session.post("/v1/admin/tokens/revoke", as: "root", role: .admin, body)
                #expect(response.status == .badRequest, "\(body)")
                let error = try JSONValue(response)
                #expect(error["op"].string == "error" && error["code"].string == "malformed_frame", "\(body)")
                #expect(error["message"].string?.contains("GET /openapi.yaml") == true, "\(body)")
            }
        }
    }

    @Test func aQueryValueTheDocumentDoesNotAllowIs400BadRequest() async throws {
        try await GatewayHarness.quiet().run { session in
            for query in ["limit=abc", "after=-1", "limit=0", "limit=1001", "after=99999999999999999999"] {
                let response = try await session.request("/v1/admin/audit?\(query)", user: "mod", role: .moderator)
                #expect(response.status == .badRequest, "\(query)")
                #expect(try JSONValue(response)["code"].string == "bad_request", "\(query)")
            }
        }
    }

    @Test func anAcceptHeaderWithoutJSONStillGetsJSONAndAnEmptyBodyIsNoBody() async throws {
        try await GatewayHarness.quiet().run { session in
            let headers: HTTPFields = [.authorization: "Bearer \(try session.token("mod", role: .moderator))", .accept: "text/html"]
            let listed = try await session.client.execute(uri: "/v1/admin/queue", method: .get, headers: headers)
            #expect(listed.status == .ok)
            #expect(String(buffer: listed.body) == "[]")
            let banned = try await session.post("/v1/admin/users/bob/ban", as: "mod", "")
            #expect(banned.status == .ok)
            #expect(try JSONValue(banned)["banned"].bool == true)
        }
    }

    @Test func aJSONBodySentAsAFormAsCurlDashDDoesIsReadAsJSON() async throws {
        try await GatewayHarness.quiet().run { session in
            let headers: HTTPFields = [
                .authorization: "Bearer \(try session.token("mod", role: .moderator))",
                .contentType: "application/x-www-form-urlencoded",
            ]
            let muted = try await session.client.execute(
                uri: "/v1/admin/users/bob/mute", method: .post, headers: headers, body: ByteBuffer(string: #"{"for":"10m"}"#))
            #expect(muted.status == .ok)
            #expect(try JSONValue(muted)["muted_until"].double != nil)
        }
    }

    @Test func aBodyOverTheFrameLimitIs413AndAModeratorMayNotRevoke() async throws {
        try await GatewayHarness.quiet().run { session in
            let large = #"{"user":"u1","reason":""# + String(repeating: "x", count: 20_000) + #""}"#
            let tooLarge = try await session.post("/v1/admin/tokens/revoke", as: "root", role: .admin, large)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try JSONValue(tooLarge)["code"].string == "frame_too_large")
            // The role is checked before the body is read.
            let forbidden = try await session.post("/v1/admin/tokens/revoke", as: "mod", role: .moderator, "{")
            #expect(forbidden.status == .forbidden)
            #expect(try JSONValue(forbidden)["code"].string == "token_forbidden_role")
        }
    }
}
