import NIOCore

/// A ``ClientSession``'s output as Socket.IO packets: frames as events named after their `op`, answers as the
/// acknowledgements the client asked for (or as events when it asked for none).
struct SocketIOSink: SessionSink {
    let engine: EngineSession

    func send(_ frames: [ByteBuffer]) async throws {
        try await engine.outbox.send(frames.map(SocketIOFrames.event))
    }

    func drained() async throws { try await engine.outbox.drained() }

    func answer(_ answer: SessionAnswer, to reply: Int64?) async throws {
        switch (answer, reply) {
        case (.frame(let frame), let id?): try await engine.outbox.send([SocketIOFrames.ack(id, frame)])
        case (.frame(let frame), nil): try await engine.outbox.send([SocketIOFrames.event(frame)])
        case (.applied(let change), let id?): try await engine.outbox.send([SocketIOFrames.ack(id, SocketIOFrames.applied(change))])
        case (.applied, nil): break
        }
    }

    /// Shutdown and a cut-off slow client close the transport, so that the client reconnects (and resumes with
    /// `since`); a ban or an expired or revoked token disconnects it from `/`, so that it does not come back on its own.
    func close(_ reason: SessionClose) async throws {
        switch reason {
        case .end(.goingAway):
            engine.close()
        case .end(.banned), .end(.tokenExpired), .end(.tokenRevoked), .end(.tokenKeyRetired):
            engine.close(after: [SocketIOFrames.disconnect])
        case .tooSlow, .resumeFailed:
            let code = reason == .tooSlow ? "too_slow" : "resume_failed"
            let failure = ServerFrame.Failure(code: code, message: reason.reason)
            engine.close(after: [SocketIOFrames.event(ByteBuffer(string: ServerFrame.encode(failure)))])
        }
    }
}
