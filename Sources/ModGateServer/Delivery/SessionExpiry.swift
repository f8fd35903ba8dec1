import ServiceLifecycle

/// Closes the connections whose token has expired (close code 4401), looking once per `interval` by the
/// gateway's clock: a token is checked for the whole life of a connection, not only at the upgrade.
struct SessionExpiry: Service {
    let bus: any RoomBus
    /// Seconds since 1970, the clock tokens are verified with.
    let now: @Sendable () -> Double
    var interval = Duration.seconds(1)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                bus.closeExpired(at: now())
            }
        }
    }
}
