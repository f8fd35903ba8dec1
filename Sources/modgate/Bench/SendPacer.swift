import Synchronization

/// Wakes paced senders from one timer: every millisecond it resumes each sender whose next send is due.
/// A timer per send (10,000 a second at the rates measured) cost the generator more CPU than the sends.
/// Latency is measured from the actual send, so a send up to a tick late changes no figure.
final class SendPacer: Sendable {
    private struct State {
        var waiting: [(due: Int64, sender: CheckedContinuation<Void, Never>)] = []
        var finished = false
    }

    private let state = Mutex(State())

    /// Returns once `Monotonic.nanos()` has reached `due` (at the next tick), or the pacer has stopped.
    func wait(until due: Int64) async {
        guard due > Monotonic.nanos() else { return }
        await withCheckedContinuation { sender in
            let stopped = state.withLock { state in
                if !state.finished { state.waiting.append((due, sender)) }
                return state.finished
            }
            if stopped { sender.resume() }
        }
    }

    /// Ticks until its task is cancelled, then lets every waiting sender go.
    func run() async {
        while (try? await Task.sleep(for: .milliseconds(1))) != nil {
            let now = Monotonic.nanos()
            let due = state.withLock { state in
                let due = state.waiting.filter { $0.due <= now }
                if !due.isEmpty { state.waiting.removeAll { $0.due <= now } }
                return due
            }
            for (_, sender) in due { sender.resume() }
        }
        let rest = state.withLock { state in
            state.finished = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for (_, sender) in rest { sender.resume() }
    }
}
