import NIOCore
import Testing

@testable import ModGateServer

/// Engine.IO sessions on the gateway's clock: pings, expiry, the polling outbox and the bounded inbox.
struct EngineSessionTests {
    @Test func theServerPingsEachIntervalAndExpiresASilentClient() {
        var heartbeat = Heartbeat(interval: 25, timeout: 20, connectTimeout: 45, openedAt: 100)
        heartbeat.connect()
        #expect(heartbeat.tick(at: 124) == .wait)
        #expect(heartbeat.tick(at: 125) == .ping)
        #expect(heartbeat.tick(at: 130) == .wait)
        heartbeat.pong(at: 130)
        #expect(heartbeat.tick(at: 154) == .wait)
        #expect(heartbeat.tick(at: 155) == .ping)
        #expect(heartbeat.tick(at: 174) == .wait)
        #expect(heartbeat.tick(at: 175) == .expire)
    }

    @Test func aSessionThatNeverConnectsExpires() {
        var heartbeat = Heartbeat(interval: 25, timeout: 20, connectTimeout: 45, openedAt: 0)
        #expect(heartbeat.tick(at: 25) == .ping)
        heartbeat.pong(at: 26)
        #expect(heartbeat.tick(at: 44) == .wait)
        #expect(heartbeat.tick(at: 45) == .expire)
    }

    @Test func sessionsThatStopAnsweringAreClosedByTheTick() async throws {
        let sessions = EngineSessions(limits: Limits(), now: { 1000 })
        let quiet = try #require(sessions.open(transport: .polling, handshakeIdentity: nil))
        let lively = try #require(sessions.open(transport: .polling, handshakeIdentity: nil))
        quiet.connect(as: "alice")
        lively.connect(as: "bob")
        #expect(await sessions.tick(at: 1025) == 0)
        #expect(await polled(lively) == ["2"])
        #expect(await lively.receive(.pong(""), at: 1030))
        #expect(await sessions.tick(at: 1045) == 1)
        #expect(quiet.isClosed && !lively.isClosed)
        // What waited for the silent client is dropped; a late poll hears the close.
        #expect(await polled(quiet) == ["1"])
    }

    @Test func theNumberOfSessionsIsBounded() throws {
        var limits = Limits()
        limits.maxSocketIOSessions = 2
        let sessions = EngineSessions(limits: limits, now: { 0 })
        let first = try #require(sessions.open(transport: .polling, handshakeIdentity: nil))
        #expect(sessions.open(transport: .websocket, handshakeIdentity: nil) != nil)
        #expect(sessions.open(transport: .polling, handshakeIdentity: nil) == nil)
        sessions.remove(first)
        #expect(sessions.open(transport: .polling, handshakeIdentity: nil) != nil)
        #expect(sessions.session(first.sid) == nil)
    }

    @Test func aPollGetsWhatIsQueuedAndOnlyOnePollWaits() async throws {
        let outbox = EngineOutbox(maxBytes: 1024)
        try await outbox.send([ByteBuffer(string: "2"), ByteBuffer(string: "42[\"msg\",{}]")])
        #expect(await outbox.poll()?.map { String(buffer: $0) } == ["2", "42[\"msg\",{}]"])
        // Nothing queued: this poll waits, and a second one at the same time is refused.
        async let waiting = outbox.poll()
        while !outbox.isPolling { await Task.yield() }
        #expect(await outbox.poll() == nil)
        outbox.endPoll()
        #expect(await waiting?.map { String(buffer: $0) } == ["6"])
        outbox.close(after: [ByteBuffer(string: "41")])
        #expect(await outbox.poll()?.map { String(buffer: $0) } == ["41", "1"])
        #expect(await outbox.poll()?.map { String(buffer: $0) } == ["1"])
    }

    @Test func aSenderWaitsWhileTheOutboxIsFullUntilAPollTakesIt() async throws {
        let outbox = EngineOutbox(maxBytes: 4)
        async let sent: Void = outbox.send([ByteBuffer(string: "4hello")])
        var packets: [String] = []
        while packets.isEmpty {
            packets = (await outbox.poll() ?? []).map { String(buffer: $0) }
        }
        try await sent
        #expect(packets == ["4hello"])
    }

    @Test func theInboxHoldsAtMostItsCapacity() async {
        let inbox = EngineInbox(capacity: 2)
        let a = await inbox.push("a"), b = await inbox.push("b")
        #expect(a && b)
        async let third = inbox.push("c")
        var iterator = inbox.makeAsyncIterator()
        #expect(await iterator.next() == "a")
        #expect(await third)
        inbox.finish()
        #expect(await iterator.next() == "b")
        #expect(await iterator.next() == "c")
        #expect(await iterator.next() == nil)
        #expect(!(await inbox.push("d")))
    }

    private func polled(_ session: EngineSession) async -> [String]? {
        await session.outbox.poll()?.map { String(buffer: $0) }
    }
}
