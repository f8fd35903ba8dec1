import Foundation
import ModGateStorage

@testable import ModGateStore
import Testing

/// The database holds the token secret: its files, and the audit key beside them, are their owner's alone.
@Suite struct PrivateFileTests {
    private func mode(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mode & 0o777) : -1
    }

    @Test func aNewDatabaseItsCompanionsAndItsAuditKeyAreReadableByTheirOwnerOnly() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await store.setSecret(Data(repeating: 7, count: 32))
        for path in PrivateFile.database(database.path) + [database.path + ".audit-key"] {
            #expect(mode(path) == 0o600, "\(path) has mode \(String(mode(path), radix: 8))")
        }
        try store.close()
    }

    @Test func aDatabaseOthersCanReadIsRefusedUnlessAllowed() throws {
        let database = try TemporaryDatabase()
        try database.open().close()
        chmod(database.path, 0o644)
        #expect {
            try database.open()
        } throws: { error in
            let error = try #require(error as? StoreError)
            return error.code == .unsafePermissions && error.message.contains("chmod 600") && error.message.contains("(0644)")
        }
        let allowed = try Store(path: database.path, options: StoreOptions(allowReadable: true))
        try allowed.close()
        // A read-only open (audit verify, offline tools) reads it as it is.
        try database.open(readOnly: true).close()
    }
}
