import Foundation
import HTTPTypes
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import ModGateServer
import NIOCore
import Synchronization
import Testing

/// Socket.IO's transports on the wire, as socket.io-client uses them: the polling handshake, CONNECT in a POST
/// while a GET waits, the upgrade that ends the pending GET with a noop, and Engine.IO's refusals.
@Suite(.timeLimit(.minutes(1)))
struct SocketIOTransportTests {
    /// Pings an hour apart: on a loaded machine a case may take longer than the default 25 s, and a ping packet
    /// would then take the place of the answer a case waits for.
    static let limits = {
        var limits = Limits()
        limits.socketIOPingInterval = 3600
        return limits
    }()

    /// One HTTP request on a connection of its own, so that a pending GET does not hold up the next request.
    @discardableResult
    private func http(_ port: Int, _ method: HTTPRequest.Method, _ path: String, body: String? = nil, token: String? = nil)
        async throws -> (status: Int, text: String)
    {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            var headers: HTTPFields = [.contentType: "text/plain;charset=UTF-8"]
            if let token { headers[.authorization] = "Bearer \(token)" }
            let response = try await client.execute(.init(path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }))
            return (response.head.status.code, response.body.map { String(buffer: $0) } ?? "")
        }
    }

    private func sid(ofOpen packet: String) throws -> String {
        let open = try #require(packet.hasPrefix("0") ? packet.dropFirst() : nil)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(open.utf8)) as? [String: Any])
        #expect(json["upgrades"] as? [String] == ["websocket"])
        #expect(json["pingInterval"] as? Int == 3_600_000 && json["pingTimeout"] as? Int == 20000 && json["maxPayload"] as? Int == 16384)
        return try #require(json["sid"] as? String)
    }

    @Test func aPollingClientConnectsThenUpgradesToWebSocket() async throws {
        try await GatewayHarness(limits: Self.limits).run { session in
            let port = session.port
            let base = "/socket.io/?EIO=4&transport=polling"
            let sid = try sid(ofOpen: try await http(port, .get, base).text)
            let posted = try await http(port, .post, base + "&sid=\(sid)", body: #"40{"token":"\#(try session.token("alice"))"}"#)
            #expect(posted.status == 200 && posted.text == "ok")
            #expect(try await http(port, .get, base + "&sid=\(sid)").text.hasPrefix(#"40{"sid":""#))
            try await http(port, .post, base + "&sid=\(sid)", body: "421[\"subscribe\",{\"room\":\"lobby\"}]\u{1E}3")
            #expect(try await http(port, .get, base + "&sid=\(sid)").text == #"431[{"status":"ok","room":"lobby"}]"#)
            // A GET waits; the WebSocket's probe (or, had the GET come later, the upgrade) ends it with a noop.
            let pending = Task { try await http(port, .get, base + "&sid=\(sid)") }
            var configuration = WebSocketClientConfiguration()
            configuration.maxFrameSize = 1 << 16
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/socket.io/?EIO=4&transport=websocket&sid=\(sid)", configuration: configuration,
                logger: Logger(label: "client")
            ) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                try await outbound.write(.text("2probe"))
                guard case .text("3probe") = try await messages.next() else {
                    Issue.record("no 3probe")
                    return
                }
                try await outbound.write(.text("5"))
                // Nothing tells the test when its GET reached the server: one still waiting at the probe or the upgrade
                // ends with a noop, one that arrives after the upgrade is refused, as polling is over.
                let ended = try await pending.value
                #expect((ended.status == 200 && ended.text == "6") || ended.status == 400, "\(ended)")
                try await outbound.write(.text(#"422["send",{"room":"lobby","text":"hi","cid":"c1"}]"#))
                var texts: [String] = []
                while texts.count < 2, case .text(let text) = try await messages.next() { texts.append(text) }
                #expect(texts.contains { $0.hasPrefix(#"42["msg",{"#) && $0.contains(#""seq":1"#) && $0.contains(#""user":"alice""#) })
                #expect(texts.contains { $0.hasPrefix(#"432[{"op":"ack","cid":"c1","id":1,"status":"delivered"}]"#) })
                // Polling is over for this session.
                #expect(try await http(port, .get, base + "&sid=\(sid)").status == 400)
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
    }

    @Test func engineIORequestsAreRefusedWithItsErrorCodes() async throws {
        try await GatewayHarness(limits: Self.limits).run { session in
            let port = session.port
            func code(_ text: String) -> Int? {
                (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["code"] as? Int
            }
            let old = try await http(port, .get, "/socket.io/?EIO=3&transport=polling")
            #expect(old.status == 400 && code(old.text) == 5)
            let flash = try await http(port, .get, "/socket.io/?EIO=4&transport=flashsocket")
            #expect(flash.status == 400 && code(flash.text) == 0)
            let unknown = try await http(port, .get, "/socket.io/?EIO=4&transport=polling&sid=nope")
            #expect(unknown.status == 400 && code(unknown.text) == 1)
            let base = "/socket.io/?EIO=4&transport=polling"
            let sid = try sid(ofOpen: try await http(port, .get, base).text)
            // Binary packets and other namespaces are refused, saying why; the session lives on.
            try await http(port, .post, base + "&sid=\(sid)", body: "bAQID")
            try await http(port, .post, base + "&sid=\(sid)", body: "40/admin,")
            var refusals: [Substring] = []
            while refusals.count < 2 { refusals += try await http(port, .get, base + "&sid=\(sid)").text.split(separator: "\u{1E}") }
            #expect(refusals.first?.hasPrefix(#"42["error",{"#) == true && refusals.first?.contains("binary packets are not supported") == true)
            #expect(refusals.last?.hasPrefix(#"44/admin,{"message":"Invalid namespace"#) == true)
            // Bound to alice once she connects: bob's token cannot use her session.
            try await http(port, .post, base + "&sid=\(sid)", body: #"40{"token":"\#(try session.token("alice"))"}"#)
            #expect(try await http(port, .get, base + "&sid=\(sid)").text.hasPrefix("40{"))
            let bob = try await http(port, .get, base + "&sid=\(sid)", token: try session.token("bob"))
            #expect(bob.status == 403 && code(bob.text) == 4)
            let tooLarge = String(repeating: "x", count: 20_000)
            #expect(try await http(port, .post, base + "&sid=\(sid)", body: "4" + tooLarge).status == 413)
        }
    }

    @Test func aBadTokenGetsConnectErrorWithItsCode() async throws {
        try await GatewayHarness(limits: Self.limits).run { session in
            let base = "/socket.io/?EIO=4&transport=polling"
            let sid = try sid(ofOpen: try await http(session.port, .get, base).text)
            try await http(session.port, .post, base + "&sid=\(sid)", body: #"40{"token":"nope"}"#)
            let answer = try await http(session.port, .get, base + "&sid=\(sid)").text
            #expect(answer.hasPrefix(#"44{"message":"#) && answer.hasSuffix(#","data":{"code":"token_malformed"}}"#))
        }
    }

    /// Connects with `token` over the WebSocket transport alone, subscribes to lobby, runs `act` (a ban, a revocation)
    /// and returns the packets that came after it until the close.
    private func packets(after act: @escaping @Sendable () async throws -> Void, token: String, port: Int) async throws -> [String] {
        let packets = Mutex<[String]>([])
        try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)/socket.io/?EIO=4&transport=websocket", logger: Logger(label: "client")
        ) { inbound, outbound, _ in
            var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
            func next() async throws -> String? {
                guard case .text(let text) = try await messages.next() else { return nil }
                return text
            }
            // WebSocket alone: the open packet comes first, with no upgrade to offer.
            #expect(try await next()?.hasPrefix(#"0{"sid":""#) == true)
            try await outbound.write(.text(#"40{"token":"\#(token)"}"#))
            #expect(try await next()?.hasPrefix(#"40{"sid":""#) == true)
            try await outbound.write(.text(#"421["subscribe",{"room":"lobby"}]"#))
            #expect(try await next() == #"431[{"status":"ok","room":"lobby"}]"#)
            try await act()
            while let text = try await next() { packets.withLock { $0.append(text) } }
        }
        return packets.withLock { $0 }
    }

    /// What a polling client's CONNECT with `token` is answered.
    private func pollingConnect(_ token: String, port: Int) async throws -> String {
        let base = "/socket.io/?EIO=4&transport=polling"
        let sid = try sid(ofOpen: try await http(port, .get, base).text)
        try await http(port, .post, base + "&sid=\(sid)", body: #"40{"token":"\#(token)"}"#)
        return try await http(port, .get, base + "&sid=\(sid)").text
    }

    @Test func aBanDisconnectsTheClientAndRefusesItsNextConnect() async throws {
        try await GatewayHarness(limits: Self.limits).run { session in
            let bob = try session.token("bob")
            let rest = try await packets(after: {
                let banned = try await session.post("/v1/admin/users/bob/ban", as: "mod", #"{"reason":"spam"}"#)
                #expect(banned.status == .ok)
            }, token: bob, port: session.port)
            // The error event, the disconnect from '/' (clients do not come back by themselves), the close.
            #expect(rest.count == 3)
            #expect(rest.first?.hasPrefix(#"42["error",{"#) == true && rest.first?.contains(#""code":"user_banned""#) == true)
            #expect(rest.dropFirst() == ["41", "1"])
            let refused = try await pollingConnect(bob, port: session.port)
            #expect(refused == #"44{"message":"you are banned from this chat","data":{"code":"user_banned"}}"#)
        }
    }

    @Test func aRevocationDisconnectsTheClientAndRefusesItsTokenAtTheNextConnect() async throws {
        try await GatewayHarness(limits: Self.limits).run { session in
            let bob = try session.token("bob")
            let rest = try await packets(after: {
                let revoked = try await session.post("/v1/admin/tokens/revoke", as: "root", role: .admin, #"{"user":"bob"}"#)
                #expect(revoked.status == .ok)
            }, token: bob, port: session.port)
            #expect(rest.count == 3)
            #expect(rest.first?.hasPrefix(#"42["error",{"#) == true && rest.first?.contains(#""code":"token_revoked""#) == true)
            #expect(rest.dropFirst() == ["41", "1"])
            let refused = try await pollingConnect(bob, port: session.port)
            #expect(refused == #"44{"message":"the token was revoked; get a new token and connect again","data":{"code":"token_revoked"}}"#)
        }
    }

    @Test func aSubscribeWithSinceIsAnsweredAfterTheHistoryAndUnsubscribeToo() async throws {
        try await GatewayHarness(limits: Self.limits).run { session in
            for text in ["one", "two"] {
                let sent = try await session.request("/v1/rooms/lobby/messages", method: .post, user: "alice", body: #"{"text":"\#(text)"}"#)
                #expect(sent.status == .ok)
            }
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(session.port)/socket.io/?EIO=4&transport=websocket", logger: Logger(label: "client")
            ) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                func next() async throws -> String {
                    guard case .text(let text) = try await messages.next() else { throw CancellationError() }
                    return text
                }
                _ = try await next()
                try await outbound.write(.text(#"40{"token":"\#(try session.token("bob"))"}"#))
                _ = try await next()
                try await outbound.write(.text(#"427["subscribe",{"room":"lobby","since":0}]"#))
                let history = [try await next(), try await next()]
                #expect(history.allSatisfy { $0.hasPrefix(#"42["msg",{"#) })
                #expect(history[0].contains(#""seq":1"#) && history[1].contains(#""seq":2"#))
                #expect(try await next() == #"437[{"status":"ok","room":"lobby"}]"#)
                try await outbound.write(.text(#"428["unsubscribe",{"room":"lobby"}]"#))
                #expect(try await next() == #"438[{"status":"ok","room":"lobby"}]"#)
                // Without an acknowledgement id, a refusal comes as an error event.
                try await outbound.write(.text(#"42["send",{"room":"no room!","text":"hi"}]"#))
                let refusal = try await next()
                #expect(refusal.hasPrefix(#"42["error",{"#) && refusal.contains(#""code":"bad_room""#))
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
    }
}
