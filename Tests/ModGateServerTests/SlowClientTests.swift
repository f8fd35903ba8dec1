import Foundation
import HummingbirdWSClient
import ModGateServer
import ModGateTestSupport
import NIOWebSocket
import Testing

/// A subscriber that stops reading is cut off; the room and its sender carry on (DeliveryHubTests show
/// that other subscribers keep getting everything).
@Suite(.timeLimit(.minutes(1)))
struct SlowClientTests {
    /// Enough 4 KB messages (16 MB) to fill the slow client's socket buffers and then its 256-event queue.
    static let count = 4000
    static let padding = String(repeating: "x", count: 4000)

    /// Which bound of the slow client's queue overflows first.
    enum QueueBound: CaseIterable {
        case events, bytes
    }

    @Test(arguments: QueueBound.allCases)
    func aSubscriberThatNeverReadsIsCutOffWhileTheSenderCarriesOn(_ bound: QueueBound) async throws {
        var limits = Limits()
        switch bound {
        case .events: limits.subscriberBuffer = 256
        case .bytes:
            // 64 KB hold 15 of the 4 KB messages, far below the event count.
            limits.subscriberBuffer = 100_000
            limits.maxConnectionBytes = 65_536
        }
        var harness = try GatewayHarness(limits: limits)
        harness.config.synchronous = .normal
        try await harness.run { session in
            let close = try await session.socket("slow") { slow in
                try await Self.join(slow)
                try await session.socket("alice") { alice in
                    for index in 1...Self.count {
                        try await alice.send(#"{"op":"send","room":"flood","text":"\#(index) \#(Self.padding)","cid":"\#(index)"}"#)
                    }
                    for index in 1...Self.count {
                        let ack = try await alice.next(op: "ack")
                        #expect(ack["status"] as? String == "delivered" && ack["cid"] as? String == "\(index)")
                    }
                }
                // Only now does the slow client read: what the server had queued, then the close.
                let seqs = try await Self.read(slow, until: Self.count)
                #expect(seqs.count < Self.count)
                #expect(seqs == Array(seqs.indices.map { $0 + 1 }))
            }
            #expect(close?.closeCode == .unknown(4008))
        }
    }

    @Test func aClientThatStopsReadingIsDroppedAfterTheWriteStall() async throws {
        var limits = Limits()
        limits.writeStall = 0.5
        limits.subscriberBuffer = 2 * Self.count  // never overflows: only the stall can end it
        var harness = try GatewayHarness(limits: limits)
        harness.config.synchronous = .normal
        try await harness.run { session in
            let hub = session.server.gateway.bus
            try await session.socket("stalled") { stalled in
                try await Self.join(stalled)
                try await session.socket("alice") { alice in
                    // Enough to fill the stalled client's socket buffers.
                    for index in 1...Self.count {
                        try await alice.send(#"{"op":"send","room":"flood","text":"\#(index) \#(Self.padding)","cid":"\#(index)"}"#)
                    }
                    for _ in 1...Self.count { _ = try await alice.next(op: "ack") }
                    // The stalled connection goes; alice's stays.
                    let deadline = ContinuousClock.now + .seconds(30)
                    while hub.connectionCount > 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                    #expect(hub.connectionCount == 1)
                }
                // It sees what reached its socket, then the end of the connection.
                let seqs = try await Self.read(stalled, until: Self.count)
                #expect(seqs.count < Self.count)
            }
        }
    }

    /// Subscribes to the flood room; the ack of a send after it proves the subscription is in place.
    static func join(_ socket: Socket) async throws {
        try await socket.send(#"{"op":"subscribe","room":"flood"}"#)
        try await socket.send(#"{"op":"send","room":"elsewhere","text":"ready","cid":"ready"}"#)
        _ = try await socket.next(op: "ack")
    }

    /// The sequence numbers of the flood messages that arrive, until `count` of them or the end of the connection.
    static func read(_ socket: Socket, until count: Int) async throws -> [Int] {
        var seqs: [Int] = []
        while seqs.count < count, let frame = try await socket.nextOrEnd() {
            guard frame["op"] as? String == "msg", let seq = frame["seq"] as? Int else { continue }
            #expect(frame["text"] as? String == "\(seq) \(padding)")
            seqs.append(seq)
        }
        return seqs
    }
}
