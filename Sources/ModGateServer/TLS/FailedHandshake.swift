import NIOCore
import NIOSSL

/// Ends the connection of a failed TLS handshake (plain HTTP on the TLS port, a TLS version below 1.2, a scanner)
/// quietly, after counting it. The TLS handler closes the connection itself; without this, the HTTP upgrade handler
/// behind it, removed before any request, would fail its result and Hummingbird log that as an error, once per such
/// client. Told that the input closed, it ends as for a client that hung up before its request (logged at trace).
final class FailedHandshake: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let failed: @Sendable () -> Void

    init(failed: @escaping @Sendable () -> Void) { self.failed = failed }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard case NIOSSLError.handshakeFailed = error else { return context.fireErrorCaught(error) }
        failed()
        context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    }
}
