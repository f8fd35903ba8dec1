import Foundation
import GRDB
import ModGateTestSupport
import Testing

@testable import ModGateStore

/// A real store failure (SQLITE_FULL from a database held at its size) against a live gateway.
@Suite(.timeLimit(.minutes(1)))
struct StoreFailureTests {
    @Test func aFullDatabaseAnswersEverySendNotStoredKeepsTheSocketAndRecovers() async throws {
        try await GatewayHarness().run { session in
            let database = try #require(session.server.gateway.store as? Store).pool.database
            try await session.socket("bob") { bob in
                try await bob.join("lobby")
                try await session.socket("alice") { alice in
                    try await alice.send(#"{"op":"send","room":"lobby","text":"before","cid":"b"}"#)
                    #expect(try await alice.next(op: "ack")["status"] as? String == "delivered")
                    try await Self.limitSize(of: database, toCurrent: true)
                    let big = String(repeating: "x", count: 4000)
                    let cids = (1...8).map { "full-\($0)" }
                    for cid in cids { try await alice.send(#"{"op":"send","room":"lobby","text":"\#(big)","cid":"\#(cid)"}"#) }
                    var answered: [String] = []
                    for _ in cids {
                        let frame = try await alice.next()
                        #expect(frame["op"] as? String == "error")
                        #expect(frame["code"] as? String == "not_stored")
                        answered.append(frame["cid"] as? String ?? "")
                    }
                    #expect(answered == cids)

                    let http = try await session.request(
                        "/v1/rooms/lobby/messages", method: .post, user: "carol", body: #"{"text":"\#(big)","cid":"h1"}"#)
                    #expect(http.status == .serviceUnavailable)
                    #expect(String(buffer: http.body).contains(#""code":"not_stored""#))
                    #expect(String(buffer: http.body).contains(#""cid":"h1""#))

                    try await Self.limitSize(of: database, toCurrent: false)
                    for cid in cids { try await alice.send(#"{"op":"send","room":"lobby","text":"\#(big)","cid":"\#(cid)"}"#) }
                    for cid in cids {
                        let ack = try await alice.next(op: "ack")
                        #expect(ack["cid"] as? String == cid)
                        #expect(ack["status"] as? String == "delivered")
                    }
                }
                #expect(try await bob.next(op: "msg")["text"] as? String == "before")
                for expected in 2...9 { #expect(try await bob.next(op: "msg")["seq"] as? Int == expected) }
            }
            #expect(session.server.gateway.writer.statistics.transactionsFailed >= 1)
        }
    }

    /// Holds the database at its current number of pages (SQLite then answers SQLITE_FULL), or lifts the limit.
    static func limitSize(of database: DatabasePool, toCurrent: Bool) async throws {
        try await database.writeWithoutTransaction { db in
            let pages = toCurrent ? try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1 : 1_073_741_823
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
    }
}
