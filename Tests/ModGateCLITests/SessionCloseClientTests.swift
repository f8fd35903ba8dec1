import Foundation
import ModGateTestSupport
import Testing

/// The gateway's closes as a busy real client sees them: aiohttp's WebSocket client against `modgate serve`.
@Suite(.enabled(if: testPython != nil, "needs aiohttp: run scripts/test-venv and set MODGATE_TEST_PYTHON=.build/test-venv/bin/python (make test does)"))
struct SessionCloseClientTests {
    /// A banned client that sends 20 frames as soon as its socket opens, before it reads the gateway's error and
    /// close, still gets both: the gateway reads and drops what it sends until it answers the close. Closing with
    /// the client's frames unread reset the socket instead, and 12 to 26 of 150 such clients lost the close code.
    @Test func bannedClientsThatSendAtOnceStillGetTheirErrorAnd4403() async throws {
        let result = try await runPythonClient("banned_burst.py") { gateway in
            [gateway.server.url, gateway.moderator, "carol", try gateway.token("carol"), "150"]
        }
        #expect(result["ban_status"] as? Int == 200)
        #expect(result["connections"] as? Int == 150)
        #expect(result["errors"] as? Int == 150)
        #expect(result["closes_4403"] as? Int == 150)
        #expect(result["close_codes"] as? [String] == ["4403"])
    }
}
