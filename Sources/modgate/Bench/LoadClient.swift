import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket

/// Where and as whom a load client connects.
struct LoadEndpoint: Sendable {
    var url: String
    var token: String
    var room: String
    /// The gate that starts the measurement; clients connect before it opens.
    var gate: LoadGate
    var logger: Logger
    /// `/v1/ws` or Socket.IO.
    var proto: LoadProtocol

    var configuration: WebSocketClientConfiguration {
        var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 16)
        if proto.usesHeader { configuration.additionalHeaders[.authorization] = "Bearer \(token)" }
        return configuration
    }
}

/// What one sending client saw.
struct SenderResult: Sendable {
    var sent = 0
    /// Acks whose arrival fell inside the measured window.
    var ackedInWindow = 0
    var acked = 0
    /// Acks by the first letter of their status: d, h, s, r.
    var statuses: [UInt8: Int] = [:]
    var errors = 0
    /// Send-to-ack latencies, nanoseconds.
    var ackLatency: SampleBuffer<Int64>
    /// (message id, send time) of every delivered message, to match what subscribers received.
    var delivered: [(id: Int64, sent: Int64)] = []
    var connected = false
    /// The server ended the connection before the client closed it.
    var closedByServer = false
    var failure: String?

    init(sampleCapacity: Int) { ackLatency = SampleBuffer(capacity: sampleCapacity) }
}

/// A sender: a loop over its WebSocket with at most `window` sends awaiting their ack, paced at `interval`
/// nanoseconds between sends (0: as fast as acks return), from the gate's start until its end.
struct SenderClient: Sendable {
    var endpoint: LoadEndpoint
    /// Each text already JSON-escaped with its quotes, so that a send only concatenates.
    var texts: [String]
    var firstText: Int
    var window: Int
    var interval: Int64
    /// What wakes the sender for its next send when paced.
    var pacer: SendPacer
    /// This client's phase within the pacing interval, so that paced clients do not send in lockstep.
    var phase: Int64
    var sampleCapacity: Int
    /// Called once connected (or once the connection failed), so the generator can start.
    var ready: @Sendable () -> Void

    func run() async -> SenderResult {
        let box = ResultBox(SenderResult(sampleCapacity: sampleCapacity))
        do {
            try await WebSocketClient.connect(
                url: endpoint.url, configuration: endpoint.configuration, logger: endpoint.logger
            ) { inbound, outbound, _ in
                var frames = inbound.makeAsyncIterator()
                try await endpoint.proto.connect(&frames, outbound, token: endpoint.token)
                box.update { $0.connected = true }
                ready()
                guard let schedule = await endpoint.gate.wait() else { return }
                try await exchange(FrameSource(frames: frames), outbound: outbound, schedule: schedule, box: box)
            }
        } catch {
            box.update { $0.failure = "\(error)" }
        }
        if !box.current.connected { ready() }
        return box.current
    }

    private func exchange(
        _ frames: FrameSource, outbound: WebSocketOutboundWriter, schedule: LoadSchedule,
        box: ResultBox<SenderResult>
    ) async throws {
        let (credits, credit) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let received = await receive(frames, outbound: outbound, schedule: schedule, credit: credit)
                box.update { result in
                    result.acked = received.acked
                    result.ackedInWindow = received.ackedInWindow
                    result.statuses = received.statuses
                    result.errors = received.errors
                    result.ackLatency = received.ackLatency
                    result.delivered = received.delivered
                    result.closedByServer = received.closedByServer
                }
            }
            group.addTask {
                // Gives up on unanswered sends at the drain deadline: closing ends the reader, which ends the credits.
                try await Task.sleep(nanoseconds: UInt64(max(0, schedule.drainUntil - Monotonic.nanos())))
                try? await outbound.close(.normalClosure, reason: "load generator: drain deadline")
            }
            let sent = try await send(outbound, schedule: schedule, credits: credits)
            box.update { $0.sent = sent }
            try? await outbound.close(.normalClosure, reason: nil)
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Sends until the schedule's end, then waits for the outstanding acks; returns how many it sent.
    private func send(_ outbound: WebSocketOutboundWriter, schedule: LoadSchedule, credits: AsyncStream<Void>) async throws
        -> Int
    {
        var credit = credits.makeAsyncIterator()
        var inFlight = 0
        var sent = 0
        var due = schedule.start + phase
        while true {
            if inFlight == window {
                guard await credit.next() != nil else { return sent }
                inFlight -= 1
            }
            if interval > 0 {
                await pacer.wait(until: due)
                due += interval
            }
            let now = Monotonic.nanos()
            guard now < schedule.end else { break }
            let text = texts[(firstText + sent) % texts.count]
            do {
                try await outbound.write(.text(endpoint.proto.send(room: endpoint.room, text: text, cid: now, number: sent)))
            } catch {
                return sent  // the connection is gone; the reader counts it
            }
            sent += 1
            inFlight += 1
        }
        while inFlight > 0, await credit.next() != nil { inFlight -= 1 }
        return sent
    }

