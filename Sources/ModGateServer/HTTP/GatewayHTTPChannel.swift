import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import Prometheus

/// The gateway's HTTP/1 channel with WebSocket upgrade, behind the connection cap and the header deadline:
/// past `max_connections` a new connection is answered 503 and closed before anything is read.
struct GatewayHTTPChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        /// The HTTP/1 channel's own value; nil for a connection refused past the cap.
        let admitted: HTTP1WebSocketUpgradeChannel.Value?
        let channel: any Channel
    }

    let inner: HTTP1WebSocketUpgradeChannel
    let gate: ConnectionGate
    let headerTimeout: TimeAmount
    let metrics: LimitMetrics

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard gate.admitConnection() else {
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(Refusal(answer: Self.busy(gate.maxConnections)))
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
private final class Refusal: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let answer: String

    private var answered = false

    init(answer: String) { self.answer = answer }

    /// A channel already active when the handler arrives hears no `channelActive`: answer at once.
    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context) }
    }

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
    /// HTTP/1 with `/v1/ws` upgrades, its connections capped and timed (`server.max_connections`,
    /// `server.header_timeout`, `server.idle_timeout`).
    static func gateway(
        upgrade: WebSocketUpgrade, gate: ConnectionGate, limits: Limits, metrics: LimitMetrics
    ) -> HTTPServerBuilder {
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: .milliseconds(Int64(limits.idleTimeout * 1000))),
            ws: .init(maxFrameSize: limits.maxFrameBytes, validateUTF8: true))
        return HTTPServerBuilder { responder in
            GatewayHTTPChannel(
                inner: HTTP1WebSocketUpgradeChannel(responder: responder, configuration: configuration) { head, channel, _ in
                    upgrade.decide(head, channel: channel)
                },
                gate: gate, headerTimeout: .milliseconds(Int64(limits.headerTimeout * 1000)), metrics: metrics)
        }
    }
}
