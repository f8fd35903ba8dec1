import ServiceLifecycle
import UnixSignals

/// SIGHUP reloads what an operator changes on disk: the TLS certificate, when the gateway serves one, then the
/// rules. One handler for both, so that no two race for the signal.
struct HangUpService: Service {
    /// Trapped when the gateway is made, before it listens.
    let signals: UnixSignalsSequence
    let rules: RulesReloader
    let certificate: LiveCertificate?

    func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() {
            certificate?.reload(trigger: "sighup")
            await rules.reload(by: "modgate", trigger: "sighup")
        }
    }
}