    private func receive(
        _ source: FrameSource, outbound: WebSocketOutboundWriter, schedule: LoadSchedule,
        credit: AsyncStream<Void>.Continuation
    ) async -> SenderResult {
        var frames = source.frames
        var result = SenderResult(sampleCapacity: sampleCapacity)
        defer { credit.finish() }
        do {
            while let frame = try await frames.next() {
                let now = Monotonic.nanos()
                if await endpoint.proto.answerPing(frame, outbound) { continue }
                frame.data.withUnsafeReadableBytes { bytes in
                    switch FrameScan.op(bytes) {
                    case .ack:
                        result.acked += 1
                        if schedule.inWindow(now) { result.ackedInWindow += 1 }
                        let status = FrameScan.status(bytes) ?? UInt8(ascii: "?")
                        result.statuses[status, default: 0] += 1
                        credit.yield()
                        guard let sentAt = FrameScan.cid(bytes) else { return }
                        result.ackLatency.offer(now - sentAt)
                        if status == UInt8(ascii: "d"), let id = FrameScan.id(bytes) { result.delivered.append((id, sentAt)) }
                    case .error:
                        result.errors += 1
                        credit.yield()
                    case .msg, .other:
                        break
                    }
                }
            }
            result.closedByServer = Monotonic.nanos() < schedule.end
        } catch {
            // Closing our own end can surface as an error too: only an end before the window's counts.
            result.closedByServer = Monotonic.nanos() < schedule.end
        }
        return result
    }
}

/// What one receive-only client saw.
struct SubscriberResult: Sendable {
    var deliveries = 0
    var deliveriesInWindow = 0
    /// (message id, arrival time), sampled.
    var arrivals: SampleBuffer<(id: Int64, at: Int64)>
    var errors = 0
    var connected = false
    var closedByServer = false
    var failure: String?

    init(sampleCapacity: Int) { arrivals = SampleBuffer(capacity: sampleCapacity) }
}

/// A subscriber: follows one room from its live end and counts the `msg` frames until `stop` opens.
struct SubscriberClient: Sendable {
    var endpoint: LoadEndpoint
    var stop: LoadGate
    var sampleCapacity: Int
    /// Called once the subscribe frame is out (or the connection failed), so the generator can start.
    var ready: @Sendable () -> Void

    func run() async -> SubscriberResult {
        let box = ResultBox(SubscriberResult(sampleCapacity: sampleCapacity))
        let announced = ResultBox(false)
        do {
            try await WebSocketClient.connect(
                url: endpoint.url, configuration: endpoint.configuration, logger: endpoint.logger
            ) { inbound, outbound, _ in
                var frames = inbound.makeAsyncIterator()
                try await endpoint.proto.connect(&frames, outbound, token: endpoint.token)
                box.update { $0.connected = true }
                try await outbound.write(.text(endpoint.proto.subscribe(room: endpoint.room)))
                announced.set(true)
                ready()
                let source = FrameSource(frames: frames)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        let received = await receive(source, outbound: outbound)
                        box.update { result in
                            result.deliveries = received.deliveries
                            result.deliveriesInWindow = received.deliveriesInWindow
                            result.arrivals = received.arrivals
                            result.errors = received.errors
                            result.closedByServer = received.closedByServer
                        }
                    }
                    group.addTask {
                        guard await stop.wait() != nil else { return }
                        try? await outbound.close(.normalClosure, reason: nil)
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            box.update { $0.failure = "\(error)" }
        }
        if !announced.current { ready() }
        return box.current
    }

    private func receive(_ source: FrameSource, outbound: WebSocketOutboundWriter) async -> SubscriberResult {
        var frames = source.frames
        var result = SubscriberResult(sampleCapacity: sampleCapacity)
        var schedule: LoadSchedule?
        do {
            while let frame = try await frames.next() {
                let now = Monotonic.nanos()
                if await endpoint.proto.answerPing(frame, outbound) { continue }
                frame.data.withUnsafeReadableBytes { bytes in
                    switch FrameScan.op(bytes) {
                    case .msg:
                        result.deliveries += 1
                        if schedule == nil { schedule = endpoint.gate.schedule }
                        if schedule?.inWindow(now) == true { result.deliveriesInWindow += 1 }
                        if let id = FrameScan.id(bytes) { result.arrivals.offer((id, now)) }
                    case .error:
                        result.errors += 1
                    case .ack, .other:
                        break
                    }
                }
            }
            result.closedByServer = stop.schedule == nil
        } catch {
            result.closedByServer = stop.schedule == nil
        }
        return result
    }
}
