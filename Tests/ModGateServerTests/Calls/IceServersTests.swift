import Crypto
import Foundation
import Testing

@testable import ModGateServer

/// What `GET /v1/calls/ice-servers` answers, built from the config's servers.
struct IceServersTests {
    @Test func aSharedSecretMakesCredentialsForEachUserThatExpire() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("modgate-ice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("turn-secret")
        try "s3cret\n".write(to: secret, atomically: true, encoding: .utf8)
        let servers = try IceServers(
            [IceServer(urls: ["stun:stun.example.org"]), IceServer(urls: ["turns:turn.example.org:5349"], sharedSecretFile: secret.path)],
            ttl: 3600)
        let body = try #require(
            try JSONSerialization.jsonObject(with: Data(servers.body(for: "alice", at: 1_000_000).utf8)) as? [String: [[String: Any]]])
        let entries = try #require(body["iceServers"])
        #expect(entries.first?["urls"] as? [String] == ["stun:stun.example.org"] && entries.first?["username"] == nil)
        // TURN REST: EXPIRY:USER, and the base64 HMAC-SHA1 of it under the secret (the file's trailing newline dropped).
        let username = "1003600:alice"
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(username.utf8), using: SymmetricKey(data: Data("s3cret".utf8)))
        #expect(entries.last?["username"] as? String == username)
        #expect(entries.last?["credential"] as? String == Data(code).base64EncodedString())
    }

    @Test func anUnreadableFileStopsTheStartWithItsName() {
        #expect(throws: CallConfigError.self) {
            try IceServers([IceServer(urls: ["turn:t"], sharedSecretFile: "/nonexistent/turn-secret")], ttl: 60)
        }
    }
}
