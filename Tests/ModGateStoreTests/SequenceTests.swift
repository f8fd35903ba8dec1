import ModGateCore
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGateStore

@Suite struct SequenceTests {
    @Test func perRoomSequencesAreGaplessAndIndependent() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let actions: [Action] = [.allow, .hold, .redact, .reject, .shadow, .allow]
        let messages = (0..<30).map { index in
            message("m\(index)", room: index % 2 == 0 ? "even" : "odd", action: actions[index % actions.count])
        }
        let stored = try await commitInOrder(messages, to: store)
        for room in ["even", "odd"] {
            let visible = stored.filter { $0.room == room && $0.status == .delivered }
            #expect(visible.map(\.seq) == (1...Int64(visible.count)).map { $0 })
            #expect(try await store.messages(in: room, after: 0, limit: 100) == visible)
        }
    }

    @Test func onlyDeliveredMessagesGetASequenceNumber() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let stored = try await commitInOrder(
            [
                message("ok"), message("held", action: .hold), message("shadowed", action: .shadow),
                message("rejected", action: .reject), message("redacted", action: .redact),
            ], to: store)
        #expect(stored.map(\.status) == [.delivered, .held, .shadowed, .rejected, .delivered])
        #expect(stored.map(\.seq) == [1, nil, nil, nil, 2])
        #expect(stored[3].reason == "test reason")
        #expect(stored[0].reason == nil)

        let item = try #require(try await store.reviewItem(messageID: stored[1].id))
        #expect(item.status == .pending)
        #expect(item.rules == ["test.rule"])
        #expect(item.text == "held")
        for index in [0, 2, 3, 4] { #expect(try await store.reviewItem(messageID: stored[index].id) == nil) }
    }

    @Test func redactedSpansAreMaskedWhateverTheActionAndNeverStored() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let redact = Finding(stage: "rules", rule: "card", action: .redact, score: 1, reason: "cards", spans: [0..<4])
        let hold = Finding(stage: "rules", rule: "hold", action: .hold, score: 1, reason: "held", spans: [5..<7])
        let redacted = NewMessage(room: "lobby", user: "ann", text: "damn it", time: 1000, verdict: Verdict(action: .redact, score: 1, findings: [redact]))
        let held = NewMessage(room: "lobby", user: "ann", text: "damn it", time: 1001, verdict: Verdict(action: .hold, score: 2, findings: [redact, hold]))
        let stored = try await commitInOrder([redacted, held], to: store)
        #expect(stored.map(\.text) == ["**** it", "**** it"])
        let history = try await store.userHistory(user: "ann", limit: 10)
        #expect(history.map(\.originalText) == ["**** it", "**** it"])
        #expect(history[1].findings == [redact])
        #expect(try await store.reviewItem(messageID: stored[1].id)?.text == "**** it")
        let approved = try await store.approve(messageID: stored[1].id, moderator: "mod", now: 1002)
        #expect(approved.text == "**** it")
        #expect(try await store.message(id: stored[1].id)?.text == "**** it")
    }

    @Test func resumeReturnsExactlyTheVisibleMessagesAfterN() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let actions: [Action] = [.allow, .hold, .allow, .shadow, .allow, .reject, .allow, .allow]
        let stored = try await commitInOrder(
            actions.enumerated().map { message("m\($0.offset)", action: $0.element) }, to: store)
        let visible = stored.filter { $0.status == .delivered }
        #expect(visible.count == 5)
        let resumed = try await store.messages(in: "lobby", after: 2, limit: 100)
        #expect(resumed == Array(visible.dropFirst(2)))
        #expect(resumed.map(\.seq) == [3, 4, 5])
        #expect(try await store.messages(in: "lobby", after: 2, limit: 2).map(\.seq) == [3, 4])
        #expect(try await store.messages(in: "lobby", after: 5, limit: 100).isEmpty)
        #expect(try await store.messages(in: "elsewhere", after: 0, limit: 100).isEmpty)
    }

    @Test func userHistoryIsNewestFirst() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        _ = try await commitInOrder(
            [
                message("one", time: 1), message("two", action: .hold, time: 2), message("other", user: "bob", time: 3),
                message("three", action: .reject, time: 4),
            ], to: store)
        let history = try await store.userHistory(user: "ann", limit: 2)
        #expect(history.map(\.originalText) == ["three", "two"])
        #expect(history.map(\.message.action) == [.reject, .hold])
    }
}
