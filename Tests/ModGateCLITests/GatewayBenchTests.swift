import Foundation
import ModGateTestSupport
import Testing

@testable import modgate

/// The load generator end to end against a real `modgate serve`, and its pacer.
@Suite(.timeLimit(.minutes(1)))
struct GatewayBenchTests {
    @Test func aShortPacedRunReportsItsFiguresAsOneJSONObject() async throws {
        let gateway = try await LiveGateway.start()
        let run = try modgate(
            [
                "bench", "gateway", "--url", "ws://127.0.0.1:\(gateway.server.port)", "--token-db", gateway.database,
                "--server-pid", "\(gateway.server.process.processIdentifier)", "--clients", "2", "--rooms", "1",
                "--subscribers", "2", "--rate", "50", "--seconds", "1", "--json",
            ], environment: cleanEnvironment)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try object(run.stdout)
        let sent = try #require(figures["sent"] as? Int)
        #expect(sent > 0)
        #expect(figures["acked"] as? Int == sent)
        // Each message reaches both subscribers; the last ones may still be on their way when the run closes them.
        #expect((1...2 * sent).contains(figures["deliveries"] as? Int ?? 0))
        #expect(figures["errors"] as? Int == 0 && figures["unacked"] as? Int == 0)
        #expect((figures["server_peak_rss_kib"] as? Int ?? 0) > 0)
        await gateway.stop()
    }

    @Test func thePacerLetsDueSendersGoAndEveryoneGoWhenStopped() async {
        let pacer = SendPacer()
        let ticking = Task { await pacer.run() }
        await pacer.wait(until: Monotonic.nanos() - 1)  // already due: no wait at all
        await pacer.wait(until: Monotonic.nanos() + 2_000_000)  // due at a tick two milliseconds on
        let forever = Task { await pacer.wait(until: .max) }
        ticking.cancel()
        await ticking.value
        await forever.value  // released when the pacer stopped
        await pacer.wait(until: .max)  // a stopped pacer holds no one
    }
}
