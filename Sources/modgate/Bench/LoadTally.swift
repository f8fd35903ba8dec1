/// What the clients of one node (or of all nodes together) saw, added up: counts and raw latency samples.
struct LoadTally {
    var senders = 0
    var subscribers = 0
    var sent = 0
    var acked = 0
    var ackedInWindow = 0
    /// Acks by the first letter of their status: d, h, s, r.
    var statuses: [UInt8: Int] = [:]
    var errors = 0
    var unacked = 0
    var deliveries = 0
    var deliveriesInWindow = 0
    var ackNanos: [Int64] = []
    /// Send-to-delivery latencies of the arrivals matched to a send.
    var deliveryNanos: [Int64] = []
    /// The same, only of messages sent through another node than the subscriber's.
    var crossNodeNanos: [Int64] = []
    /// Arrivals whose message id no sender had an ack for (acks lost to the drain deadline).
    var unmatchedDeliveries = 0
    var connectFailures = 0
    var serverCloses = 0

    mutating func add(_ result: SenderResult) {
        senders += 1
        sent += result.sent
        acked += result.acked
        ackedInWindow += result.ackedInWindow
        errors += result.errors
        unacked += max(0, result.sent - result.acked - result.errors)
        statuses.merge(result.statuses, uniquingKeysWith: +)
        ackNanos += result.ackLatency.samples
        count(connected: result.connected, closedByServer: result.closedByServer)
    }

    /// Adds a subscriber on `node`, matching its arrivals to `sends` (message id → send time and sending node).
    mutating func add(_ result: SubscriberResult, node: Int, sends: [Int64: (at: Int64, node: Int)]) {
        subscribers += 1
        deliveries += result.deliveries
        deliveriesInWindow += result.deliveriesInWindow
        errors += result.errors
        for arrival in result.arrivals.samples {
            guard let send = sends[arrival.id] else {
                unmatchedDeliveries += 1
                continue
            }
            deliveryNanos.append(arrival.at - send.at)
            if send.node != node { crossNodeNanos.append(arrival.at - send.at) }
        }
        count(connected: result.connected, closedByServer: result.closedByServer)
    }

    private mutating func count(connected: Bool, closedByServer: Bool) {
        if !connected { connectFailures += 1 } else if closedByServer { serverCloses += 1 }
    }
}

/// One node's share of a run: its senders' acks and its subscribers' deliveries.
struct NodeFigures: Encodable {
    var url: String
    var senders: Int
    var subscribers: Int
    var acked: Int
    var ackedPerSecond: Double
    var deliveries: Int
    var deliveriesPerSecond: Double
    var ackLatency: LatencySummary
    var deliveryLatency: LatencySummary

    private enum CodingKeys: String, CodingKey {
        case url, senders, subscribers, acked, deliveries
        case ackedPerSecond = "acked_per_second"
        case deliveriesPerSecond = "deliveries_per_second"
        case ackLatency = "ack_latency"
        case deliveryLatency = "delivery_latency"
    }

    init(url: String, tally: LoadTally, seconds: Double) {
        self.url = url
        senders = tally.senders
        subscribers = tally.subscribers
        acked = tally.acked
        ackedPerSecond = (Double(tally.ackedInWindow) / seconds).rounded()
        deliveries = tally.deliveries
        deliveriesPerSecond = (Double(tally.deliveriesInWindow) / seconds).rounded()
        ackLatency = LatencySummary(nanos: tally.ackNanos)
        deliveryLatency = LatencySummary(nanos: tally.deliveryNanos)
    }

    /// "node 1 ws://...: 12 senders, 16 subscribers; 9000 acked/s, 18000 deliveries/s; ack p50 ..., delivery p50 ...".
    var text: String {
        """
        \(url): \(senders) senders, \(subscribers) subscribers; \(Int(ackedPerSecond)) acked/s, \
        \(Int(deliveriesPerSecond)) deliveries/s
              send to ack:       \(ackLatency.text)
              send to delivery:  \(deliveryLatency.text)
        """
    }
}
