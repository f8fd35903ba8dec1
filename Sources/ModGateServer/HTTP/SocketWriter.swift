import ModGateCore
import NIOCore
import NIOWebSocket
import Synchronization

/// Sends one connection's text frames straight to its channel. Frames queued by any task before the event
/// loop's next turn go out together, written and flushed once: a burst of acks or a subscriber that fell
/// behind costs one system call, not one per frame.
///
/// Closing stays with the WebSocket handler. Calling `close()` before it sends a close frame keeps what is
/// queued ahead of that frame and stops the writer, so nothing queued is lost and nothing follows the close.
final class SocketWriter: Sendable {
    private struct Pending {
        var frames: [ByteBuffer] = []
        var drainScheduled = false
        var closed = false
        /// Completes when the last frame written so far has reached the socket.
        var lastWrite: EventLoopFuture<Void>?
    }

    private let channel: any Channel
    private let pending = Mutex(Pending())
    /// How long the peer may leave its socket full before the connection is dropped (it stopped reading).
    private let stallLimit: TimeAmount

    init(channel: any Channel, stallLimit: Double) {
        self.channel = channel
        self.stallLimit = .milliseconds(Int64(saturating: stallLimit * 1000))
    }

    /// Queues `frames` in order; after `close()`, or once the connection is gone, they are dropped. While the
    /// socket's buffer is full (the peer does not read) it waits for what was written to reach the socket, so
    /// a client that does not read holds back only its own senders.
    func send(_ frames: [ByteBuffer]) async throws {
        if enqueue(frames) { try await backpressure() }
    }

    /// Queues `frames` in order without waiting, as `send` does; false when the writer is closed.
    func enqueue(_ frames: [ByteBuffer]) -> Bool {
        guard !frames.isEmpty else { return false }
        return pending.withLock { pending in
            guard !pending.closed else { return false }
            pending.frames += frames
            if !pending.drainScheduled {
                pending.drainScheduled = true
                // Scheduled under the lock, so drains run in the order their frames were queued.
                channel.eventLoop.execute { self.drain() }
            }
            return true
        }
    }

    /// While the socket's buffer is full, waits for what was written to reach it (after `enqueue`).
    func backpressure() async throws {
        if !channel.isWritable { try await waitForSocket() }
    }

    func send(_ frame: ByteBuffer) async throws { try await send([frame]) }

    /// Waits until every frame sent so far has reached the socket: a reader of pages sends the next one only
    /// when the client has taken the last.
    func drained() async throws {
        if pending.withLock({ !$0.closed }) { try await waitForSocket() }
    }

    /// Stops the writer: what is queued still goes out, ahead of a close frame sent after this call (the
    /// event loop runs its tasks in order); whatever is sent later is dropped.
    func close() {
        pending.withLock { $0.closed = true }
    }

    /// Waits until the frames written so far have reached the socket. Cancelling the wait (a shutdown that
    /// ran out of time), or a peer that leaves its socket full for `stallLimit`, closes the connection.
    private func waitForSocket() async throws {
        // Runs after the drain of the frames just queued: the event loop keeps the order of its tasks.
        let written = try await channel.eventLoop.submit { self.pending.withLock { $0.lastWrite } }.get()
        guard let written else { return }
        let stalled = channel.eventLoop.scheduleTask(in: stallLimit) { [channel] in channel.close(promise: nil) }
        defer { stalled.cancel() }
        try await withTaskCancellationHandler {
            try await written.get()
        } onCancel: { [channel] in
            channel.close(promise: nil)
        }
    }

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
