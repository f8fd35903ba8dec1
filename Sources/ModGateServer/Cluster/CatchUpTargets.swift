import Synchronization

/// What other gateways announced per room that this one has not shown yet. A room gets one catch-up at a time;
/// notices that arrive meanwhile only add to what it does next, so a burst of notices costs one read per room,
/// rooms are caught up side by side, and each room's removals are shown after the commits announced before them.
final class CatchUpTargets: Sendable {
    /// What a room's catch-up has to do: read the numbers committed, then show the removals.
    struct Work: Sendable {
        var numbers: ClosedRange<Int64>?
        var removed: [Int64] = []
    }

    /// Rooms with a catch-up under way, and what was announced in each since it last took its work.
    private let state = Mutex<[String: Work]>([:])
    /// The rooms that need a catch-up started, each once until its catch-up ends.
    let starts: AsyncStream<String>
    private let start: AsyncStream<String>.Continuation

    init() { (starts, start) = AsyncStream.makeStream(of: String.self) }

    /// Records that `numbers` were committed in `room`.
    func committed(_ numbers: ClosedRange<Int64>, in room: String) {
        add(to: room) { work in
            work.numbers = work.numbers.map { min($0.lowerBound, numbers.lowerBound)...max($0.upperBound, numbers.upperBound) } ?? numbers
        }
    }

    /// Records that message `id` of `room` was removed.
    func removed(_ id: Int64, in room: String) { add(to: room) { $0.removed.append(id) } }

    /// What was announced in `room` since the last call; nil when nothing was, which ends its catch-up.
    func take(_ room: String) -> Work? {
        state.withLock { state in
            guard let work = state[room], work.numbers != nil || !work.removed.isEmpty else {
                state[room] = nil
                return nil
            }
            state[room] = Work()
            return work
        }
    }

    /// Ends `starts`.
    func finish() { start.finish() }

    /// Adds to `room`'s work; asks for a catch-up when none is under way.
    private func add(to room: String, _ change: (inout Work) -> Void) {
        let idle = state.withLock { state in
            let idle = state[room] == nil
            change(&state[room, default: Work()])
            return idle
        }
        if idle { start.yield(room) }
    }
}
