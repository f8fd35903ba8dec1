import Foundation
import ModGateTestSupport
import Testing

/// schemathesis (Tests/clients/requirements.txt) against `modgate serve`: requests made from the document the gateway
/// serves at /openapi.yaml, valid ones and invalid ones, with a moderator's token, a member's and an admin's (for the
/// token and check routes). No answer may be a 5xx or differ from the document in status, content type, headers or
/// body. One run at a time, like the other suites of Python clients.
@Suite(
    .enabled(if: testPython != nil, "needs schemathesis: run scripts/test-venv and set MODGATE_TEST_PYTHON=.build/test-venv/bin/python (make test does)"),
    .serialized, .timeLimit(.minutes(5))
)
struct OpenAPIContractTests {
    @Test(arguments: ["moderator", "member", "admin"])
    func everyAnswerMatchesTheDocument(role: String) async throws {
        let gateway = try await LiveGateway.start()
        do {
            // Held items for the queue routes, and a delivered message for history and remove.
            _ = try await gateway.send(["hello", "holdme once", "holdme twice"])
            let token = role == "moderator" ? gateway.moderator : try gateway.token(role == "admin" ? "root" : "carol", role: role)
            let result = try await runChild(try schemathesis(), arguments(gateway, token: token), in: gateway.scratch.url, timeLimit: .seconds(240))
            await gateway.stop()
            #expect(result.status == 0, "schemathesis found answers that break the document:\n\(result.stdout)\n\(result.stderr)")
            // Every operation selected was tested, with requests that reached the gateway.
            let selected = try #require(count("Selected: ", in: result.stdout), "\(result.stdout)")
            #expect(count("Tested: ", in: result.stdout) == selected && selected > 20, "\(result.stdout)")
        } catch {
            await gateway.stop()
            throw error
        }
    }

    /// The number after `label` in schemathesis's summary (`Selected: 26/29`, `Tested: 26`).
    private func count(_ label: String, in output: String) -> Int? {
        output.split(separator: "\n").lazy.compactMap { line in
            line.firstRange(of: label).flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) }
        }.first
    }

    /// The `schemathesis` command of the test venv, beside its Python.
    private func schemathesis() throws -> String {
        URL(fileURLWithPath: try #require(testPython)).deletingLastPathComponent().appendingPathComponent("schemathesis").path
    }

    /// A bounded, repeatable run of the checks that compare answers with the document.
    private func arguments(_ gateway: LiveGateway, token: String) -> [String] {
        [
            "run", "\(gateway.server.url)/openapi.yaml", "--url", gateway.server.url,
            "--header", "Authorization: Bearer \(token)",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
            "--phases", "examples,coverage,fuzzing", "--max-examples", "20", "--seed", "1", "--workers", "1",
            "--request-timeout", "10", "--no-color",
        ]
    }
}
