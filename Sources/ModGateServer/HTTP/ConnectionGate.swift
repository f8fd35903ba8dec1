import Prometheus
import Synchronization

/// Counts open connections and each user's WebSocket sessions against their caps.
final class ConnectionGate: Sendable {
    private struct State {
        var open = 0
        var sessions: [String: Int] = [:]
    }

    private let state = Mutex(State())
    let maxConnections: Int
    let maxSessionsPerUser: Int
    private let metrics: LimitMetrics

    init(maxConnections: Int, maxSessionsPerUser: Int, metrics: LimitMetrics) {
        self.maxConnections = maxConnections
        self.maxSessionsPerUser = maxSessionsPerUser
        self.metrics = metrics
    }

    /// Counts a new TCP connection; false, counting nothing, when `maxConnections` are open.
    func admitConnection() -> Bool {
        let admitted = state.withLock { state in
            guard state.open < maxConnections else { return false }
            state.open += 1
            return true
        }
        if admitted { metrics.openConnections.increment() } else { metrics.refusedConnections.increment() }
        return admitted
    }

    func releaseConnection() {
        state.withLock { $0.open -= 1 }
        metrics.openConnections.decrement()
    }

    /// Counts a WebSocket session of `user`; false, counting nothing, when the user has `maxSessionsPerUser`.
    func admitSession(of user: String) -> Bool {
        let admitted = state.withLock { state in
            guard state.sessions[user, default: 0] < maxSessionsPerUser else { return false }
            state.sessions[user, default: 0] += 1
            return true
        }
        if !admitted { metrics.refusedSessions.increment() }
        return admitted
    }

    func releaseSession(of user: String) {
        state.withLock { state in
            state.sessions[user, default: 1] -= 1
            if state.sessions[user] == 0 { state.sessions[user] = nil }
        }
    }
}
