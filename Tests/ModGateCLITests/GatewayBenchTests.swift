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

    @Test func bothProtocolsRunOneAfterTheOtherAndReportTheirRatio() async throws {
        let gateway = try await LiveGateway.start()
        let run = try modgate(
            [
                "bench", "gateway", "--url", "ws://127.0.0.1:\(gateway.server.port)", "--token-db", gateway.database,
                "--protocol", "both", "--clients", "2", "--rooms", "1", "--subscribers", "1", "--rate", "50", "--seconds", "1",
                "--json",
            ], environment: cleanEnvironment)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try object(run.stdout)
        for name in ["ws", "socketio"] {
            let report = try #require(figures[name] as? [String: Any])
            #expect(report["protocol"] as? String == name)
            let sent = try #require(report["sent"] as? Int)
            #expect(sent > 0 && report["acked"] as? Int == sent, "\(name)")
            #expect((report["deliveries"] as? Int ?? 0) > 0, "\(name)")
            #expect(report["errors"] as? Int == 0 && report["connect_failures"] as? Int == 0, "\(name)")
        }
        #expect((figures["acked_ratio"] as? Double ?? 0) > 0)
        await gateway.stop()
    }

    @Test func twoURLsSpreadTheSendersAndReportEachNodeAndTheDeliveriesAcrossThem() async throws {
        let gateway = try await LiveGateway.start()
        let url = "ws://127.0.0.1:\(gateway.server.port)"
        let run = try modgate(
            [
                "bench", "gateway", "--url", url, "--url", url + "/v1/ws", "--token-db", gateway.database, "--clients", "2",
                "--rooms", "1", "--subscribers", "1", "--rate", "50", "--seconds", "1", "--json",
            ], environment: cleanEnvironment)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try object(run.stdout)
        #expect(figures["nodes"] as? Int == 2)
        let nodes = try #require(figures["per_node"] as? [[String: Any]])
        #expect(nodes.map { $0["senders"] as? Int } == [1, 1] && nodes.map { $0["subscribers"] as? Int } == [1, 1])
        #expect(nodes.map { $0["acked"] as? Int ?? 0 }.reduce(0, +) == figures["acked"] as? Int)
        // Each subscriber hears the other node's sender too: half the matched deliveries crossed nodes.
        let crossNode = try #require(figures["cross_node_delivery_latency"] as? [String: Any])
        #expect((crossNode["samples"] as? Int ?? 0) > 0)
        await gateway.stop()
    }

    @Test func theStoreBenchmarkWritesThroughTheWriterAndPlainlyAndGivesTheRatio() throws {
        let folder = try Scratch()
        let run = try modgate(
            ["bench", "store", "--db", folder.path("bench.db"), "--rows", "300", "--batch", "64", "--turns", "1", "--json"],
            environment: cleanEnvironment)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try object(run.stdout)
        let turns = try #require(figures["turns"] as? [[String: Any]])
        #expect(turns.count == 1)
        #expect((turns.first?["store_rows_per_second"] as? Double ?? 0) > 0 && (turns.first?["raw_rows_per_second"] as? Double ?? 0) > 0)
        #expect((figures["median_ratio"] as? Double ?? 0) > 0)
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
