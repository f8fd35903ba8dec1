import ArgumentParser
import Foundation
import Logging
import ModGatePostgres
import ModGateStorage
import ModGateStore

/// `modgate migrate`: moves a SQLite deployment into an empty PostgreSQL database.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a SQLite database into an empty PostgreSQL database, then verify the audit chain there.",
        discussion: """
            Stop the gateway first. Messages keep their ids and sequence numbers (clients resume with the numbers they \
            hold), the review queue, users with their trust and sanctions, the audit chain and the settings (token \
            secret, spam model) move as they are. The PostgreSQL store uses the SQLite database's audit key file \
            (--audit-key): give every gateway on the new database that file. The source is only read.
            """
    )

    @Option(help: "The SQLite database file to copy.")
    var from: String

    @Option(help: "The PostgreSQL database to copy into: postgres://USER@HOST[:PORT]/DATABASE (empty; $PGPASSWORD for the password).")
    var to: String

    @Option(name: .customLong("audit-key"), help: "The audit key file (default: $MODGATE_AUDIT_KEY_FILE, else FROM.audit-key).")
    var auditKey: String?

    @Option(help: "Rows of each kind per transaction (100 to 100000).")
    var page = 5000

    func validate() throws {
        guard StoreLocation.isPostgres(to) else { throw ValidationError("--to takes a PostgreSQL URL, postgres://USER@HOST/DATABASE") }
        guard !StoreLocation.isPostgres(from) else { throw ValidationError("--from takes the SQLite database file") }
        guard (100...100_000).contains(page) else { throw ValidationError("--page takes 100 to 100000") }
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: from) else {
            throw ValidationError("no database at '\(from)': pass --from FILE (the file `modgate serve --db` writes)")
        }
        let keyFile = auditKey ?? AuditKey.defaultPath(database: from)
        let logger = Logger(label: "modgate.migrate")
        do {
            let source = try Store(path: from, options: StoreOptions(readOnly: true, auditKeyFile: keyFile))
            let target = try await PostgresStore.open(url: to, options: PostgresStoreOptions(auditKeyFile: keyFile), logger: logger)
            let started = ContinuousClock.now
            let counts = try await StoreMigration.copy(from: source, to: target, pageSize: page) { counts in
                printError("copied \(counts.messages) messages, \(counts.reviewItems) review items, \(counts.users) users, \(counts.auditEntries) audit entries")
            }
            let verification = try await target.verifyAudit(anchor: nil)
            try await target.close()
            let seconds = ((ContinuousClock.now - started) / .milliseconds(100)).rounded() / 10
            say(
                "migrated \(from) to \(target.location) in \(seconds) s: \(counts.rooms) rooms, \(counts.messages) messages, "
                    + "\(counts.reviewItems) review items, \(counts.users) users, \(counts.auditEntries) audit entries, \(counts.settings) settings")
            say(AuditVerify.describe(verification, keyFile: keyFile))
            if !verification.isIntact { throw ExitCode(1) }
        } catch let error as StoreError {
            throw ValidationError("the migration stopped: \(error.message)")
        }
    }
}
