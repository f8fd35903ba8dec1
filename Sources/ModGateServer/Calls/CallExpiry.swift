import ServiceLifecycle

/// Ends the invites nobody answered within their lifetime, checking four times a second against the gateway's clock.
struct CallExpiry: Service {
    let calls: CallSwitchboard
    let now: @Sendable () -> Double

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .milliseconds(250))
                await calls.expire(at: now())
            }
        }
    }
}
