import Foundation
import ModGateTestSupport
import Testing

/// The Python of the virtual environment `scripts/test-venv` makes, with the packages of
/// `Tests/clients/requirements.txt` in it (`MODGATE_TEST_PYTHON`; make test sets it).
let testPython = ProcessInfo.processInfo.environment["MODGATE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

/// Starts a gateway, runs the Python client `Tests/clients/<script>` with the arguments `arguments` gives for that
/// gateway, stops the gateway and returns the one JSON object the client printed (its stderr and the gateway's
/// log when it failed).
func runPythonClient(_ script: String, arguments: (LiveGateway) async throws -> [String]) async throws -> [String: Any] {
    let gateway = try await LiveGateway.start()
    do {
        let result = try await runChild(
            try #require(testPython),
            [packageRoot.appendingPathComponent("Tests/clients/" + script).path] + (try await arguments(gateway)),
            timeLimit: .seconds(90))
        await gateway.stop()
        try #require(result.status == 0, "the client failed: \(result.stderr)\ngateway log:\n\(gateway.server.log)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    } catch {
        await gateway.stop()
        throw error
    }
}
