import Synchronization
import Testing

/// What the kill loop's clients did across every crash: each user's sends with their acks, and the
/// sequence numbers each subscriber received, in arrival order.
final class KillLoopLedger: Sendable {
    /// One message a sender means to get stored exactly once; `cid` makes resends idempotent.
    struct Send: Sendable, Hashable {
        let user: String
        let cid: String
        let room: String
        let text: String
    }

    /// What the gateway answered for a send.
    struct Ack: Sendable, Equatable {
        let id: Int64
        let status: String
    }

    private struct State {
        var sends: [String: [Send]] = [:]
        var acks: [Send: Ack] = [:]
        /// A resend answered with another id or status than the first ack.
        var conflicts: [String] = []
        var received: [String: (room: String, seqs: [Int64])] = [:]
    }

    private let state = Mutex(State())

    /// The sends of `user` still without an ack, oldest first.
    func unacked(of user: String) -> [Send] {
        state.withLock { state in (state.sends[user] ?? []).filter { state.acks[$0] == nil } }
    }

    /// A new send for `user`, kept so that it is sent again until acked: the rooms in turn, every sixth held.
    func newSend(user: String, rooms: [String]) -> Send {
        state.withLock { state in
            let number = state.sends[user]?.count ?? 0
            let text = "kill loop \(user) #\(number)" + (number % 6 == 5 ? " holdme" : "")
            let send = Send(user: user, cid: "\(user)-\(number)", room: rooms[number % rooms.count], text: text)
            state.sends[user, default: []].append(send)
            return send
        }
    }

    func record(_ ack: Ack, for send: Send) {
        state.withLock { state in
            if let first = state.acks[send], first != ack {
                state.conflicts.append("\(send.cid): first acked \(first), then \(ack)")
            }
            if state.acks[send] == nil { state.acks[send] = ack }
        }
    }

    /// The last sequence number `subscriber` received in `room` (0 before any).
    func lastSeq(of subscriber: String, room: String) -> Int64 {
        state.withLock { $0.received[subscriber]?.seqs.last ?? 0 }
    }

    func receive(seq: Int64, by subscriber: String, room: String) {
        state.withLock { $0.received[subscriber, default: (room, [])].seqs.append(seq) }
    }

    /// Every send still without an ack, whoever sent it.
    var unacked: [Send] { state.withLock { state in state.sends.values.flatMap { $0 }.filter { state.acks[$0] == nil } } }
    var acks: [Send: Ack] { state.withLock { $0.acks } }
    var conflicts: [String] { state.withLock { $0.conflicts } }
    var received: [String: (room: String, seqs: [Int64])] { state.withLock { $0.received } }
}

extension KillLoopLedger {
    /// Records an issue for every broken promise: a send never acked or answered twice differently, a room with a gap
    /// or a message stored twice, an acked message not visible, a reader that missed or repeated a number.
    func check(rooms: [String], readers: [(name: String, room: String)], histories: [String: [[String: Any]]]) {
        #expect(unacked.isEmpty, "sends never acked: \(unacked.prefix(5))")
        #expect(conflicts.isEmpty, "resends answered differently: \(conflicts.prefix(5))")
        let acks = self.acks
        for room in rooms {
            let history = histories[room] ?? []
            let seqs = history.compactMap { $0["seq"] as? Int }.map(Int64.init)
            #expect(seqs == Self.numbers(through: history.count), "room \(room) has gaps")
            let texts = history.compactMap { $0["text"] as? String }
            #expect(Set(texts).count == texts.count, "room \(room) stored a message twice")
            let expected = acks.filter { $0.key.room == room && ["delivered", "held"].contains($0.value.status) }
            let stored = Dictionary(history.compactMap { m in (m["id"] as? Int).map { (Int64($0), m["text"] as? String) } }) { a, _ in a }
            #expect(history.count == expected.count, "room \(room): \(history.count) visible, \(expected.count) acked")
            for (send, ack) in expected where stored[ack.id] != send.text {
                Issue.record("acked message \(send.cid) (id \(ack.id)) is not visible in \(room) with its text")
            }
        }
        for reader in readers {
            let seqs = received[reader.name]?.seqs ?? []
            #expect(seqs == Self.numbers(through: histories[reader.room]?.count ?? 0), "\(reader.name) resumed with gaps or repeats")
        }
    }

    /// 1, 2, ... `count`.
    static func numbers(through count: Int) -> [Int64] { Array(stride(from: Int64(1), through: Int64(count), by: 1)) }
}
