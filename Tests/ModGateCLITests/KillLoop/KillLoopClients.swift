import Foundation
import ModGateTestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The kill loop's clients on one run of the gateway: senders that send again until acked, readers that resume
/// with `since`, and a moderator who approves what is held. Each ends when the gateway dies under it, or when its
/// work is done.
struct KillLoopClients: Sendable {
    let port: Int
    let ledger: KillLoopLedger
    /// Each user's token.
    let tokens: [String: String]

    /// How many sends one sender has waiting for their acks.
    static let window = 8

    /// Sends `user`'s unacked messages again (same `cid`), then, when `fresh`, new ones, a window at a time, at most
    /// `windows` windows of new ones.
    func send(as user: String, rooms: [String], fresh: Bool, windows: Int = .max) async {
        _ = try? await webSocket(port: port, token: tokens[user] ?? "") { socket in
            var pending = ledger.unacked(of: user)
            var fresh = fresh ? windows : 0
            while true {
                if pending.isEmpty {
                    guard fresh > 0 else { return }
                    fresh -= 1
                    pending = (0..<Self.window).map { _ in ledger.newSend(user: user, rooms: rooms) }
                }
                let window = Array(pending.prefix(Self.window))
                pending.removeFirst(window.count)
                for send in window {
                    try await socket.send(#"{"op":"send","room":"\#(send.room)","text":"\#(send.text)","cid":"\#(send.cid)"}"#)
                }
                var waiting = Dictionary(uniqueKeysWithValues: window.map { ($0.cid, $0) })
                while !waiting.isEmpty {
                    let frame = try await socket.next()
                    guard let cid = frame["cid"] as? String, let send = waiting.removeValue(forKey: cid) else { continue }
                    // An error (not_stored) leaves the send unacked: it goes again on the next run.
                    if frame["op"] as? String == "ack", let id = frame["id"] as? Int, let status = frame["status"] as? String {
                        ledger.record(KillLoopLedger.Ack(id: Int64(id), status: status), for: send)
                    }
                }
            }
        }
    }

    /// Follows `room` from the last message `reader` received; with `target`, until it has received that number.
    func follow(_ room: String, as reader: String, until target: Int64? = nil) async {
        _ = try? await webSocket(port: port, token: tokens[reader] ?? "") { socket in
            let since = ledger.lastSeq(of: reader, room: room)
            try await socket.send(#"{"op":"subscribe","room":"\#(room)","since":\#(since)}"#)
            while target.map({ ledger.lastSeq(of: reader, room: room) < $0 }) ?? true {
                let frame = try await socket.next()
                guard frame["op"] as? String == "msg", let seq = frame["seq"] as? Int else { continue }
                ledger.receive(seq: Int64(seq), by: reader, room: room)
            }
        }
    }

    /// Approves every held message as `moderator`, polling the queue; with `untilEmpty`, returns once it is empty.
    func approveHeld(as moderator: String, untilEmpty: Bool) async {
        while let items = try? await get("/v1/admin/queue?limit=100", as: moderator) as? [[String: Any]] {
            if items.isEmpty {
                if untilEmpty { return }
                try? await Task.sleep(for: .milliseconds(20))
            }
            for case let id as Int in items.map({ $0["id"] }) {
                _ = try? await request("POST", "/v1/admin/queue/\(id)/approve", as: moderator)
            }
        }
    }

    /// Every visible message of `room` as the HTTP history gives it, oldest first.
    func history(of room: String, as user: String) async throws -> [[String: Any]] {
        var messages: [[String: Any]] = []
        while true {
            let since = (messages.last?["seq"] as? Int) ?? 0
            let page = try await get("/v1/rooms/\(room)/messages?since=\(since)&limit=1000", as: user) as? [[String: Any]] ?? []
            messages += page
            if page.count < 1000 { return messages }
        }
    }

    private func get(_ path: String, as user: String) async throws -> Any {
        try JSONSerialization.jsonObject(with: try await request("GET", path, as: user))
    }

    private func request(_ method: String, _ path: String, as user: String) async throws -> Data {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 10)
        request.httpMethod = method
        request.setValue("Bearer \(tokens[user] ?? "")", forHTTPHeaderField: "Authorization")
        if method == "POST" {
            request.httpBody = Data("{}".utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw URLError(.badServerResponse) }
        return data
    }
}
