import Foundation
import ModGateServer
import ModGateTestSupport
import Testing

/// The connection caps and the HTTP timeouts, against the real binary over raw sockets.
@Suite(.timeLimit(.minutes(2)))
struct ConnectionLimitTests {
    /// A gateway whose `server` section sets `settings`, listening; stopped by the caller.
    static func serve(_ settings: String) async throws -> (Folder, ServerProcess) {
        let folder = try Folder()
        let config = try String(contentsOfFile: folder.config, encoding: .utf8)
        try (config + "\nserver:\n" + settings).write(toFile: folder.config, atomically: true, encoding: .utf8)
        let server = try ServerProcess(folder.serveArguments, logs: folder.url)
        try await server.waitUntilListening()
        return (folder, server)
    }

    @Test func aSlowlorisIsClosedAtTheHeaderTimeout() async throws {
        let (_, server) = try await Self.serve("  header_timeout: 1s\n  idle_timeout: 1h\n")
        defer { server.kill() }
        let slow = try RawConnection(port: server.port, readTimeout: .seconds(30))
        #expect(slow.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a"))
        // The gateway closes it without an answer; a gateway that waited would leave the read to time out.
        #expect(slow.readToEnd() == [])
        let metrics = try #require(try RawConnection(port: server.port).get("/metrics"))
        #expect(metrics.contains("modgate_header_timeouts_total 1"))
        await server.stop()
    }

    @Test func anIdleKeepAliveConnectionIsClosed() async throws {
        let (_, server) = try await Self.serve("  idle_timeout: 1s\n")
        defer { server.kill() }
        let idle = try RawConnection(port: server.port, readTimeout: .seconds(30))
        #expect(idle.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        let answer = try #require(idle.readToEnd())
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        await server.stop()
    }

    @Test func theConnectionAfterTheCapIsAnswered503() async throws {
        let (_, server) = try await Self.serve("  max_connections: 3\n")
        defer { server.kill() }
        // A 200 proves a connection is counted, and keep-alive keeps it open. The readiness probe's connection
        // counts until the gateway has seen it close, so a connection may meet the cap until then: retry it.
        var held: [RawConnection] = []
        try await Self.waitUntil {
            let connection = try RawConnection(port: server.port)
            connection.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            if String(decoding: connection.read() ?? [], as: UTF8.self).hasPrefix("HTTP/1.1 200") { held.append(connection) }
            return held.count == 3
        }
        let refused = try RawConnection(port: server.port)
        let answer = String(decoding: try #require(refused.readToEnd()), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 503"))
        #expect(answer.contains("too_many_connections"))
        // Once the three close, there is room again (a refused probe meanwhile counts as one more refusal).
        held.removeAll()
        try await Self.waitUntil {
            try RawConnection(port: server.port).get("/metrics")?.contains("modgate_refused_connections_total") == true
        }
        await server.stop()
    }

    @Test func aUsersWebSocketPastItsCapIsClosedWith4029() async throws {
        let (folder, server) = try await Self.serve("  max_connections_per_user: 2\n")
        defer { server.kill() }
        let alice = try issueToken(user: "alice", database: folder.database)
        let open = try (0..<2).map { _ in try RawConnection(port: server.port) }
        for connection in open {
            #expect(connection.upgrade(token: alice))
            // An answer to a frame shows the session was admitted: sessions are counted just after the upgrade.
            connection.sendText(#"{"op":"hello"}"#)
            let answer = try #require(connection.read())
            #expect(answer.first == 0x81 && String(decoding: answer, as: UTF8.self).contains("unknown_op"))
        }
        let third = try RawConnection(port: server.port)
        #expect(third.upgrade(token: alice))
        // The close frame comes at once; the TCP close waits for a close reply this raw client never sends.
        let frame = try #require(third.read())
        // A close frame (0x88) whose payload starts with the code, 4029.
        #expect(frame.count >= 4 && frame[0] == 0x88 && Int(frame[2]) << 8 | Int(frame[3]) == 4029)
        #expect(String(decoding: frame.dropFirst(4), as: UTF8.self).contains("too many connections"))
        // Another user is not affected, and a slot freed is a slot again.
        let bob = try RawConnection(port: server.port)
        #expect(bob.upgrade(token: try issueToken(user: "bob", database: folder.database)))
        open[0].sendClose()
        _ = open[0].readToEnd()
        try await Self.waitUntil {
            let again = try RawConnection(port: server.port, readTimeout: .milliseconds(200))
            return again.upgrade(token: alice) && again.read() == nil
        }
        await server.stop()
    }

    @Test func theLimitsComeFromTheServerSectionWithinBounds() throws {
        let files = try Scratch([
            "limits.yaml": "server:\n  max_connections: 5\n  max_connections_per_user: 2\n  header_timeout: 3s\n  idle_timeout: 2m\n  room_idle: 1h\n",
            "bad.yaml": "server:\n  header_timeout: 2d\n",
        ])
        let limits = try GatewayConfig.load(path: files.path("limits.yaml")).limits
        #expect(limits.maxConnections == 5)
        #expect(limits.maxConnectionsPerUser == 2)
        #expect(limits.headerTimeout == 3)
        #expect(limits.idleTimeout == 120)
        #expect(limits.roomIdle == 3600)
        #expect {
            try GatewayConfig.load(path: files.path("bad.yaml"))
        } throws: { error in
            "\(error)".contains("bad.yaml:2") && "\(error)".contains("'header_timeout' must be from 1s to 1d")
        }
    }

    /// Polls `condition` every 20 ms, for at most 10 s.
    static func waitUntil(_ condition: () throws -> Bool) async throws {
        for _ in 0..<500 {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the condition did not come true within 10 s")
    }
}
