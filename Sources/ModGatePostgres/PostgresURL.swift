import Foundation
import ModGateStorage
import PostgresNIO

/// Where a PostgreSQL store is: `postgres://user[:password]@host[:port]/database[?sslmode=disable|require]`,
/// percent-encoded. The password stays out of ``location``, logs and errors.
struct PostgresURL: Sendable {
    static let form = "postgres://user[:password]@host[:port]/database[?sslmode=disable|require]"

    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    /// Whether the connection must use TLS (`sslmode=require`), verifying the server's certificate and name against
    /// the system's trust roots; the default is `disable`.
    var requireTLS: Bool

    /// Parses `text`; without a password in it, the password is `$PGPASSWORD`'s, as libpq's tools take it.
    /// - Throws: `StoreError(.databaseFailed)` saying which form is expected.
    init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        func refuse(_ problem: String) -> StoreError {
            StoreError(.databaseFailed, "\(problem) in the PostgreSQL URL: it must read \(Self.form)")
        }
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme)
        else { throw refuse("no postgres:// scheme") }
        guard let host = components.host, !host.isEmpty else { throw refuse("no host") }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else { throw refuse("no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw refuse("no database") }
        var requireTLS = false
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): requireTLS = false
            case ("sslmode", "require"): requireTLS = true
            default: throw refuse("the parameter '\(item.name)=\(item.value ?? "")' is not supported")
            }
        }
        self.host = host
        port = components.port ?? 5432
        self.user = user
        password = components.percentEncodedPassword?.removingPercentEncoding ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        self.database = database
        self.requireTLS = requireTLS
    }

    /// The URL without its password, for logs and hints.
    var location: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.password = password == nil ? nil : "***"
        components.host = host
        components.port = port
        components.path = "/" + database
        if requireTLS { components.queryItems = [URLQueryItem(name: "sslmode", value: "require")] }
        return components.string ?? "postgres://\(host):\(port)/\(database)"
    }

    /// The configuration of the store's pool.
    func clientConfiguration(poolSize: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = poolSize
        return configuration
    }

    /// The configuration of a connection outside the pool (the listener's).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
    }
}
