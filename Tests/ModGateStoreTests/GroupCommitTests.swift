import ModGateCore
import ModGateStorage
import ModGateTestSupport
import Synchronization
import Testing

@testable import ModGateStore

@Suite struct GroupCommitTests {
    @Test func concurrentCommitsAreAllAckedAndStored() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let (acks, statistics) = try await withWriter(store) { writer in
            let acks = try await withThrowingTaskGroup(of: StoredMessage.self) { group in
                for index in 0..<500 {
                    group.addTask { try await writer.commit(message("m\(index)", room: "room\(index % 3)", cid: "c\(index)")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            return (acks, writer.statistics)
        }
        #expect(acks.count == 500)
        #expect(Set(acks.map(\.id)).count == 500)
        #expect(Set(acks.compactMap(\.cid)) == Set((0..<500).map { "c\($0)" }))
        #expect(statistics.messagesCommitted == 500)
        #expect(statistics.transactionsCommitted < 500)
        for room in 0..<3 {
            let stored = try await store.messages(in: "room\(room)", after: 0, limit: 1000)
            #expect(stored.map(\.seq) == (1...Int64(stored.count)).map { $0 })
            #expect(stored.count == acks.filter { $0.room == "room\(room)" }.count)
            // A batch takes a room's numbers in memory and writes the last one back: the next message follows it.
            #expect(try await store.lastSeq(of: "room\(room)") == Int64(stored.count))
        }
        let next = try await commitInOrder([message("after", room: "room0")], to: store)
        #expect(next.first?.seq == Int64(acks.filter { $0.room == "room0" }.count + 1))
    }

    @Test(arguments: [(512, 1), (64, 8)])
    func waitingMessagesShareTransactions(batchSize: Int, transactions: Int) async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let writer = StoreWriter(store: store, batchSize: batchSize)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<500 {
                group.addTask { _ = try await writer.commit(message("m\(index)")) }
            }
            // Everything is queued before the writer starts, so the batches are full ones.
            while writer.queuedCount < 500 { await Task.yield() }
            let runner = Task { try await writer.run() }
            for _ in 0..<500 { try await group.next() }
            runner.cancel()
            try await runner.value
        }
        #expect(writer.statistics.transactionsCommitted == transactions)
        #expect(writer.statistics.messagesCommitted == 500)
        #expect(writer.statistics.lastCommitDuration > .zero)
        let stored = try await store.messages(in: "lobby", after: 0, limit: 1000)
        #expect(stored.map(\.seq) == (1...500).map { Int64($0) })
    }

    @Test func aStoppedWriterRefusesMessages() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let writer = try await withWriter(store) { writer in
            _ = try await writer.commit(message("first"))
            return writer
        }
        let error = await #expect(throws: StoreError.self) { try await writer.commit(message("late")) }
        #expect(error?.code == .writerStopped)
    }

    @Test func aFailedTransactionFailsEveryMessageInIt() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        // A trigger added behind the store refuses one message, which fails the whole batch.
        try database.tamper("CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.text = 'poison' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        let writer = StoreWriter(store: store)
        let results = await withTaskGroup(of: Result<StoredMessage, any Error>.self) { group in
            for text in ["good", "poison", "good too"] {
                group.addTask {
                    do { return .success(try await writer.commit(message(text))) } catch { return .failure(error) }
                }
            }
            while writer.queuedCount < 3 { await Task.yield() }
            let runner = Task { try await writer.run() }
            let results = await group.reduce(into: []) { $0.append($1) }
            runner.cancel()
            return results
        }
        #expect(results.allSatisfy { if case .failure = $0 { true } else { false } })
        #expect(writer.statistics.transactionsFailed == 1)
        #expect(try await store.messages(in: "lobby", after: 0, limit: 10).isEmpty)
    }

    /// A sequenced body (an approval numbering and publishing a message) keeps group commits out until it
    /// ends, so messages are published in the order they were numbered.
    @Test func aGroupCommitWaitsForASequencedBody() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let events = Mutex<[String]>([])
        let writer = StoreWriter(store: store) { _, _ in events.withLock { $0.append("group commit published") } }
        let runner = Task { try await writer.run() }
        defer { runner.cancel() }
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let body = Task {
            try await writer.sequenced {
                events.withLock { $0.append("body started") }
                for await _ in gate { break }
                events.withLock { $0.append("body published") }
            }
        }
        while events.withLock({ $0.isEmpty }) { await Task.yield() }
        let ticket = writer.submit(message("during the body"))
        // The writer takes the message, then waits for the body: give it half a second to jump ahead (a
        // commit without the lock publishes within milliseconds).
        while writer.queuedCount > 0 { await Task.yield() }
        for _ in 0..<100 where events.withLock({ $0.count == 1 }) { try await Task.sleep(for: .milliseconds(5)) }
        open.yield()
        try await body.value
        _ = try await ticket.value()
        #expect(events.withLock { $0 } == ["body started", "body published", "group commit published"])
    }
}
