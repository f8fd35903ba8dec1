import NIOCore
import NIOWebSocket
import Synchronization

/// Sends one connection's text frames straight to its channel. Frames queued by any task before the event
/// loop's next turn go out together, written and flushed once: a burst of acks or a subscriber that fell
/// behind costs one system call, not one per frame. Closing stays with the WebSocket handler, which queues
/// its close frame on the same event loop, after what was sent before it.
final class SocketWriter: Sendable {
    private struct Pending {
        var frames: [ByteBuffer] = []
        var drainScheduled = false
        /// Completes when the last frame written so far has reached the socket.
        var lastWrite: EventLoopFuture<Void>?
    }

    private let channel: any Channel
    private let pending = Mutex(Pending())

    init(channel: any Channel) { self.channel = channel }

    /// Queues `frames` in order. While the socket's buffer is full (the peer does not read) it waits for what
    /// was written to reach the socket, so a client that does not read holds back only its own senders.
    /// - Throws: when the connection has closed.
    func send(_ frames: [ByteBuffer]) async throws {
        guard !frames.isEmpty else { return }
        let schedule = pending.withLock { pending in
            pending.frames += frames
            defer { pending.drainScheduled = true }
            return !pending.drainScheduled
        }
        if schedule { channel.eventLoop.execute { self.drain() } }
        guard !channel.isWritable else { return }
        // Runs after the drain just scheduled (the event loop keeps order), so the write it waits for includes these frames.
        let lastWrite = try await channel.eventLoop.submit { self.pending.withLock { $0.lastWrite } }.get()
        try await lastWrite?.get()
    }

    func send(_ frame: ByteBuffer) async throws { try await send([frame]) }

    /// Writes every queued frame and flushes once; on the event loop.
    private func drain() {
        let frames = pending.withLock { pending in
            pending.drainScheduled = false
            defer { pending.frames.removeAll(keepingCapacity: true) }
            return pending.frames
        }
        guard !frames.isEmpty else { return }
        let written = channel.eventLoop.makePromise(of: Void.self)
        for (index, frame) in frames.enumerated() {
            let last = index == frames.count - 1
            channel.write(WebSocketFrame(fin: true, opcode: .text, data: frame), promise: last ? written : nil)
        }
        channel.flush()
        pending.withLock { $0.lastWrite = written.futureResult }
    }
}
