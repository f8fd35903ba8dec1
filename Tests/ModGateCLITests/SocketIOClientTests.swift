import Foundation
import ModGateTestSupport
import Testing

/// python-socketio's AsyncClient against a real `modgate serve`, beside a `/v1/ws` client in the same room.
/// One at a time: each case runs a gateway and a Python interpreter, which together would crowd the tests
/// that time their clients.
@Suite(
    .enabled(if: testPython != nil, "needs python-socketio: run scripts/test-venv and set MODGATE_TEST_PYTHON=.build/test-venv/bin/python (make test does)"),
    .serialized
)
struct SocketIOClientTests {
    /// Runs `Tests/clients/socketio_chat.py` against a fresh gateway: alice on Socket.IO, bob on `/v1/ws`.
    private func chat(_ scenario: String, transports: String = "default", aliceToken: String? = nil) async throws -> [String: Any] {
        try await runPythonClient("socketio_chat.py") { gateway in
            let alice = try await token("alice", gateway), bob = try await token("bob", gateway)
            return [scenario, gateway.server.url, aliceToken ?? alice, bob, "lobby", transports]
        }
    }

    private func token(_ user: String, _ gateway: LiveGateway) async throws -> String {
        let result = try await runChild(
            try modgateBinary().path, ["token", "issue", "--user", user, "--db", gateway.database], timeLimit: .seconds(60))
        try #require(result.status == 0, "token issue failed: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(
        "A Socket.IO client and a /v1/ws client see each other's messages with the same sequence numbers",
        arguments: ["default", "websocket", "polling"])
    func exchangesMessagesWithAWebSocketClient(transports: String) async throws {
        let result = try await chat("exchange", transports: transports)
        // By default python-socketio opens with polling and upgrades to WebSocket at once.
        #expect(result["transport_at_end"] as? String == (transports == "polling" ? "polling" : "websocket"))
        #expect(result["subscribe_ack"] as? [String: String] == ["status": "ok", "room": "lobby"])
        let sioAck = try #require(result["sio_ack"] as? [String: Any])
        #expect(sioAck["op"] as? String == "ack" && sioAck["status"] as? String == "delivered" && sioAck["cid"] as? String == "s1")
        let wsSaw = try #require(result["ws_saw"] as? [[String: Any]])
        let sioSaw = try #require(result["sio_saw"] as? [[String: Any]])
        #expect(sioSaw.map { $0["seq"] as? Int } == [1, 2, 3])
        #expect(sioSaw.map { $0["user"] as? String } == ["bob", "alice", "bob"])
        #expect(sioSaw.map { $0["text"] as? String } == ["ws is here", "hello from socket.io", "hello from /v1/ws"])
        #expect(wsSaw.map { $0["seq"] as? Int } == [2, 3])
        #expect(wsSaw.map { $0["id"] as? Int } == sioSaw.dropFirst().map { $0["id"] as? Int })
        #expect(wsSaw.first?["id"] as? Int == sioAck["id"] as? Int)
        let refused = try #require(result["refused_event"] as? [String: Any])
        #expect(refused["op"] as? String == "error" && refused["code"] as? String == "unknown_op")
    }

    @Test("A held message is acknowledged as held and shown to no one else")
    func heldMessageReachesNobody() async throws {
        let result = try await chat("held")
        let held = try #require(result["held_ack"] as? [String: Any])
        #expect(held["status"] as? String == "held" && held["reason"] as? String == "Held for review.")
        // Each client's next message after the held one is the delivered one sent after it.
        let wsSaw = try #require(result["ws_saw"] as? [[String: Any]])
        let sioSaw = try #require(result["sio_saw"] as? [[String: Any]])
        #expect(wsSaw.first?["text"] as? String == "hello from socket.io" && wsSaw.first?["seq"] as? Int == 2)
        #expect(sioSaw.dropFirst().first?["text"] as? String == "hello from socket.io")
    }

    @Test("A bad token is refused with CONNECT_ERROR and a message", arguments: ["default", "websocket"])
    func badTokenIsRefused(transports: String) async throws {
        let result = try await chat("badtoken", transports: transports, aliceToken: "not-a-token")
        #expect(result["refused"] as? Bool == true)
        let refusal = try #require((result["connect_error"] as? [[String: Any]])?.first)
        #expect((refusal["message"] as? String)?.isEmpty == false)
        #expect((refusal["data"] as? [String: String])?["code"]?.hasPrefix("token_") == true)
    }
}
