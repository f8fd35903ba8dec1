import ModGateChain
import ModGateCore
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGateStore

@Suite struct UserTests {
    @Test func trustIsWrittenBehindWithTheNextTransactionAndSurvivesReopen() async throws {
        let database = try TemporaryDatabase()
        var store = try database.open()
        let standing = Standing(trust: 0.7, firstSeen: 100, updated: 200)
        store.reputation.save(standing, for: "ann")
        #expect(await store.reputation.standing(of: "ann") == standing)
        // Not on disk yet: another store on the same file does not see it.
        #expect(try await database.open().reputation.standing(of: "ann") == nil)

        _ = try await commitInOrder([message("hi")], to: store)
        #expect(try await database.open().reputation.standing(of: "ann") == standing)
        try store.close()

        store = try database.open()
        #expect(await store.reputation.standing(of: "ann") == standing)
        #expect(await store.reputation.standing(of: "nobody") == nil)
    }

    @Test func pendingTrustIsWrittenWhenTheWriterStops() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await withWriter(store) { _ in
            store.reputation.save(Standing(trust: 0.2, firstSeen: 1, updated: 2), for: "bob")
        }
        #expect(try await database.open().reputation.standing(of: "bob")?.trust == 0.2)
    }

    @Test func aTrackerWorksThroughTheStore() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let tracker = ReputationTracker(model: ReputationModel(), store: store.reputation)
        await tracker.record(.rejected, for: "eve", at: 1000)
        let trust = try #require(await store.reputation.standing(of: "eve")?.trust)
        #expect(trust < 0.5)
        try await store.flush()
        #expect(try await database.open().reputation.standing(of: "eve")?.trust == trust)
    }

    @Test func sanctionsRoundTripAndAreAudited() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        #expect(try await store.sanction(of: "mallory") == Sanction())
        try await store.mute(user: "mallory", until: 5000, by: "alice", reason: "flooding", now: 4400)
        #expect(try await store.sanction(of: "mallory") == Sanction(mutedUntil: 5000, banned: false))
        #expect(try await store.sanction(of: "mallory").forbidsPosting(at: 4999))
        #expect(try await !store.sanction(of: "mallory").forbidsPosting(at: 5000))
        try await store.ban(user: "mallory", by: "alice", reason: "spam", now: 4500)
        #expect(try await store.sanction(of: "mallory") == Sanction(mutedUntil: 5000, banned: true))
        try await store.unban(user: "mallory", by: "bob", now: 4600)
        try await store.mute(user: "mallory", until: nil, by: "bob", now: 4700)
        #expect(try await store.sanction(of: "mallory") == Sanction())
        try store.close()

        let reopened = try database.open()
        #expect(try await reopened.sanction(of: "mallory") == Sanction())
        let entries = try await reopened.auditEntries(limit: 10)
        #expect(entries.map(\.record.action) == ["user.mute", "user.ban", "user.unban", "user.unmute"])
        #expect(entries.map(\.record.subject) == Array(repeating: "user:mallory", count: 4))
        #expect(entries[0].record.reason == "flooding")
        #expect(try await reopened.verifyAudit() == .intact(entries: 4))
        // A sanction created the user with the prior trust; saving trust keeps the sanction.
        reopened.reputation.save(Standing(trust: 0.9, firstSeen: 1, updated: 2), for: "mallory")
        try await reopened.ban(user: "mallory", by: "alice", now: 4800)
        try await reopened.flush()
        #expect(try await reopened.sanction(of: "mallory").banned)
    }
}
