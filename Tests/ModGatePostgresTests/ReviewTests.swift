import ModGateCore
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGatePostgres

@Suite(.postgres, .timeLimit(.minutes(2)))
struct ReviewTests {
    /// Node A holds a message; a moderator on node B approves it: the room's next number, announced on commit.
    @Test func approvalOnAnotherNodeTakesTheNextSeqAndIsAnnounced() async throws {
        try await TestDatabase.with { database in
            let (a, b) = (try await database.open(), try await database.open())
            let stored = try await commitInOrder([message("a"), message("held", action: .hold), message("b")], to: a)
            let events = Recorder<ClusterEvent>()
            let listener = Task { try await a.cluster!.listen { event in events.append(event) } }
            while events.all.isEmpty { try await Task.sleep(for: .milliseconds(10)) }

            let approved = try await b.approve(messageID: stored[1].id, moderator: "alice", note: "fine", now: 2000)
            #expect(approved.status == .delivered)
            #expect(approved.seq == 3)
            #expect(try await a.messages(in: "lobby", after: 2, limit: 10) == [approved])
            let node = b.cluster!.node
            let notice = ClusterEvent.message(ClusterMessage(node: node, notice: .committed(room: "lobby", first: 3, last: 3)))
            while !events.all.contains(notice) { try await Task.sleep(for: .milliseconds(10)) }
            listener.cancel()

            let item = try #require(try await a.reviewItem(messageID: stored[1].id))
            #expect(item.status == .approved)
            #expect(item.decidedBy == "alice")
            #expect(item.note == "fine")
            for attempt in [true, false] {
                let error = await #expect(throws: StoreError.self) {
                    if attempt {
                        _ = try await a.approve(messageID: stored[1].id, moderator: "bob", now: 2001)
                    } else {
                        try await a.reject(messageID: stored[1].id, moderator: "bob", now: 2001)
                    }
                }
                #expect(error?.code == .alreadyDecided)
                #expect(error?.message.contains("approved by alice") == true)
                #expect(error?.message.contains("1970-01-01T00:33:20Z") == true)
            }
            #expect(try await commitInOrder([message("c")], to: b)[0].seq == 4)
            let decision = try #require(try await a.auditEntries(limit: 10).last)
            #expect(decision.record.action == "review.approve")
            #expect(decision.record.details == ["room": "lobby", "user": "ann"])
            try await a.close()
            try await b.close()
        }
    }

    @Test func rejectRemoveAndTheirErrors() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
            let stored = try await commitInOrder([message("held", action: .hold), message("a"), message("b")], to: store)
            let rejected = try await store.reject(messageID: stored[0].id, moderator: "alice", note: "spam", now: 2000)
            #expect(rejected.status == .rejected)
            #expect(rejected.seq == nil)
            #expect(try await store.reviewItems().isEmpty)
            #expect(try await store.reviewItems(status: .rejected).map(\.messageID) == [stored[0].id])

            let notHeld = await #expect(throws: StoreError.self) {
                _ = try await store.approve(messageID: stored[1].id, moderator: "alice", now: 2000)
            }
            #expect(notHeld?.code == .notFound)
            #expect(notHeld?.message == "no held message \(stored[1].id): only held messages are reviewed")

            let removed = try await store.remove(messageID: stored[1].id, moderator: "alice", reason: "off topic", now: 2000)
            #expect(removed.status == .removed)
            #expect(try await store.messages(in: "lobby", after: 0, limit: 10).map(\.id) == [stored[2].id])
            #expect(try await store.resumePage(in: "lobby", after: 0, through: 2, limit: 10).map(\.status) == [.removed, .delivered])
            let twice = await #expect(throws: StoreError.self) {
                try await store.remove(messageID: stored[1].id, moderator: "alice", reason: "twice", now: 2001)
            }
            #expect(twice?.code == .wrongStatus)
            #expect(twice?.message.contains("is removed, not delivered") == true)
            let missing = await #expect(throws: StoreError.self) {
                try await store.remove(messageID: 999, moderator: "alice", reason: "gone", now: 2001)
            }
            #expect(missing?.code == .notFound)
            #expect(try await store.auditEntries(limit: 10).map(\.record.action) == ["verdict.hold", "review.reject", "message.remove"])
            try await store.close()
        }
    }

    @Test func concurrentClaimsFromTwoNodesHaveOneWinner() async throws {
        try await TestDatabase.with { database in
            let nodes = [try await database.open(), try await database.open()]
            let id = try await commitInOrder([message("held", action: .hold)], to: nodes[0])[0].id
            let moderators = (0..<8).map { "mod\($0)" }
            let outcomes = await withTaskGroup(of: Result<ReviewItem, StoreError>.self) { group in
                for (index, moderator) in moderators.enumerated() {
                    group.addTask {
                        do {
                            return .success(try await nodes[index % 2].claim(messageID: id, moderator: moderator, lease: 300, now: 2000))
                        } catch {
                            return .failure(error as! StoreError)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let winners = outcomes.compactMap { if case .success(let item) = $0 { item } else { nil } }
            #expect(winners.count == 1)
            let winner = try #require(winners.first?.claimedBy)
            for case .failure(let error) in outcomes {
                #expect(error.code == .claimed)
                #expect(error.message.contains("claimed by \(winner)"))
            }
            let loser = try #require(moderators.first { $0 != winner })
            let error = await #expect(throws: StoreError.self) {
                _ = try await nodes[1].approve(messageID: id, moderator: loser, now: 2299)
            }
            #expect(error?.code == .claimed)
            let reclaimed = try await nodes[1].claim(messageID: id, moderator: loser, lease: 300, now: 2300)
            #expect(reclaimed.claimedBy == loser)
            #expect(reclaimed.claimExpires == 2600)
            for store in nodes { try await store.close() }
        }
    }

    @Test func reviewItemsFilter() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
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
            #expect(try await store.pendingReviewCount() == 3)
            try await store.close()
        }
    }
}
