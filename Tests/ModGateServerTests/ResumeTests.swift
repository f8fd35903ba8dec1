import Foundation
import Hummingbird
import HummingbirdTesting
import ModGateServer
import ModGateTestSupport
import Testing

/// Resumes against a real gateway: removed messages are retracted, never shown; a resume reads in pages;
/// subscribing again reads nothing; subscribe frames are throttled.
@Suite(.timeLimit(.minutes(2)))
struct ResumeTests {
    @Test func aResumeRetractsWhatWasRemovedWhileTheClientWasAway() async throws {
        try await GatewayHarness.quiet().run { session in
            let ids = try await session.postMessages(3, room: "lobby")
            #expect(try await session.post("/v1/admin/messages/\(ids[1])/remove", as: "mod", #"{"reason":"doxxing"}"#).status == .ok)
            try await session.socket("bob") { bob in
                try await bob.send(#"{"op":"subscribe","room":"lobby","since":0}"#)
                let frames = try await bob.framesUntilSentinel(session, room: "lobby")
                #expect(frames == ["msg \(ids[0])", "retract \(ids[1])", "msg \(ids[2])"])
            }
        }
    }

    /// Removals race a resume read in pages of 5; whatever the interleaving, a message is never shown after
    /// its retraction, and every removed message ends retracted.
    @Test func aRemovalDuringAResumeIsNeverFollowedByItsMessage() async throws {
        var limits = Limits()
        limits.maxPage = 5
        var harness = try GatewayHarness(limits: limits)
        harness.config.rulesWatchInterval = nil
        try await harness.run { session in
            let ids = try await session.postMessages(200, room: "busy")
            let removed = Array(ids[40..<120].shuffled().prefix(30))
            try await session.socket("bob") { bob in
                try await bob.send(#"{"op":"subscribe","room":"busy","since":0}"#)
                for id in removed {
                    let (status, _) = try await session.separatePost("/v1/admin/messages/\(id)/remove", as: "mod", #"{"reason":"spam"}"#)
                    #expect(status == .ok)
                }
                let frames = try await bob.framesUntilSentinel(session, room: "busy")
                var shown = Set<Int>()
                var retracted = Set<Int>()
                for frame in frames {
                    let parts = frame.split(separator: " ")
                    let id = try #require(Int(parts[1]))
                    if parts[0] == "msg" {
                        #expect(!retracted.contains(id), "message \(id) shown after its retraction")
                        shown.insert(id)
                    } else {
                        retracted.insert(id)
                        shown.remove(id)
                    }
                }
                #expect(shown == Set(ids).subtracting(removed))
            }
        }
    }

    @Test func subscribingAgainToAFollowedRoomReadsNothingAgain() async throws {
        try await GatewayHarness.quiet().run { session in
            let ids = try await session.postMessages(3, room: "lobby")
            try await session.socket("bob") { bob in
                try await bob.send(#"{"op":"subscribe","room":"lobby","since":0}"#)
                try await bob.send(#"{"op":"subscribe","room":"lobby","since":0}"#)
                try await bob.send(#"{"op":"subscribe","room":"lobby","since":0}"#)
                let frames = try await bob.framesUntilSentinel(session, room: "lobby")
                #expect(frames == ids.map { "msg \($0)" })
            }
        }
    }

    @Test func subscribeFramesPastTheBurstAreThrottled() async throws {
        var limits = Limits()
        limits.subscribeBurst = 3
        limits.subscribeCount = 1
        limits.subscribePeriod = 3600
        var harness = try GatewayHarness(limits: limits)
        harness.config.rulesWatchInterval = nil
        try await harness.run { session in
            try await session.socket("bob") { bob in
                for room in ["a", "b", "c", "d"] { try await bob.send(#"{"op":"subscribe","room":"\#(room)","since":0}"#) }
                let error = try await bob.next(op: "error")
                #expect(error["code"] as? String == "subscribe_throttled")
                let wait = try #require(error["retry_after"] as? Double)
                #expect(wait > 3000 && wait <= 3600)
                // The connection lives: sends and the rooms it follows still work.
                let frames = try await bob.framesUntilSentinel(session, room: "c")
                #expect(frames.isEmpty)
            }
        }
    }
}

/// The connection bounds of defect 3 read from the `server` section, with the place of a bad value.
@Test func connectionMemoryAndSubscribeRateComeFromTheServerSection() throws {
    let files = try Scratch([
        "good.yaml": "server:\n  max_connection_bytes: 1048576\n  subscribe_rate: 5/10s\n  subscribe_burst: 20\n",
        "small.yaml": "server:\n  max_connection_bytes: 1000\n",
        "rate.yaml": "server:\n  subscribe_rate: fast\n",
    ])
    let limits = try GatewayConfig.load(path: files.path("good.yaml")).limits
    #expect(limits.maxConnectionBytes == 1_048_576)
    #expect(limits.subscribeCount == 5 && limits.subscribePeriod == 10 && limits.subscribeBurst == 20)
    #expect(throws: (any Error).self) { try GatewayConfig.load(path: files.path("small.yaml")) }
    #expect {
        try GatewayConfig.load(path: files.path("rate.yaml"))
    } throws: { error in
        "\(error)".contains("rate.yaml:2") && "\(error)".contains("'subscribe_rate' must be a count per duration")
    }
}

extension Session {
    /// Posts `count` messages as alice to `room`; their ids, in order.
    func postMessages(_ count: Int, room: String) async throws -> [Int] {
        var ids: [Int] = []
        for index in 1...count {
            let ack = try JSONValue(try await post("/v1/rooms/\(room)/messages", as: "alice", role: .member, #"{"text":"m\#(index)"}"#))
            ids.append(try #require(ack["id"].int))
        }
        return ids
    }
}

extension Socket {
    /// The `msg` and `retract` frames of `room` ("msg ID", "retract ID") until a sentinel message posted now.
    func framesUntilSentinel(_ session: Session, room: String) async throws -> [String] {
        let sentinel = try await session.postMessages(1, room: room)[0]
        var frames: [String] = []
        while true {
            let frame = try await next()
            guard let op = frame["op"] as? String, op == "msg" || op == "retract", frame["room"] as? String == room else { continue }
            let id = try #require(frame["id"] as? Int)
            if id == sentinel { return frames }
            frames.append("\(op) \(id)")
        }
    }
}
