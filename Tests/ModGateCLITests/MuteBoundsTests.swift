import Foundation
import ModGateStorage
import ModGateStore
import ModGateTestSupport
import Testing

/// `modgate user mute` takes the one duration grammar, bounded at 365d, and `user show` reads any stored mute.
@Suite(.timeLimit(.minutes(2)))
struct MuteBoundsTests {
    @Test(arguments: [
        ("9999999999999999d", "Error: '--for' must be at most 365d, not '9999999999999999d'"),
        ("1e19s", "Error: '--for' must be a duration: a number and a unit"), ("0m", "Error: '--for' must be longer than 0s"),
    ])
    func aMuteBeyondTheGrammarOrTheMaximumIsBadUsage(duration: String, message: String) throws {
        let result = try modgate(["user", "mute", "bob", "--for", duration, "--token", "t"], environment: cleanEnvironment)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
    }

    @Test func weeksAreAcceptedAndAHugeStoredMuteShows() async throws {
        let gateway = try await LiveGateway.start()
        let muted = try gateway.cli(["user", "mute", "alice", "--for", "1w"])
        #expect(muted.status == 0, "\(muted.stderr)")
        #expect(muted.stdout.hasPrefix("muted alice for 1w until "))
        // What an older version let through: a mute that no clock can reach.
        let store = try Store(path: gateway.database)
        try await store.mute(user: "bob", until: 1e300, by: "old-version", now: Date().timeIntervalSince1970)
        try store.close()
        let shown = try gateway.cli(["user", "show", "bob"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("muted for \(Int.max / 86400)d more"), "\(shown.stdout)")
        await gateway.stop()
    }
}
