import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOSSL
import Prometheus

/// The gateway's HTTP/1 channel with WebSocket upgrade, behind TLS when it has a certificate, the connection cap
/// and the header deadline: past `max_connections` a new connection is answered 503 and closed before anything
/// is read.
struct GatewayHTTPChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        /// The HTTP/1 channel's own value; nil for a connection refused past the cap.
        let admitted: HTTP1WebSocketUpgradeChannel.Value?
        let channel: any Channel
    }

    let inner: HTTP1WebSocketUpgradeChannel
    /// The certificate to serve; nil: plain HTTP.
    let tls: LiveCertificate?
    let gate: ConnectionGate
    let headerTimeout: TimeAmount
    let metrics: LimitMetrics

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            // First, so that everything said on the connection is encrypted, a refusal past the cap included. The
            // header deadline below also bounds the handshake: a client that never finishes it is closed in time.
            if let tls {
                try channel.pipeline.syncOperations.addHandlers(
                    NIOSSLServerHandler(context: tls.context), FailedHandshake { [metrics] in metrics.failedHandshakes.increment() })
            }
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        guard gate.admitConnection() else {
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(Refusal(answer: Self.busy(gate.maxConnections), deadline: headerTimeout))
                return Value(admitted: nil, channel: channel)
            }
        }
        channel.closeFuture.whenComplete { [gate] _ in gate.releaseConnection() }
        do {
            try channel.pipeline.syncOperations.addHandler(
                HeaderDeadline(timeout: headerTimeout) { [metrics] in metrics.headerTimeouts.increment() })
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger).map { Value(admitted: $0, channel: channel) }
    }

    func handle(value: Value, logger: Logger) async {
        guard let admitted = value.admitted else {
            // The refusal closes the channel once its answer is written; returning earlier would cut it off.
            try? await value.channel.closeFuture.get()
            return
        }
        await inner.handle(value: admitted, logger: logger)
    }

    /// The whole answer to a connection past the cap: no request is read, so it is written as bytes.
    static func busy(_ limit: Int) -> String {
        let body = #"{"code":"too_many_connections","message":"the gateway has its limit of \#(limit) connections open; try again shortly"}"#
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Retry-After: 1\r\nConnection: close\r\n\r\n\(body)"
    }
}

/// Answers a refused connection once it is registered and active, then closes it; what the client sends is dropped.
/// Behind TLS the answer waits for the handshake: a client that does not finish it is closed at `deadline`.
private final class Refusal: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let answer: String
    let deadline: TimeAmount

    private var answered = false
    private var closing: Scheduled<Void>?

    init(answer: String, deadline: TimeAmount) {
        self.answer = answer
        self.deadline = deadline
    }

    /// A channel already active when the handler arrives hears no `channelActive`: answer at once.
    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        closing = context.eventLoop.scheduleTask(in: deadline) { channel.close(promise: nil) }
        if channel.isActive { refuse(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { closing?.cancel() }

    func channelActive(context: ChannelHandlerContext) {
        refuse(context)
        context.fireChannelActive()
    }

    /// Writes the answer once, then closes.
    private func refuse(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer))).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

extension HTTPServerBuilder {
    /// HTTP/1 with `/v1/ws` upgrades, over TLS when `tls` is given, its connections capped and timed
    /// (`server.max_connections`, `server.header_timeout`, `server.idle_timeout`).
    static func gateway(
        upgrade: WebSocketUpgrade, tls: LiveCertificate?, gate: ConnectionGate, limits: Limits, metrics: LimitMetrics
    ) -> HTTPServerBuilder {
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: .milliseconds(Int64(limits.idleTimeout * 1000))),
            ws: .init(maxFrameSize: limits.maxFrameBytes, validateUTF8: true))
        return HTTPServerBuilder { responder in
            GatewayHTTPChannel(
                inner: HTTP1WebSocketUpgradeChannel(responder: responder, configuration: configuration) { head, channel, _ in
                    upgrade.decide(head, channel: channel)
                },
                tls: tls, gate: gate, headerTimeout: .milliseconds(Int64(limits.headerTimeout * 1000)), metrics: metrics)
        }
    }
}
