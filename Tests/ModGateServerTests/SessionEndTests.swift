import Foundation
import HummingbirdWSClient
import ModGateServer
import ModGateTestSupport
import NIOWebSocket
import Synchronization
import Testing

/// A token is checked for the whole life of a connection: expiry and bans close live sockets.
@Suite(.timeLimit(.minutes(1)))
struct SessionEndTests {
    @Test func anExpiredTokenClosesTheSocketWith4401AndTheClientResumesWithANewOne() async throws {
        let clock = ManualClock(Date().timeIntervalSince1970)
        var harness = try GatewayHarness()
        harness.now = { clock.now }
        try await harness.run { session in
            let close = try await session.socket("carol", ttl: 60) { carol in
                try await carol.join("lobby")
                try await session.socket("alice", ttl: 3600) { alice in
                    try await alice.send(#"{"op":"send","room":"lobby","text":"m1"}"#)
                    _ = try await alice.next(op: "ack")
                }
                #expect(try await carol.next(op: "msg")["seq"] as? Int == 1)
                clock.advance(by: 61)
                let error = try await carol.next(op: "error")
                #expect(error["code"] as? String == "token_expired")
                #expect(try await carol.rest().isEmpty)
            }
            #expect(close?.closeCode == .unknown(4401))
            // Sent while carol is away; a new token and `since` bring it.
            try await session.socket("alice") { alice in
                try await alice.send(#"{"op":"send","room":"lobby","text":"m2"}"#)
                _ = try await alice.next(op: "ack")
            }
            try await session.socket("carol", ttl: 60) { carol in
                try await carol.send(#"{"op":"subscribe","room":"lobby","since":1}"#)
                let msg = try await carol.next(op: "msg")
                #expect(msg["seq"] as? Int == 2 && msg["text"] as? String == "m2")
            }
        }
    }

    @Test func aBanClosesEverySocketOfTheUserAtOnceAndNewOnesAtTheStart() async throws {
        try await GatewayHarness().run { session in
            let (joined, join) = AsyncStream.makeStream(of: Void.self)
            let closes = try await withThrowingTaskGroup(of: WebSocketCloseFrame?.self) { group in
                for _ in 1...2 {
                    group.addTask {
                        try await session.socket("bob") { bob in
                            try await bob.join("lobby")
                            join.yield()
                            let error = try await bob.next(op: "error")
                            #expect(error["code"] as? String == "user_banned")
                            #expect(try await bob.rest().isEmpty)
                        }
                    }
                }
                for await _ in joined.prefix(2) {}
                let response = try await session.post("/v1/admin/users/bob/ban", as: "mod", #"{"reason":"spam"}"#)
                #expect(response.status == .ok)
                return try await group.reduce(into: []) { $0.append($1?.closeCode) }
            }
            #expect(closes == [.unknown(4403), .unknown(4403)])
            // A new connection is closed at once.
            let again = try await session.socket("bob") { (bob: Socket) async throws in
                #expect(try await bob.next(op: "error")["code"] as? String == "user_banned")
                #expect(try await bob.rest().isEmpty)
            }
            #expect(again?.closeCode == .unknown(4403))
            // Nor does the room's history answer over HTTP; others still read it.
            let history = try await session.request("/v1/rooms/lobby/messages", user: "bob")
            #expect(history.status == .forbidden && String(buffer: history.body).contains(#""code":"user_banned""#))
            #expect(try await session.request("/v1/rooms/lobby/messages", user: "alice").status == .ok)
        }
    }
}

/// A clock that moves only when a test moves it (seconds since 1970).
final class ManualClock: Sendable {
    private let time: Mutex<Double>

    init(_ start: Double) { time = Mutex(start) }

    var now: Double { time.withLock { $0 } }

    func advance(by seconds: Double) { time.withLock { $0 += seconds } }
}
