import Synchronization

/// What other gateways announced per room that this one has not shown yet. One catch-up runs at a time and takes
/// every room's work at once, so that a burst of notices over many rooms costs one store read; notices that arrive
/// meanwhile add to the next one, and each room's removals are shown after the commits announced before them.
final class CatchUpTargets: Sendable {
    /// What a room's catch-up has to do: read the numbers committed, then show the removals.
    struct Work: Sendable {
        var numbers: ClosedRange<Int64>?
        var removed: [Int64] = []
    }

    private let state = Mutex<[String: Work]>([:])
    /// Yields when work was added since the last `takeAll`.
    let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init() { (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1)) }

    /// Records that `numbers` were committed in `room`.
    func committed(_ numbers: ClosedRange<Int64>, in room: String) {
        add(to: room) { work in
            work.numbers = work.numbers.map { min($0.lowerBound, numbers.lowerBound)...max($0.upperBound, numbers.upperBound) } ?? numbers
        }
    }

    /// Records that message `id` of `room` was removed.
    func removed(_ id: Int64, in room: String) { add(to: room) { $0.removed.append(id) } }

    /// Every room's work announced since the last call, which the caller now owns; empty when there is none.
    func takeAll() -> [String: Work] {
        state.withLock { state in
            defer { state.removeAll(keepingCapacity: true) }
            return state
        }
    }

    /// Ends `wakeups`.
    func finish() { wake.finish() }

    private func add(to room: String, _ change: (inout Work) -> Void) {
        state.withLock { change(&$0[room, default: Work()]) }
        wake.yield()
    }
}
