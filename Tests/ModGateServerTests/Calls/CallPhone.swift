import Foundation
import HummingbirdWSClient
import Logging
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGateServer

/// One user's `/v1/ws` connection in a call test: it sends call frames and reads the call frames, call answers and
/// errors the gateway sends it, skipping chat. A frame read while waiting for another is kept for later, so
/// that a test reads each connection's frames in any order it likes.
final class Phone: @unchecked Sendable {
    let user: String
    let socket: Socket
    private var held: [[String: any Sendable]] = []

    init(user: String, socket: Socket) {
        self.user = user
        self.socket = socket
    }

    /// Follows `room`: subscribes and waits for its own message there (from history or live), which proves the
    /// hub counts this connection among the room's.
    func follow(_ room: String) async throws {
        let marker = "\(user) here \(UUID().uuidString)"
        try await socket.send(#"{"op":"subscribe","room":"\#(room)","since":0}"#)
        try await socket.send(#"{"op":"send","room":"\#(room)","text":"\#(marker)"}"#)
        while true {
            let frame = try await socket.next()
            if frame["op"] as? String == "msg", frame["text"] as? String == marker { return }
            if Self.isCallFrame(frame) { held.append(frame) }
        }
    }

    /// Sends a call frame and returns the gateway's answer to it: the ack or the error with its `call_id`.
    @discardableResult
    func send(_ frame: String) async throws -> [String: any Sendable] {
        let id = try #require(try JSONSerialization.jsonObject(with: Data(frame.utf8)) as? [String: Any])["call_id"] as? String
        try await socket.send(frame)
        return try await next { ["ack", "error"].contains($0["op"] as? String) && $0["call_id"] as? String == id }
    }

    /// Sends a call frame that must be taken; fails the test with the error otherwise.
    func ok(_ frame: String) async throws {
        let answer = try await send(frame)
        #expect(answer["op"] as? String == "ack" && answer["status"] as? String == "ok", "\(user): \(frame) -> \(answer)")
    }

    /// Sends a call frame that must be refused with `code`; the error frame.
    @discardableResult
    func refused(_ frame: String, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [String: any Sendable]
    {
        let answer = try await send(frame)
        #expect(answer["op"] as? String == "error" && answer["code"] as? String == code, "\(answer)", sourceLocation: sourceLocation)
        return answer
    }

    /// The next call frame (`op` `call`) of `type`.
    func call(_ type: String) async throws -> [String: any Sendable] {
        try await next { $0["op"] as? String == "call" && $0["type"] as? String == type }
    }

    /// Waits for the hangup the gateway itself sends (no `from`) for `id`, and checks its reason.
    func hungUp(_ id: String, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let hangup = try await call("hangup")
        #expect(hangup["call_id"] as? String == id && hangup["reason"] as? String == reason, "\(hangup)", sourceLocation: sourceLocation)
        #expect(hangup["from"] == nil, "the gateway's own hangup names no sender", sourceLocation: sourceLocation)
    }

    /// The call frames and errors still to come until the connection closes, in order.
    func rest() async throws -> [[String: any Sendable]] {
        defer { held.removeAll() }
        return held + (try await socket.rest()).filter(Self.isCallFrame)
    }

    private func next(_ matching: ([String: any Sendable]) -> Bool) async throws -> [String: any Sendable] {
        if let index = held.firstIndex(where: matching) { return held.remove(at: index) }
        while true {
            let frame = try await socket.next()
            if matching(frame) { return frame }
            if Self.isCallFrame(frame) { held.append(frame) }
        }
    }

    /// Frames a call test reads: call frames, the answers to call frames, errors. Chat (`msg`, a send's `ack`) is not.
    private static func isCallFrame(_ frame: [String: any Sendable]) -> Bool {
        frame["op"] as? String == "call" || frame["op"] as? String == "error" || frame["call_id"] != nil
    }
}

/// A Socket.IO client on the WebSocket transport alone, connected to `/` with its user's token: it sends and reads
/// Engine.IO packets as text.
final class SocketIOParty: @unchecked Sendable {
    private let outbound: WebSocketOutboundWriter
    private var packets: WebSocketInboundMessageStream.AsyncIterator

    init(outbound: WebSocketOutboundWriter, inbound: WebSocketInboundStream) {
        self.outbound = outbound
        packets = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
    }

    func send(_ packet: String) async throws { try await outbound.write(.text(packet)) }

    /// The next packet; throws, failing the test, once the connection has closed.
    func next() async throws -> String {
        guard case .text(let packet) = try await packets.next() else { throw Closed() }
        return packet
    }

    /// The one object of a packet `prefix[{...}]` (an acknowledgement) or `prefix["name",{...}]` (an event).
    static func object(of packet: String, after prefix: String) throws -> [String: Any] {
        let json = try #require(packet.hasPrefix(prefix) ? packet.dropFirst(prefix.count) : nil, "\(packet)")
        let array = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any]
        return try #require(array?.last as? [String: Any], "\(packet)")
    }

    struct Closed: Error {}
}

/// Client call frames, as docs/calls.md spells them.
enum Dial {
    static let sdpOffer = #"{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}"#
    static let sdpAnswer = #"{"type":"answer","sdp":"v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n"}"#

    static func invite(_ id: String, to callee: String, room: String = "lobby", lifetime: Int? = nil) -> String {
        let lifetime = lifetime.map { #","lifetime":\#($0)"# } ?? ""
        return #"{"op":"call","type":"invite","room":"\#(room)","call_id":"\#(id)","to":"\#(callee)","sdp":\#(sdpOffer)\#(lifetime)}"#
    }

    static func answer(_ id: String) -> String { #"{"op":"call","type":"answer","call_id":"\#(id)","sdp":\#(sdpAnswer)}"# }

    static func candidates(_ id: String, _ candidate: String = "candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host") -> String {
        #"{"op":"call","type":"candidates","call_id":"\#(id)","candidates":[{"candidate":"\#(candidate)","sdpMid":"0","sdpMLineIndex":0}]}"#
    }

    static func hangup(_ id: String, reason: String? = nil) -> String {
        #"{"op":"call","type":"hangup","call_id":"\#(id)"\#(reason.map { #","reason":"\#($0)""# } ?? "")}"#
    }

    static func reject(_ id: String) -> String { #"{"op":"call","type":"reject","call_id":"\#(id)"}"# }
}

extension Session {
    /// A connection of `user` following `rooms`, open while `body` runs; the close frame the server sent, if any.
    @discardableResult
    func phone(_ user: String, following rooms: [String] = ["lobby"], _ body: @escaping @Sendable (Phone) async throws -> Void)
        async throws -> WebSocketCloseFrame?
    {
        try await socket(user) { socket in
            let phone = Phone(user: user, socket: socket)
            for room in rooms { try await phone.follow(room) }
            try await body(phone)
        }
    }

    /// A Socket.IO connection of `user` whose subscribe to `room` was acknowledged, open while `body` runs.
    func socketIO(_ user: String, following room: String, _ body: @escaping @Sendable (SocketIOParty) async throws -> Void)
        async throws
    {
        let token = try token(user)
        let url = "ws://127.0.0.1:\(port)/socket.io/?EIO=4&transport=websocket"
        try await WebSocketClient.connect(url: url, logger: Logger(label: "client")) { inbound, outbound, _ in
            let party = SocketIOParty(outbound: outbound, inbound: inbound)
            #expect(try await party.next().hasPrefix("0{"), "Engine.IO's open packet")
            try await party.send(#"40{"token":"\#(token)"}"#)
            #expect(try await party.next().hasPrefix(#"40{"sid":"#))
            try await party.send(#"420["subscribe",{"room":"\#(room)"}]"#)
            #expect(try await party.next() == #"430[{"status":"ok","room":"\#(room)"}]"#)
            try await body(party)
            try await outbound.close(.normalClosure, reason: nil)
        }
    }

    /// A connection for each of `users` (a user named twice has two), each following lobby, open while `body` runs.
    func phones(_ users: [String], _ body: @escaping @Sendable ([Phone]) async throws -> Void) async throws {
        guard let user = users.first else { return try await body([]) }
        try await phone(user) { first in
            try await phones(Array(users.dropFirst())) { others in try await body([first] + others) }
        }
    }

    /// alice and bob, both following lobby.
    func aliceAndBob(_ body: @escaping @Sendable (Phone, Phone) async throws -> Void) async throws {
        try await phones(["alice", "bob"]) { try await body($0[0], $0[1]) }
    }

    /// The `call.*` audit entries of call `id`, oldest first.
    func callAudit(_ id: String) async throws -> [AuditRecord] {
        try await server.gateway.store.auditEntries(after: 0, limit: 1000).map(\.record).filter {
            $0.action.hasPrefix("call.") && $0.subject == "call:\(id)"
        }
    }

    /// The `call.end` entry of call `id` once written (the parties may hear the hangup just before).
    func callEnd(_ id: String) async throws -> AuditRecord? {
        _ = try await eventually { try await callAudit(id).contains { $0.action == "call.end" } }
        return try await callAudit(id).first { $0.action == "call.end" }
    }

    /// Checks how call `id` ended: its `call.end` entry (by `actor`, with `outcome`) and `count` calls counted so.
    @discardableResult
    func expectEnded(
        _ id: String, _ outcome: String, by actor: String, count: Int = 1, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> AuditRecord {
        let end = try #require(try await callEnd(id), "no call.end for \(id)", sourceLocation: sourceLocation)
        #expect(end.actor == actor && end.details["outcome"] == outcome, "\(end)", sourceLocation: sourceLocation)
        let counted = #"modgate_calls_total{outcome="\#(outcome)"} \#(count)"#
        #expect(try await metrics().contains(counted), "no \(counted)", sourceLocation: sourceLocation)
        return end
    }

    /// The gateway's metrics text.
    func metrics() async throws -> String { String(buffer: try await request("/metrics").body) }

    /// The live calls as `GET /v1/admin/calls` lists them for a moderator.
    func liveCalls() async throws -> [JSONValue] {
        let response = try await request("/v1/admin/calls", user: "mod", role: .moderator)
        #expect(response.status == .ok)
        return try JSONValue(response)["calls"].array
    }
}
