import Synchronization

/// When a load run measures, in `Monotonic` nanoseconds: sends start at `start`, stop at `end`, and
/// whatever is still unacknowledged at `drainUntil` is given up.
struct LoadSchedule: Sendable {
    var start: Int64
    var end: Int64
    var drainUntil: Int64

    func inWindow(_ nanos: Int64) -> Bool { nanos >= start && nanos <= end }
}

/// A gate many clients wait at until the load generator opens it once, with the run's schedule.
/// Waiting is cancellation-aware: a cancelled waiter returns nil.
final class LoadGate: Sendable {
    private struct State {
        var schedule: LoadSchedule?
        var waiters: [AsyncStream<LoadSchedule>.Continuation] = []
    }

    private let state = Mutex(State())

    /// The schedule once the gate is open, or nil when the waiting task was cancelled first.
    func wait() async -> LoadSchedule? {
        let (stream, continuation) = AsyncStream.makeStream(of: LoadSchedule.self)
        state.withLock { state in
            if let schedule = state.schedule {
                continuation.yield(schedule)
                continuation.finish()
            } else {
                state.waiters.append(continuation)
            }
        }
        for await schedule in stream { return schedule }
        return nil
    }

    /// The schedule, if the gate is open.
    var schedule: LoadSchedule? { state.withLock { $0.schedule } }

    func open(_ schedule: LoadSchedule) {
        let waiters = state.withLock { state in
            state.schedule = schedule
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters {
            waiter.yield(schedule)
            waiter.finish()
        }
    }
}

/// Hands a result out of a WebSocket handler closure, which returns nothing.
final class ResultBox<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    func set(_ newValue: Value) { value.withLock { $0 = newValue } }

    func update(_ change: (inout Value) -> Void) { value.withLock { change(&$0) } }

    var current: Value { value.withLock { $0 } }
}

/// Just enough of a server frame for the load generator, read straight from the bytes without a JSON decoder,
/// so that the generator spends its share of the CPU on sending and receiving rather than on parsing.
enum FrameScan {
    enum Op { case ack, msg, error, other }

    private static let opKey = Array(#""op":""#.utf8)
    private static let idKey = Array(#""id":"#.utf8)
    private static let cidKey = Array(#""cid":""#.utf8)
    private static let statusKey = Array(#""status":""#.utf8)

    static func op(_ bytes: UnsafeRawBufferPointer) -> Op {
        switch byte(after: opKey, in: bytes) {
        case UInt8(ascii: "a"): .ack
        case UInt8(ascii: "m"): .msg
        case UInt8(ascii: "e"): .error
        default: .other
        }
    }

    /// The message id of an ack or msg frame.
    static func id(_ bytes: UnsafeRawBufferPointer) -> Int64? { integer(after: idKey, in: bytes) }

    /// The ack's cid, which the generator sets to the send time.
    static func cid(_ bytes: UnsafeRawBufferPointer) -> Int64? { integer(after: cidKey, in: bytes) }

    /// The first letter of the ack's status: d(elivered), h(eld), s(hadowed), r(ejected).
    static func status(_ bytes: UnsafeRawBufferPointer) -> UInt8? { byte(after: statusKey, in: bytes) }

    private static func offset(after key: [UInt8], in bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count > key.count, let first = key.first else { return nil }
        var start = 0
        while start + key.count < bytes.count {
            if bytes[start] == first {
                var matched = 1
                while matched < key.count, bytes[start + matched] == key[matched] { matched += 1 }
                if matched == key.count { return start + key.count }
            }
            start += 1
        }
        return nil
    }

    private static func byte(after key: [UInt8], in bytes: UnsafeRawBufferPointer) -> UInt8? {
        offset(after: key, in: bytes).map { bytes[$0] }
    }

    private static func integer(after key: [UInt8], in bytes: UnsafeRawBufferPointer) -> Int64? {
        guard var index = offset(after: key, in: bytes) else { return nil }
        var value: Int64 = 0
        var digits = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), digits < 18 {
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            index += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
