import Foundation
import Hummingbird
import HummingbirdTesting
import ModGateAuth
import ModGateServer
import Testing

extension GatewayHarness {
    /// A harness whose rules watcher is off, so that only the test reloads the rules.
    static func quiet() throws -> GatewayHarness {
        var harness = try GatewayHarness()
        harness.config.rulesWatchInterval = nil
        return harness
    }
}

extension Session {
    /// A POST with `user`'s token, a moderator's unless `role` says otherwise.
    func post(_ path: String, as user: String, role: Role = .moderator, _ body: String) async throws -> TestResponse {
        try await request(path, method: .post, user: user, role: role, body: body)
    }

    /// Sends `text` as alice over HTTP and returns the id of the held message.
    func hold(_ text: String, room: String = "lobby") async throws -> Int {
        let body = String(decoding: try JSONEncoder().encode(["text": text]), as: UTF8.self)
        let ack = try JSONValue(try await post("/v1/rooms/\(room)/messages", as: "alice", role: .member, body))
        try #require(ack["status"].string == "held")
        return try #require(ack["id"].int)
    }

    /// A moderator's POST on a connection of its own, so that concurrent requests really run concurrently; its answer
    /// may take up to `timeout`.
    func separatePost(_ path: String, as user: String, _ body: String, timeout: Duration = .seconds(15)) async throws
        -> (HTTPResponse.Status, JSONValue)
    {
        let token = try token(user, role: .moderator)
        return try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: timeout)) { client in
            let response = try await client.post(
                path, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: ByteBuffer(string: body))
            return (response.status, try JSONValue(response.body))
        }
    }

    /// Polls `condition` every 50 ms until it holds, for at most `seconds`; true when it held.
    func eventually(within seconds: Double = 10, _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}

/// A parsed JSON body, read leniently: a missing key or a wrong type reads as nil or empty.
struct JSONValue: @unchecked Sendable {
    let raw: Any?

    init(raw: Any?) { self.raw = raw }

    init(_ response: TestResponse) throws { try self.init(response.body) }

    init(_ body: ByteBuffer?) throws {
        guard let body, body.readableBytes > 0 else {
            raw = nil
            return
        }
        raw = try JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed])
    }

    subscript(key: String) -> JSONValue { JSONValue(raw: (raw as? [String: Any])?[key]) }

    var array: [JSONValue] { (raw as? [Any])?.map { JSONValue(raw: $0) } ?? [] }
    var string: String? { raw as? String }
    var int: Int? { raw as? Int }
    var double: Double? { (raw as? NSNumber)?.doubleValue }
    var bool: Bool? { raw as? Bool }
}
