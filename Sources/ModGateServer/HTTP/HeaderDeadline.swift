import NIOCore

/// Closes a connection whose first request has not finished its headers (the blank line after them) within
/// `timeout`: a slowloris client otherwise holds its socket forever. Later requests on the connection are
/// bounded by the HTTP idle timeout, which the partial headers of a stalled request do not reset.
final class HeaderDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let expired: @Sendable () -> Void
    private var deadline: Scheduled<Void>?
    /// How much of the blank line the bytes read so far end with, so that one split across reads is found.
    private var matched = 0

    init(timeout: TimeAmount, expired: @escaping @Sendable () -> Void) {
        self.timeout = timeout
        self.expired = expired
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { [expired] in
            expired()
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) { deadline?.cancel() }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let done = endsHeaders(unwrapInboundIn(data))
        context.fireChannelRead(data)
        if done { context.pipeline.syncOperations.removeHandler(context: context, promise: nil) }
    }

    /// Whether `bytes` complete the blank line that ends the headers.
    private func endsHeaders(_ bytes: ByteBuffer) -> Bool {
        for byte in bytes.readableBytesView {
            matched = byte == Self.blankLine[matched] ? matched + 1 : (byte == Self.blankLine[0] ? 1 : 0)
            if matched == Self.blankLine.count { return true }
        }
        return false
    }

    private static let blankLine: [UInt8] = Array("\r\n\r\n".utf8)
}
