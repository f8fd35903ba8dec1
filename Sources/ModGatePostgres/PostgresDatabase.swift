import Logging
import ModGateStorage
import PostgresNIO

/// The store's connection pool, whose every failure comes out as a ``StoreError`` with the PostgreSQL error as its
/// cause: the one place where database errors become the store's own.
struct PostgresDatabase: Sendable {
    let client: PostgresClient
    /// The URL without its password.
    let location: String
    let logger: Logger

    /// Runs `body` in one transaction (READ COMMITTED) that commits when it returns and rolls back when it throws.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw StoreError(postgres: error, location: location)
        }
    }

    /// Runs `body` on a pooled connection, outside any transaction: each statement is its own.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw StoreError(postgres: error, location: location)
        }
    }
}

extension PostgresConnection {
    /// Every row `query` returns.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// The first row `query` returns, if any.
    func row(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRow? {
        try await rows(query, logger: logger).first
    }

    /// Runs `query` for its effect, reading whatever it returns.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await rows(query, logger: logger)
    }
}
