/// The figures of one `modgate bench gateway` run, folded from what every client saw: overall and per node.
struct GatewayReport: Encodable {
    /// ws or socketio.
    var proto: String
    var urls: [String]
    var nodes: Int
    var clients: Int
    var rooms: Int
    var subscribersPerRoom: Int
    var rate: Double
    var window: Int
    var seconds: Double
    var sent: Int
    var acked: Int
    var ackedPerSecond: Double
    var statuses: [String: Int] = [:]
    var unacked: Int
    var deliveries: Int
    var deliveriesPerSecond: Double
    var ackLatency: LatencySummary
    var deliveryLatency: LatencySummary
    /// Send to delivery of the messages sent through another node than the subscriber's; left out with one node.
    var crossNodeDeliveryLatency: LatencySummary?
    var unmatchedDeliveries: Int
    var errors: Int
    var connectFailures: Int
    var serverCloses: Int
    var perNode: [NodeFigures]
    var serverPeakRSS: NullableNumber
    var generatorPeakRSS: NullableNumber

    private enum CodingKeys: String, CodingKey {
        case proto = "protocol"
        case urls, nodes, clients, rooms, rate, window, seconds, sent, acked, statuses, unacked, deliveries, errors
        case subscribersPerRoom = "subscribers_per_room"
        case ackedPerSecond = "acked_per_second"
        case deliveriesPerSecond = "deliveries_per_second"
        case ackLatency = "ack_latency"
        case deliveryLatency = "delivery_latency"
        case crossNodeDeliveryLatency = "cross_node_delivery_latency"
        case unmatchedDeliveries = "unmatched_deliveries"
        case connectFailures = "connect_failures"
        case serverCloses = "server_closes"
        case perNode = "per_node"
        case serverPeakRSS = "server_peak_rss_kib"
        case generatorPeakRSS = "generator_peak_rss_kib"
    }

    init(outcomes: [LoadRun.Outcome], options: GatewayBenchmark, proto: LoadProtocol, serverRSS: Int?, generatorRSS: Int?) {
        self.proto = proto.rawValue
        urls = options.nodes.map { (try? GatewayBenchmark.endpoint($0, proto)) ?? $0 }
        nodes = urls.count
        clients = options.clients
        rooms = options.rooms
        subscribersPerRoom = options.subscribers
        rate = options.rate
        window = options.window
        seconds = options.seconds
        serverPeakRSS = NullableNumber(serverRSS)
        generatorPeakRSS = NullableNumber(generatorRSS)
        // Every delivered message's send time and node, from the acks: a subscriber's arrival is matched by id.
        var sends: [Int64: (at: Int64, node: Int)] = [:]
        for case .sender(let result, let node) in outcomes {
            for message in result.delivered { sends[message.id] = (message.sent, node) }
        }
        var total = LoadTally()
        var tallies = Array(repeating: LoadTally(), count: urls.count)
        for outcome in outcomes {
            switch outcome {
            case .sender(let result, let node):
                total.add(result)
                tallies[node].add(result)
            case .subscriber(let result, let node):
                total.add(result, node: node, sends: sends)
                tallies[node].add(result, node: node, sends: sends)
            case .timer:
                break
            }
        }
        let names: [UInt8: String] = [
            UInt8(ascii: "d"): "delivered", UInt8(ascii: "h"): "held", UInt8(ascii: "s"): "shadowed",
            UInt8(ascii: "r"): "rejected",
        ]
        for (status, count) in total.statuses { statuses[names[status] ?? "other", default: 0] += count }
        sent = total.sent
        acked = total.acked
        ackedPerSecond = (Double(total.ackedInWindow) / seconds).rounded()
        unacked = total.unacked
        deliveries = total.deliveries
        deliveriesPerSecond = (Double(total.deliveriesInWindow) / seconds).rounded()
        ackLatency = LatencySummary(nanos: total.ackNanos)
        deliveryLatency = LatencySummary(nanos: total.deliveryNanos)
        crossNodeDeliveryLatency = urls.count > 1 ? LatencySummary(nanos: total.crossNodeNanos) : nil
        unmatchedDeliveries = total.unmatchedDeliveries
        errors = total.errors
        connectFailures = total.connectFailures
        serverCloses = total.serverCloses
        perNode = zip(urls, tallies).map { NodeFigures(url: $0, tally: $1, seconds: options.seconds) }
    }


    var text: String {
        let rss = serverPeakRSS.value.map { "\($0 / 1024) MiB" } ?? "n/a (pass --server-pid PID)"
        let crossNode = crossNodeDeliveryLatency.map { "\ncross-node:        \($0.text)" } ?? ""
        let perNodeText = nodes > 1 ? "\n" + perNode.enumerated().map { "node \($0.offset + 1) \($0.element.text)" }.joined(separator: "\n") : ""
        return """
            protocol:          \(proto == "ws" ? "/v1/ws" : "Socket.IO over WebSocket")
            load:              \(clients) senders in \(rooms) rooms, \(subscribersPerRoom) subscribers per room per node, \
            \(rate > 0 ? "\(Int(rate)) messages/s" : "flat out"), window \(window), \(seconds) s against \(nodes) node(s): \
            \(urls.joined(separator: " "))
            acked:             \(Int(ackedPerSecond)) messages/s (\(acked) acks for \(sent) sends; \
            \(statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
            deliveries:        \(Int(deliveriesPerSecond)) msg frames/s to subscribers (\(deliveries) in all)
            send to ack:       \(ackLatency.text)
            send to delivery:  \(deliveryLatency.text)\(crossNode)
            errors:            \(errors) error frames, \(unacked) unacked, \(serverCloses) closed by the server, \
            \(connectFailures) failed to connect
            server peak RSS:   \(rss)\(perNodeText)
            """
    }
}

/// A number that encodes as JSON null when absent (a figure that could not be measured).
struct NullableNumber: Encodable {
    var value: Int?

    init(_ value: Int?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// `--protocol both`: the two runs and how Socket.IO compares with `/v1/ws`.
struct ProtocolComparison: Encodable {
    var ws: GatewayReport
    var socketIO: GatewayReport
    /// Socket.IO's acked messages/s over /v1/ws's.
    var ackedRatio: Double
    /// Socket.IO's send-to-ack p99 over /v1/ws's.
    var p99Ratio: Double

    private enum CodingKeys: String, CodingKey {
        case ws
        case socketIO = "socketio"
        case ackedRatio = "acked_ratio"
        case p99Ratio = "ack_p99_ratio"
    }

    init(ws: GatewayReport, socketIO: GatewayReport) {
        self.ws = ws
        self.socketIO = socketIO
        ackedRatio = ws.ackedPerSecond > 0 ? (socketIO.ackedPerSecond / ws.ackedPerSecond * 1000).rounded() / 1000 : 0
        p99Ratio = ws.ackLatency.p99 > 0 ? (socketIO.ackLatency.p99 / ws.ackLatency.p99 * 1000).rounded() / 1000 : 0
    }

    var text: String {
        """
        \(ws.text)

        \(socketIO.text)

        Socket.IO / (v1/ws):  acked \(Int((ackedRatio * 100).rounded()))% (\(Int(socketIO.ackedPerSecond)) / \(Int(ws.ackedPerSecond)) messages/s), \
        send-to-ack p99 \(socketIO.ackLatency.p99) ms / \(ws.ackLatency.p99) ms
        """
    }
}
