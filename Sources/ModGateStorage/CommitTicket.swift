import Synchronization

/// A message handed to the writer, and the outcome of its transaction once it is known.
///
/// Submitting is synchronous, so a connection can queue its messages in the order they arrived and await
/// the acks afterwards, keeping several messages in flight without reordering them.
public final class CommitTicket: Sendable {
    private enum State {
        case pending([CheckedContinuation<StoredMessage, any Error>])
        case done(Result<StoredMessage, any Error>)
    }

    private let state = Mutex(State.pending([]))

    package init() {}

    /// The stored message once its transaction is durable. - Throws: the transaction's error.
    public func value() async throws -> StoredMessage {
        try await withCheckedThrowingContinuation { waiter in
            let outcome: Result<StoredMessage, any Error>? = state.withLock { state in
                switch state {
                case .pending(let waiters):
                    state = .pending(waiters + [waiter])
                    return nil
                case .done(let result):
                    return result
                }
            }
            if let outcome { waiter.resume(with: outcome) }
        }
    }

    /// Records the outcome and resumes whoever waits for it.
    package func resolve(_ result: Result<StoredMessage, any Error>) {
        let waiters = state.withLock { state in
            guard case .pending(let waiters) = state else { return [CheckedContinuation<StoredMessage, any Error>]() }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
