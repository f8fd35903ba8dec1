import Foundation
import ModGateTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `modgate token issue --role service` against a running `modgate serve`: the token may ask /v1/check, a member's may not.
@Test(.timeLimit(.minutes(2))) func aServiceTokenFromTheCLIMayCheckAndAMemberTokenMayNot() async throws {
    let gateway = try await LiveGateway.start()
    func check(_ token: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "\(gateway.server.url)/v1/check")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(#"{"text":"holdme please","user":"alice","room":"lobby"}"#.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
    let (status, body) = try await check(try gateway.token("backend", role: "service"))
    #expect(status == 200)
    #expect(body.contains(#""verdict":"hold""#))
    #expect(try await check(try gateway.token("alice")).0 == 403)
    await gateway.stop()
}
