import Foundation
import ModGateServer
import ModGateTestSupport
import Synchronization
import Testing

/// The room sequencer forgets rooms idle for `server.room_idle`, and a forgotten room's messages still go
/// out in sequence order, whether the writer or an approval brings it back.
@Suite(.timeLimit(.minutes(2)))
struct RoomForgettingTests {
    /// A clock the test moves by hand, in seconds since 1970.
    final class Clock: Sendable {
        private let seconds = Mutex(Date().timeIntervalSince1970)
        var now: Double { seconds.withLock { $0 } }
        func advance(by interval: Double) { seconds.withLock { $0 += interval } }
    }

    @Test func aForgottenRoomKeepsItsOrder() async throws {
        let clock = Clock()
        var harness = try GatewayHarness.quiet()
        harness.config.limits.roomIdle = 60
        harness.now = { clock.now }
        try await harness.run { session in
            try await session.socket("reader") { reader in
                try await reader.join("quiet")
                try await session.socket("alice") { alice in
                    for text in ["one", "two"] { try await Self.send(text, to: "quiet", from: alice) }
                    // Ten minutes without a message in 'quiet'; the next publish anywhere sweeps it away.
                    clock.advance(by: 600)
                    try await Self.send("elsewhere", to: "busy", from: alice)
                    let metrics = String(buffer: try await session.request("/metrics").body)
                    #expect(metrics.contains("modgate_sequencer_forgotten_rooms_total 2"))  // quiet and join-quiet
                    // An approval brings the room back, then the writer.
                    let held = try await session.hold("please holdme", room: "quiet")
                    #expect(try await session.post("/v1/admin/queue/\(held)/approve", as: "mod", "").status == .ok)
                    try await Self.send("four", to: "quiet", from: alice)
                }
                var seen: [Int] = []
                while seen.count < 4 {
                    let message = try await reader.next(op: "msg")
                    seen.append(try #require(message["seq"] as? Int))
                }
                #expect(seen == [1, 2, 3, 4])
            }
        }
    }

    static func send(_ text: String, to room: String, from socket: Socket) async throws {
        try await socket.send(#"{"op":"send","room":"\#(room)","text":"\#(text)","cid":"\#(text)"}"#)
        #expect(try await socket.next(op: "ack")["status"] as? String == "delivered")
    }
}
