/// The figures of one `modgate bench gateway` run, folded from what every client saw.
struct GatewayReport: Encodable {
    var url: String
    var clients: Int
    var rooms: Int
    var subscribersPerRoom: Int
    var rate: Double
    var window: Int
    var seconds: Double
    var sent = 0
    var acked = 0
    var ackedPerSecond = 0.0
    var statuses: [String: Int] = [:]
    var unacked = 0
    var deliveries = 0
    var deliveriesPerSecond = 0.0
    var ackLatency: LatencySummary
    var deliveryLatency: LatencySummary
    /// Arrivals whose message id no sender had an ack for (acks lost to the drain deadline).
    var unmatchedDeliveries = 0
    var errors = 0
    var connectFailures = 0
    var serverCloses = 0
    var serverPeakRSS: NullableNumber
    var generatorPeakRSS: NullableNumber

    private enum CodingKeys: String, CodingKey {
        case url, clients, rooms, rate, window, seconds, sent, acked, statuses, unacked, deliveries, errors
        case subscribersPerRoom = "subscribers_per_room"
        case ackedPerSecond = "acked_per_second"
        case deliveriesPerSecond = "deliveries_per_second"
        case ackLatency = "ack_latency"
        case deliveryLatency = "delivery_latency"
        case unmatchedDeliveries = "unmatched_deliveries"
        case connectFailures = "connect_failures"
        case serverCloses = "server_closes"
        case serverPeakRSS = "server_peak_rss_kib"
        case generatorPeakRSS = "generator_peak_rss_kib"
    }

    init(outcomes: [LoadRun.Outcome], options: GatewayBenchmark, serverRSS: Int?, generatorRSS: Int?) {
        url = options.url
        clients = options.clients
        rooms = options.rooms
        subscribersPerRoom = options.subscribers
        rate = options.rate
        window = options.window
        seconds = options.seconds
        serverPeakRSS = NullableNumber(serverRSS)
        generatorPeakRSS = NullableNumber(generatorRSS)
        var ackNanos: [Int64] = []
        var sentAt: [Int64: Int64] = [:]
        var ackedInWindow = 0
        var deliveriesInWindow = 0
        var arrivals: [(id: Int64, at: Int64)] = []
        let names: [UInt8: String] = [
            UInt8(ascii: "d"): "delivered", UInt8(ascii: "h"): "held", UInt8(ascii: "s"): "shadowed",
            UInt8(ascii: "r"): "rejected",
        ]
        for outcome in outcomes {
            switch outcome {
            case .sender(let result):
                sent += result.sent
                acked += result.acked
                ackedInWindow += result.ackedInWindow
                errors += result.errors
                unacked += max(0, result.sent - result.acked - result.errors)
                for (status, count) in result.statuses { statuses[names[status] ?? "other", default: 0] += count }
                ackNanos += result.ackLatency.samples
                for message in result.delivered { sentAt[message.id] = message.sent }
                if !result.connected { connectFailures += 1 } else if result.closedByServer { serverCloses += 1 }
            case .subscriber(let result):
                deliveries += result.deliveries
                deliveriesInWindow += result.deliveriesInWindow
                errors += result.errors
                arrivals += result.arrivals.samples
                if !result.connected { connectFailures += 1 } else if result.closedByServer { serverCloses += 1 }
            case .timer:
                break
            }
        }
        ackedPerSecond = (Double(ackedInWindow) / seconds).rounded()
        deliveriesPerSecond = (Double(deliveriesInWindow) / seconds).rounded()
        ackLatency = LatencySummary(nanos: ackNanos)
        var deliveryNanos: [Int64] = []
        deliveryNanos.reserveCapacity(arrivals.count)
        for arrival in arrivals {
            if let sent = sentAt[arrival.id] { deliveryNanos.append(arrival.at - sent) } else { unmatchedDeliveries += 1 }
        }
        deliveryLatency = LatencySummary(nanos: deliveryNanos)
    }

    var text: String {
        let rss = serverPeakRSS.value.map { "\($0 / 1024) MiB" } ?? "n/a (pass --server-pid PID)"
        return """
            load:              \(clients) senders in \(rooms) rooms, \(subscribersPerRoom) subscribers per room, \
            \(rate > 0 ? "\(Int(rate)) messages/s" : "flat out"), window \(window), \(seconds) s against \(url)
            acked:             \(Int(ackedPerSecond)) messages/s (\(acked) acks for \(sent) sends; \
            \(statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
            deliveries:        \(Int(deliveriesPerSecond)) msg frames/s to subscribers (\(deliveries) in all)
            send to ack:       \(ackLatency.text)
            send to delivery:  \(deliveryLatency.text)
            errors:            \(errors) error frames, \(unacked) unacked, \(serverCloses) closed by the server, \
            \(connectFailures) failed to connect
            server peak RSS:   \(rss)
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
