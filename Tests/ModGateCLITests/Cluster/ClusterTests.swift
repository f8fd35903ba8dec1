import Foundation
import ModGateTestSupport
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 10's promises across gateways: three `modgate serve` processes on one PostgreSQL database, senders
/// and subscribers spread over them, a moderator on yet another. Skipped without a PostgreSQL server (`make test`
/// starts one).
@Suite(
    .enabled(if: TestPostgres.isAvailable, "needs PostgreSQL: run the tests under scripts/with-postgres (make test does)"),
    .timeLimit(.minutes(3)), .serialized)
struct ClusterTests {
    static let rooms = ["cluster-0", "cluster-1"]
    static let senders = (0..<6).map { "sender-\($0)" }
    /// Each room followed from every node.
    static let readers = rooms.flatMap { room in (0..<3).map { (name: "reader-\(room)-\($0)", room: room, node: $0) } }

    @Test func everySubscriberOnEveryNodeSeesOneGaplessSequence() async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 3, database: database) { cluster in
                let ledger = KillLoopLedger()
                let clients = try Self.clients(of: cluster, ledger: ledger)
                let reading = Self.follow(clients)
                await Self.send(clients, windows: 8)
                // Held on whichever node took it, approved through node 1: delivered on every node.
                await clients[1].approveHeld(as: "mod", untilEmpty: true)
                let histories = try await Self.histories(clients[2])
                try await Self.waitUntilRead(ledger, histories: histories)
                reading.cancel()
                ledger.check(rooms: Self.rooms, readers: Self.readers.map { ($0.name, $0.room) }, histories: histories)
            }
        }
    }

    @Test func aNodeKilledMidStreamLosesNoAckedMessage() async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 3, database: database) { cluster in
                let ledger = KillLoopLedger()
                let before = try Self.clients(of: cluster, ledger: ledger)
                let victim = cluster.nodes[2]
                await withTaskGroup(of: Void.self) { group in
                    for (index, sender) in Self.senders.enumerated() {
                        group.addTask { await before[index % 3].send(as: sender, rooms: Self.rooms, fresh: true, windows: 20) }
                    }
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(400))
                        victim.kill()
                    }
                }
                try await victim.waitForExit()
                try await cluster.restart(2)
                let clients = try Self.clients(of: cluster, ledger: ledger)
                // The killed node's senders send what was never acked again, through the restarted node.
                await Self.send(clients, windows: 0)
                await clients[0].approveHeld(as: "mod", untilEmpty: true)
                // Every reader resumes from nothing on its own node, the restarted one too.
                let histories = try await Self.histories(clients[1])
                let reading = Self.follow(clients)
                try await Self.waitUntilRead(ledger, histories: histories)
                reading.cancel()
                ledger.check(rooms: Self.rooms, readers: Self.readers.map { ($0.name, $0.room) }, histories: histories)
                let audit = try modgate(["audit", "verify", "--db", database], environment: cluster.environment)
                #expect(audit.status == 0, "audit verify: \(audit.stdout) \(audit.stderr)")
            }
        }
    }

    /// With its listener cut, node 1 misses the ban's notice: it learns of the ban when it listens again.
    @Test(arguments: [false, true])
    func aBanThroughOneNodeClosesTheSocketOnAnother(whileItsListenerIsCut: Bool) async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 2, database: database) { cluster in
                let (mallory, moderator) = (try cluster.token("mallory"), try cluster.token("mod", role: "moderator"))
                try await webSocket(port: cluster.nodes[1].port, token: mallory) { socket in
                    try await socket.join("lobby")
                    if whileItsListenerIsCut { try await Self.cutListeners(database) }
                    let banned = try await Self.post("/v1/admin/users/mallory/ban", to: cluster.nodes[0], token: moderator)
                    #expect(banned == 200)
                    // The error frame, then the close: the socket ends.
                    let frames = try await socket.rest()
                    #expect(frames.last?["code"] as? String == "user_banned")
                }
            }
        }
    }

    @Test func aMessageHeldThroughOneNodeAndApprovedThroughAnotherReachesTheFirstNodesSubscribers() async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 2, database: database) { cluster in
                let (alice, bob, moderator) = (try cluster.token("alice"), try cluster.token("bob"), try cluster.token("mod", role: "moderator"))
                try await webSocket(port: cluster.nodes[0].port, token: bob) { bob in
                    try await bob.join("lobby")
                    try await webSocket(port: cluster.nodes[0].port, token: alice) { alice in
                        try await alice.send(#"{"op":"send","room":"lobby","text":"holdme please","cid":"held"}"#)
                        let held = try await alice.next(op: "ack")
                        #expect(held["status"] as? String == "held")
                        try await alice.send(#"{"op":"send","room":"lobby","text":"plain","cid":"plain"}"#)
                        _ = try await alice.next(op: "ack")
                        let id = try #require(held["id"] as? Int)
                        #expect(try await Self.post("/v1/admin/queue/\(id)/approve", to: cluster.nodes[1], token: moderator) == 200)
                    }
                    let first = try await bob.next(op: "msg")
                    let approved = try await bob.next(op: "msg")
                    #expect(first["text"] as? String == "plain" && first["seq"] as? Int == 1)
                    #expect(approved["text"] as? String == "holdme please" && approved["seq"] as? Int == 2)
                }
            }
        }
    }

    @Test func aNodeWhoseListenerDropsCatchesUpFromTheStore() async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 2, database: database) { cluster in
                let (alice, bob) = (try cluster.token("alice"), try cluster.token("bob"))
                try await webSocket(port: cluster.nodes[1].port, token: bob) { bob in
                    try await bob.join("lobby")
                    // Every node's listening connection is cut while node 0 takes messages: their notices are lost.
                    try await Self.cutListeners(database)
                    try await webSocket(port: cluster.nodes[0].port, token: alice) { alice in
                        for index in 1...20 { try await alice.send(#"{"op":"send","room":"lobby","text":"m\#(index)","cid":"\#(index)"}"#) }
                        for _ in 1...20 { _ = try await alice.next(op: "ack") }
                    }
                    var seqs: [Int] = []
                    while seqs.count < 20 { seqs.append(try await bob.next(op: "msg")["seq"] as? Int ?? 0) }
                    #expect(seqs == Array(1...20))
                }
                #expect(cluster.nodes[1].log.contains("Cluster channel lost"), "the listener was not cut: the test proved nothing")
            }
        }
    }

    @Test func aModeratorsReloadThroughOneNodeReloadsEveryNode() async throws {
        try await TestPostgres.withDatabase { database in
            // No file watcher: only the notice can make node 1 read the changed rules.
            let config = """
                server: { rules_watch: off }
                rate_limits: { enabled: false }
                flood: { enabled: false }
                raid: { enabled: false }
                spam: { enabled: false }
                reputation: { enabled: false }
                """
            try await Cluster.with(nodes: 2, database: database, config: config) { cluster in
                let (alice, moderator) = (try cluster.token("alice"), try cluster.token("mod", role: "moderator"))
                try cluster.scratch.write("rules/test.yaml", LiveGateway.holdRule.replacingOccurrences(of: "holdme", with: "stopme"))
                #expect(try await Self.post("/v1/admin/rules/reload", to: cluster.nodes[0], token: moderator) == 200)
                let status = Mutex("")
                let deadline = ContinuousClock.now + .seconds(10)
                while status.withLock({ $0 }) != "held", ContinuousClock.now < deadline {
                    try await webSocket(port: cluster.nodes[1].port, token: alice) { socket in
                        try await socket.send(#"{"op":"send","room":"lobby","text":"stopme now","cid":"\#(UUID().uuidString)"}"#)
                        let acked = try await socket.next(op: "ack")["status"] as? String ?? "?"
                        status.withLock { $0 = acked }
                    }
                }
                #expect(status.withLock { $0 } == "held")
            }
        }
    }

    /// docs/deployment.md: rate limits, flood and raid windows count per node, so one user's connections on two
    /// nodes get each node's allowance.
    @Test func rateLimitsCountPerNode() async throws {
        try await TestPostgres.withDatabase { database in
            let config = """
                rate_limits: { user: {rate: 3/1h, burst: 3}, user_room: off, room: off, connection: off, escalation: off }
                flood: { enabled: false }
                raid: { enabled: false }
                spam: { enabled: false }
                reputation: { enabled: false }
                """
            try await Cluster.with(nodes: 2, database: database, config: config) { cluster in
                let token = try cluster.token("alice")
                var statuses: [[String]] = []
                for node in cluster.nodes {
                    let seen = Mutex<[String]>([])
                    try await webSocket(port: node.port, token: token) { socket in
                        for index in 0..<5 {
                            try await socket.send(#"{"op":"send","room":"lobby","text":"hello \#(index) via \#(node.port)","cid":"\#(node.port)-\#(index)"}"#)
                            let status = try await socket.next(op: "ack")["status"] as? String ?? "?"
                            seen.withLock { $0.append(status) }
                        }
                    }
                    statuses.append(seen.withLock { $0 })
                }
                let allowance = ["delivered", "delivered", "delivered", "rejected", "rejected"]
                #expect(statuses == [allowance, allowance])
            }
        }
    }

    /// Clients for each node, with tokens for every sender, reader and the moderator.
    private static func clients(of cluster: Cluster, ledger: KillLoopLedger) throws -> [KillLoopClients] {
        var tokens = ["mod": try cluster.token("mod", role: "moderator")]
        for user in senders + readers.map(\.name) { tokens[user] = try cluster.token(user) }
        return cluster.nodes.map { KillLoopClients(port: $0.port, ledger: ledger, tokens: tokens) }
    }

    /// Every sender sends `windows` windows of new messages (and what it never got acked) through node `index % 3`.
    private static func send(_ clients: [KillLoopClients], windows: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for (index, sender) in senders.enumerated() {
                group.addTask { await clients[index % 3].send(as: sender, rooms: rooms, fresh: windows > 0, windows: windows) }
            }
        }
    }

    /// Every reader follows its room on its node, resuming from what it has; cancel the task to stop them.
    private static func follow(_ clients: [KillLoopClients]) -> Task<Void, Never> {
        Task {
            await withTaskGroup(of: Void.self) { group in
                for reader in readers { group.addTask { await clients[reader.node].follow(reader.room, as: reader.name) } }
            }
        }
    }

    private static func histories(_ client: KillLoopClients) async throws -> [String: [[String: Any]]] {
        var histories: [String: [[String: Any]]] = [:]
        for room in rooms { histories[room] = try await client.history(of: room, as: "mod") }
        return histories
    }

    /// Waits, for at most 30 s, until every reader has received its room's last number.
    private static func waitUntilRead(_ ledger: KillLoopLedger, histories: [String: [[String: Any]]]) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while readers.contains(where: { ledger.lastSeq(of: $0.name, room: $0.room) < Int64(histories[$0.room]?.count ?? 0) }),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Ends every gateway's listening connection: the notices sent until it is back are lost.
    private static func cutListeners(_ database: String) async throws {
        try await TestPostgres.psql(database, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%'")
    }

    /// POSTs `{}` to `path` on `node`; the HTTP status.
    static func post(_ path: String, to node: ServerProcess, token: String) async throws -> Int {
        var request = URLRequest(url: URL(string: node.url + path)!, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = Data("{}".utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
