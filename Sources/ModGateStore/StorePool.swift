import GRDB
import ModGateStorage

/// The store's `DatabasePool`, whose every failure comes out as a ``StoreError`` with the database error as
/// its cause: the one place where database errors become the store's own.
struct StorePool: Sendable {
    /// The GRDB pool, for what needs it directly (migrations, tests).
    let database: DatabasePool

    func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await wrapped { try await database.read(value) }
    }

    @_disfavoredOverload
    func read<T>(_ value: (Database) throws -> T) throws(StoreError) -> T {
        try wrapped { try database.read(value) }
    }

    func writeWithoutTransaction<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await wrapped { try await database.writeWithoutTransaction(updates) }
    }

    @_disfavoredOverload
    func writeWithoutTransaction<T>(_ updates: (Database) throws -> T) throws(StoreError) -> T {
        try wrapped { try database.writeWithoutTransaction(updates) }
    }

    func close() throws(StoreError) { try wrapped { try database.close() } }

    private func wrapped<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch { throw StoreError(wrapping: error) }
    }

    private func wrapped<T>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do { return try await body() } catch { throw StoreError(wrapping: error) }
    }
}
