import ModGateCore
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGatePostgres

@Suite(.postgres, .timeLimit(.minutes(3)))
struct ClusterCommitTests {
    /// Two stores are two nodes: 2,000 messages into the same three rooms from both at once.
    @Test func twoNodesNumberEachRoomWithoutGapsOrDuplicates() async throws {
        try await TestDatabase.with { database in
            let nodes = [try await database.open(), try await database.open()]
            let published = [Recorder<StoredMessage>(), Recorder<StoredMessage>()]
            async let first: Void = send(1000, from: 0, to: nodes[0], publishing: published[0])
            async let second: Void = send(1000, from: 1, to: nodes[1], publishing: published[1])
            _ = try await (first, second)
            for room in 0..<3 {
                let stored = try await nodes[0].messages(in: "room\(room)", after: 0, limit: 5000)
                #expect(stored.count == 2 * 300)
                #expect(stored.map(\.seq) == (1...Int64(stored.count)).map { $0 })
                #expect(try await nodes[1].lastSeq(of: "room\(room)") == Int64(stored.count))
            }
            // Each node publishes its own messages in increasing seq order per room.
            for node in 0..<2 {
                let messages = published[node].all
                #expect(messages.count == 1000)
                for room in 0..<3 {
                    let seqs = messages.filter { $0.room == "room\(room)" }.compactMap(\.seq)
                    #expect(seqs == seqs.sorted())
                    #expect(Set(seqs).count == seqs.count)
                }
            }
            #expect(try await nodes[0].pendingReviewCount() == 200)
            #expect(try await nodes[1].verifyAudit() == .intact(entries: 200))
            for store in nodes { try await store.close() }
        }
    }

    /// Sends `count` messages at once through a writer of `store`, every tenth held, recording what it publishes.
    private func send(_ count: Int, from node: Int, to store: PostgresStore, publishing published: Recorder<StoredMessage>)
        async throws
    {
        try await withWriter(store, batchSize: 64, onCommit: { messages, _ in published.append(contentsOf: messages) }) { writer in
            try await withThrowingTaskGroup(of: Void.self) { sends in
                for index in 0..<count {
                    let new = message(
                        "n\(node)m\(index)", room: "room\(index % 3)", action: index % 10 == 9 ? .hold : .allow, cid: "n\(node)c\(index)")
                    sends.addTask { _ = try await writer.commit(new) }
                }
                try await sends.waitForAll()
            }
        }
    }

    @Test func aResendAnswersWithTheOriginalAlsoWithinOneBatch() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
            let first = try await commitInOrder([message("hello", action: .hold, cid: "c1")], to: store)[0]
            // Queued together: the batch holds a resend of an earlier message and two sends of a new cid.
            let writer = store.makeWriter(batchSize: 512, logger: TestServer.logger) { _, _ in }
            let tickets = [
                writer.submit(message("hello again", time: 1001, cid: "c1")),
                writer.submit(message("new", time: 1002, cid: "c2")),
                writer.submit(message("new resent", time: 1003, cid: "c2")),
                writer.submit(message("other user", user: "bob", time: 1004, cid: "c2")),
                writer.submit(message("much later", time: 1000 + NewMessage.resendWindow + 1, cid: "c1")),
            ]
            let runner = Task { try await writer.run() }
            var answers: [StoredMessage] = []
            for ticket in tickets { answers.append(try await ticket.value()) }
            runner.cancel()
            try await runner.value
            #expect(writer.statistics.transactionsCommitted == 1)
            #expect(answers[0] == first)
            #expect(answers[2] == answers[1])
            #expect(answers[1].text == "new")
            #expect(answers[3].id != answers[1].id)
            #expect(answers[4].id != first.id)
            #expect(try await store.messages(in: "lobby", after: 0, limit: 10).map(\.text) == ["new", "other user", "much later"])
            #expect(try await store.auditEntries(limit: 10).count == 1)
            try await store.close()
        }
    }

    @Test func onlyDeliveredMessagesAreNumberedAndTheRestAudited() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
            let stored = try await commitInOrder(
                [
                    message("ok"), message("held", action: .hold), message("shadowed", action: .shadow),
                    message("rejected", action: .reject), message("redacted", action: .redact),
                ], to: store)
            #expect(stored.map(\.status) == [.delivered, .held, .shadowed, .rejected, .delivered])
            #expect(stored.map(\.seq) == [1, nil, nil, nil, 2])
            #expect(try await store.message(id: stored[3].id) == stored[3])
            let moderated = try #require(try await store.moderatedMessage(id: stored[1].id))
            #expect(moderated.findings.map(\.rule) == ["test.rule"])
            #expect(stored[1].reason == "test reason")
            #expect(try await store.moderatedMessages(ids: stored.map(\.id) + [999]).count == 5)
            #expect(try await store.userHistory(user: "ann", limit: 2).map(\.message.id) == [stored[4].id, stored[3].id])
            #expect(try await store.resumePage(in: "lobby", after: 0, through: 2, limit: 10).map(\.seq) == [1, 2])
            #expect(try await store.visibleMessages(in: "lobby", before: 1000, limit: 1).map(\.seq) == [2])
            #expect(try await store.lastSequences() == ["lobby": 2])
            let entries = try await store.auditEntries(limit: 10)
            #expect(entries.map(\.record.action) == ["verdict.hold", "verdict.shadow", "verdict.reject", "verdict.redact"])
            #expect(entries[0].record.subject == "message:\(stored[1].id)")
            #expect(entries[0].record.details == ["room": "lobby", "user": "ann", "score": "1.0"])
            try await store.close()
        }
    }

    /// The cluster link's read: each room's range in one statement, at most `limit` each, held messages left out.
    @Test func resumePagesReadsEachRoomsRangeUpToTheLimit() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
            var sends: [NewMessage] = []
            for index in 0..<12 { sends.append(message("m\(index)", room: "room\(index % 3)", action: index == 4 ? .hold : .allow)) }
            _ = try await commitInOrder(sends, to: store)
            let pages = try await store.resumePages(
                [
                    ResumeRange(room: "room0", after: 0, through: 4), ResumeRange(room: "room1", after: 1, through: 3),
                    ResumeRange(room: "room2", after: 3, through: 9), ResumeRange(room: "nowhere", after: 0, through: 5),
                ], limit: 3)
            #expect(pages["room0"]?.compactMap(\.seq) == [1, 2, 3])
            #expect(pages["room0"]?.map(\.text) == ["m0", "m3", "m6"])
            #expect(pages["room1"]?.map(\.text) == ["m7", "m10"])  // m4 is held: room1 numbers m1, m7, m10
            #expect(pages["room2"]?.compactMap(\.seq) == [4])
            #expect(pages["nowhere"] == nil)
            #expect(try await store.resumePages([], limit: 3).isEmpty)
            try await store.close()
        }
    }

    @Test func aStoppedWriterRefusesMessages() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
            let writer = try await withWriter(store) { writer in
                _ = try await writer.commit(message("first"))
                return writer
            }
            let error = await #expect(throws: StoreError.self) { try await writer.commit(message("late")) }
            #expect(error?.code == .writerStopped)
            try await store.close()
        }
    }
}
