import Foundation
import Testing

/// The throwaway PostgreSQL server `make test` starts (scripts/with-postgres): a fresh database on it for each test.
public enum TestPostgres {
    /// The server's URL, `postgres://modgate@127.0.0.1:PORT/modgate_test`; nil when the tests run without one.
    public static let serverURL = ProcessInfo.processInfo.environment["MODGATE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether a server is there; a suite that needs one is skipped without it (run it with `scripts/with-postgres`).
    public static var isAvailable: Bool { serverURL != nil }

    /// Runs `body` with the URL of a new, empty database, dropped afterwards whatever `body` does.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        let server = try #require(serverURL, "no PostgreSQL: run the tests under scripts/with-postgres")
        let name = "modgate_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await psql(server, "CREATE DATABASE \(name)")
        var database = try #require(URLComponents(string: server))
        database.path = "/\(name)"
        let url = try #require(database.string)
        do {
            let result = try await body(url)
            try await psql(server, "DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            try? await psql(server, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs one SQL command with psql against `url`, waiting for it without holding a thread of the test's pool.
    public static func psql(_ url: String, _ command: String) async throws {
        let bin = ProcessInfo.processInfo.environment["MODGATE_TEST_POSTGRES_BIN"] ?? "/usr/bin"
        let result = try await runChild(
            URL(fileURLWithPath: bin).appendingPathComponent("psql").path,
            ["--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--dbname", url, "--command", command])
        try #require(result.status == 0, "psql failed: \(command): \(result.stderr)")
    }
}
