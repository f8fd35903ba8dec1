import ModGateCore
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGateStore

@Suite struct ReviewTests {
    @Test func approveAssignsTheNextSeqAndASecondDecisionFails() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let stored = try await commitInOrder([message("a"), message("held", action: .hold), message("b")], to: store)
        let approved = try await store.approve(messageID: stored[1].id, moderator: "alice", note: "fine", now: 2000)
        #expect(approved.status == .delivered)
        #expect(approved.seq == 3)
        #expect(try await store.messages(in: "lobby", after: 2, limit: 10) == [approved])

        let item = try #require(try await store.reviewItem(messageID: stored[1].id))
        #expect(item.status == .approved)
        #expect(item.decidedBy == "alice")
        #expect(item.note == "fine")

        for attempt in [true, false] {
            let error = await #expect(throws: StoreError.self) {
                if attempt {
                    _ = try await store.approve(messageID: stored[1].id, moderator: "bob", now: 2001)
                } else {
                    try await store.reject(messageID: stored[1].id, moderator: "bob", now: 2001)
                }
            }
            #expect(error?.code == .alreadyDecided)
            #expect(error?.message.contains("approved by alice") == true)
            #expect(error?.message.contains("1970-01-01T00:33:20Z") == true)
        }
        let next = try await commitInOrder([message("c")], to: store)
        #expect(next[0].seq == 4)
    }

    @Test func rejectKeepsTheMessageHidden() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let stored = try await commitInOrder([message("held", action: .hold)], to: store)
        let rejected = try await store.reject(messageID: stored[0].id, moderator: "alice", note: "spam", now: 2000)
        #expect(rejected.status == .rejected)
        #expect(rejected.seq == nil)
        #expect(try await store.messages(in: "lobby", after: 0, limit: 10).isEmpty)
        #expect(try await store.reviewItems().isEmpty)
        #expect(try await store.reviewItems(status: .rejected).map(\.messageID) == [stored[0].id])
    }

    @Test func onlyHeldMessagesCanBeDecided() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let stored = try await commitInOrder([message("ok")], to: store)
        let error = await #expect(throws: StoreError.self) {
            _ = try await store.approve(messageID: stored[0].id, moderator: "alice", now: 2000)
        }
        #expect(error?.code == .notFound)
    }

    @Test func concurrentClaimsHaveOneWinner() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let stored = try await commitInOrder([message("held", action: .hold)], to: store)
        let id = stored[0].id
        let moderators = (0..<8).map { "mod\($0)" }
        let outcomes = await withTaskGroup(of: (String, Result<ReviewItem, StoreError>).self) { group in
            for moderator in moderators {
                group.addTask {
                    do {
                        return (moderator, .success(try await store.claim(messageID: id, moderator: moderator, lease: 300, now: 2000)))
                    } catch {
                        return (moderator, .failure(error as! StoreError))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let winners = outcomes.compactMap { if case .success(let item) = $0.1 { item } else { nil } }
        #expect(winners.count == 1)
        let winner = try #require(winners.first?.claimedBy)
        for case (_, .failure(let error)) in outcomes {
            #expect(error.code == .claimed)
            #expect(error.message.contains("claimed by \(winner)"))
        }
        let loser = try #require(moderators.first { $0 != winner })
        // Others cannot decide while the lease runs; after it expires they can claim.
        let error = await #expect(throws: StoreError.self) {
            _ = try await store.approve(messageID: id, moderator: loser, now: 2299)
        }
        #expect(error?.code == .claimed)
        let reclaimed = try await store.claim(messageID: id, moderator: loser, lease: 300, now: 2300)
        #expect(reclaimed.claimedBy == loser)
        #expect(reclaimed.claimExpires == 2600)
    }

    @Test func removeHidesADeliveredMessageFromResume() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let stored = try await commitInOrder([message("a"), message("b"), message("c")], to: store)
        let removed = try await store.remove(messageID: stored[1].id, moderator: "alice", reason: "off topic", now: 2000)
        #expect(removed.status == .removed)
        #expect(removed.room == "lobby")
        #expect(try await store.messages(in: "lobby", after: 0, limit: 10).map(\.id) == [stored[0].id, stored[2].id])
        let again = await #expect(throws: StoreError.self) {
            try await store.remove(messageID: stored[1].id, moderator: "alice", reason: "twice", now: 2001)
        }
        #expect(again?.code == .wrongStatus)
        let next = try await commitInOrder([message("d")], to: store)
        #expect(next[0].seq == 4)
    }

    @Test func reviewItemsFilter() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let spam = NewMessage(room: "sales", user: "bob", text: "buy now", time: 10, verdict: verdict(.hold, rule: "spam.links"))
        let stored = try await commitInOrder(
            [message("x", action: .hold, time: 5), spam, message("y", user: "bob", action: .hold, time: 20)], to: store)
        #expect(try await store.reviewItems().map(\.messageID) == stored.map(\.id))
        #expect(try await store.reviewItems(room: "sales").map(\.messageID) == [stored[1].id])
        #expect(try await store.reviewItems(rule: "spam.links").map(\.messageID) == [stored[1].id])
        #expect(try await store.reviewItems(user: "bob").map(\.messageID) == [stored[1].id, stored[2].id])
        #expect(try await store.reviewItems(olderThan: 15).map(\.messageID) == [stored[0].id, stored[1].id])
        #expect(try await store.reviewItems(limit: 1).map(\.messageID) == [stored[0].id])
        #expect(try await store.reviewItems(status: .approved).isEmpty)
    }
}
