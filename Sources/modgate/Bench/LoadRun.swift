import Foundation
import Logging

/// One load run: connect every subscriber and sender, open the gate, send for the measured window,
/// drain, close, and fold what every client saw into one set of figures.
struct LoadRun {
    /// The nodes' WebSocket URLs.
    var urls: [String]
    /// What the clients speak.
    var proto: LoadProtocol
    var senders: [LoadUser]
    var subscribers: [LoadUser]
    var texts: [String]
    var window: Int
    var rate: Double
    var seconds: Double
    /// How long to wait for every connection before giving up on the missing ones.
    var connectTimeout: Duration = .seconds(30)
    /// How long after the window the last acks may take.
    var drain: Duration = .seconds(5)

    /// What one client saw, with the index of the node it was connected to.
    enum Outcome: Sendable {
        case sender(SenderResult, node: Int)
        case subscriber(SubscriberResult, node: Int)
        case timer
    }

    func run() async -> [Outcome] {
        var logger = Logger(label: "modgate.bench")
        logger.logLevel = .critical
        let gate = LoadGate()
        let stop = LoadGate()
        let (arrivals, arrive) = AsyncStream.makeStream(of: Void.self)
        let ready: @Sendable () -> Void = { arrive.yield() }
        let senderSamples = max(10_000, 4_000_000 / max(1, senders.count))
        let subscriberSamples = max(2_000, 8_000_000 / max(1, subscribers.count))
        let interval = rate > 0 ? Int64((Double(senders.count) * 1e9 / rate).rounded()) : 0
        let pacer = SendPacer()
        return await withTaskGroup(of: Outcome.self) { group in
            if interval > 0 {
                group.addTask {
                    await pacer.run()
                    return .timer
                }
            }
            for subscriber in subscribers {
                let endpoint = LoadEndpoint(
                    url: urls[subscriber.node], token: subscriber.token, room: subscriber.room, gate: gate, logger: logger,
                    proto: proto)
                let client = SubscriberClient(endpoint: endpoint, stop: stop, sampleCapacity: subscriberSamples, ready: ready)
                group.addTask { .subscriber(await client.run(), node: subscriber.node) }
            }
            for (index, sender) in senders.enumerated() {
                let client = SenderClient(
                    endpoint: LoadEndpoint(
                        url: urls[sender.node], token: sender.token, room: sender.room, gate: gate, logger: logger, proto: proto),
                    texts: texts, firstText: (index * 7919) % texts.count, window: window, interval: interval, pacer: pacer,
                    phase: rate > 0 ? Int64((Double(index) * 1e9 / rate).rounded()) : 0,
                    sampleCapacity: senderSamples, ready: ready)
                group.addTask { .sender(await client.run(), node: sender.node) }
            }
            group.addTask { [connectTimeout] in
                try? await Task.sleep(for: connectTimeout)
                arrive.finish()
                return .timer
            }
            var arrived = 0
            for await _ in arrivals {
                arrived += 1
                if arrived == senders.count + subscribers.count { break }
            }
            // Subscriptions take effect when the server has read the frame: give it a moment before sending.
            let settle: Int64 = 300_000_000
            let start = Monotonic.nanos() + settle
            let end = start + Int64(seconds * 1e9)
            gate.open(LoadSchedule(start: start, end: end, drainUntil: end + Int64(drain.seconds * 1e9)))
            var outcomes: [Outcome] = []
            var sendersDone = 0
            var clientsDone = 0
            while clientsDone < senders.count + subscribers.count, let outcome = await group.next() {
                switch outcome {
                case .sender:
                    clientsDone += 1
                    sendersDone += 1
                    if sendersDone == senders.count {
                        // The last messages' deliveries are on their way: wait for them, then close the subscribers.
                        try? await Task.sleep(for: .milliseconds(500))
                        stop.open(LoadSchedule(start: start, end: end, drainUntil: end))
                    }
                case .subscriber: clientsDone += 1
                case .timer: continue
                }
                outcomes.append(outcome)
            }
            group.cancelAll()
            return outcomes
        }
    }
}

/// A synthetic user of a load run: the node it connects to (an index into the URLs), its room and its token.
struct LoadUser: Sendable {
    var node: Int
    var room: String
    var token: String
}

/// The peak resident set size of a process in KiB (VmHWM in /proc/PID/status), or nil where there is none.
func peakResidentKiB(pid: String) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
    }
    return nil
}
