import Logging
import ModGateStorage
import ServiceLifecycle

/// Writes the `refusals.counted` audit entries of ended refusal windows, all of them in one transaction,
/// once per window length (at most every 10 s), and those of the open windows on shutdown.
struct RefusalAuditService: Service {
    let ledger: RefusalLedger
    let store: any AuditTrail
    let logger: Logger
    let now: @Sendable () -> Double

    func run() async throws {
        let interval = Duration.milliseconds(Int64(min(ledger.allowance.window, 10) * 1000))
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                await write(ledger.takeRecords(at: now()))
            }
        }
        await write(ledger.takeRecords(at: now(), all: true))
    }

    private func write(_ records: [AuditRecord]) async {
        guard !records.isEmpty else { return }
        do {
            try await store.appendAudit(records)
        } catch {
            logger.error(
                "Refusal counts not audited",
                metadata: ["audit.records": "\(records.count)", "error": "\(String(reflecting: error))"])
        }
    }
}
