import ArgumentParser
import Foundation
import ModGateAPI
import Logging
import ModGatePostgres
import ModGateStorage
import ModGateStore

/// `modgate audit ...`: the hash-chained audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read, follow, export and verify the audit log.",
        subcommands: [AuditList.self, AuditTail.self, AuditExport.self, AuditVerify.self, AuditHead.self])
}

/// `GET /v1/admin/audit?after=&limit=`: the raw answer and its entries.
private func fetchAudit(_ client: AdminClient, after: Int64, limit: Int) async throws -> (Data, [AuditRow]) {
    let (rows, data) = try await client.callKeepingBytes { api in
        try await api.listAudit(query: .init(after: after, limit: limit)).ok.body.json
    }
    return (data, rows)
}

struct AuditList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Audit entries after an id, oldest first.")

    @OptionGroup var server: ServerOptions

    @Option(help: "Only entries with an id above this.")
    var after: Int64 = 0

    @Option(help: "At most this many (1 to 1000).")
    var limit: Int = 100

    @Flag(help: "Print the gateway's JSON array instead of a table.")
    var json = false

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit takes 1 to 1000") }
        guard after >= 0 else { throw ValidationError("--after takes an entry id, 0 or more") }
    }

    func run() async throws {
        try await server.withClient { client in
            let (data, rows) = try await fetchAudit(client, after: after, limit: limit)
            if json { return printJSON(data) }
            guard !rows.isEmpty else { return say("no audit entries" + (after > 0 ? " after \(after)" : "")) }
            for line in AdminRenderer(now: Date().timeIntervalSince1970, color: false).auditTable(rows) { say(line) }
            if rows.count == limit, let last = rows.last { say("more: --after \(last.id)") }
        }
    }
}

struct AuditTail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "The newest audit entries; with -f, keep printing new ones as they come.")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "How many of the newest entries to show first.")
    var lines: Int = 10

    @Flag(name: .shortAndLong, help: "Follow: ask for new entries every second until interrupted.")
    var follow = false

    @Flag(help: "One JSON object per line instead of table rows.")
    var json = false

    func validate() throws {
        guard (0...1000).contains(lines) else { throw ValidationError("--lines takes 0 to 1000") }
    }

    func run() async throws {
        try await server.withClient { client in
            let last = try await Self.lastID(client)
            var after = max(0, last - Int64(lines))
            var header = !json
            var down = false
            while true {
                let fetched: (Data, [AuditRow])
                do {
                    fetched = try await fetchAudit(client, after: after, limit: 1000)
                    if down { printError("the gateway is back") }
                    down = false
                } catch let error as AdminError where follow && error.kind == .unreachable {
                    if !down { printError("error: \(error.message); retrying every second") }
                    down = true
                    try await Task.sleep(for: .seconds(1))
                    continue
                }
                let (data, rows) = fetched
                if !rows.isEmpty {
                    if json {
                        for element in JSONText.elements(of: data) ?? [] { say(element) }
                    } else {
                        let renderer = AdminRenderer(now: Date().timeIntervalSince1970, color: false)
                        for line in renderer.auditTable(rows, header: header) { say(line) }
                        header = false
                    }
                    after = rows.last!.id
                }
                if rows.count == 1000 { continue }
                guard follow else { break }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// The newest entry's id, found with a few one-entry requests (ids run 1, 2, 3, ... without gaps).
    static func lastID(_ client: AdminClient) async throws -> Int64 {
        func exists(after id: Int64) async throws -> Bool {
            let rows = try await fetchAudit(client, after: id, limit: 1).1
            return !rows.isEmpty
        }
        var low: Int64 = 0  // an entry after `low` exists, or low == 0
        var high: Int64 = 1024
        guard try await exists(after: 0) else { return 0 }
        while try await exists(after: high) {
            low = high
            high *= 2
        }
        // Now: an entry after `low` exists, none after `high`.
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if try await exists(after: middle) { low = middle } else { high = middle }
        }
        return high
    }
}

struct AuditExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "The whole audit log (or the entries after --after), one JSON object per line, exactly as the gateway sends them.")

    @OptionGroup var server: ServerOptions

    @Flag(help: "One JSON object per line (the only format; accepted for clarity).")
    var jsonl = false

    @Option(help: "Only entries with an id above this.")
    var after: Int64 = 0

    func run() async throws {
        try await server.withClient { client in
            var after = after
            var output = Output()
            while true {
                let (data, rows) = try await fetchAudit(client, after: after, limit: 1000)
                for element in JSONText.elements(of: data) ?? [] { output.line(element) }
                guard let last = rows.last, rows.count == 1000 else { break }
                after = last.id
            }
            output.flush()
        }
    }
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the audit chain from the database file: exit 0 when intact, 1 naming the first entry that was altered, inserted or deleted.",
        discussion: """
            Works offline and read-only, also while the gateway runs. Keyed entries need the audit key file. \
            Deleting only the newest entries leaves a valid, shorter chain: pass --anchor with a checkpoint \
            that 'modgate audit head' printed earlier to catch that.
            """
    )

    @OptionGroup var files: AuditFiles

    @Option(help: "A checkpoint from 'modgate audit head' (ID:HASH): the log must still hold that entry unchanged.")
    var anchor: String?

    func validate() throws {
        if let anchor, AuditAnchor(parsing: anchor) == nil {
            throw ValidationError("--anchor takes the ID:HASH line 'modgate audit head' printed, not '\(anchor.prefix(80))'")
        }
    }

    func run() async throws {
        let verification = try await files.open { store in try await store.verifyAudit(anchor: anchor.flatMap(AuditAnchor.init(parsing:))) }
        say(Self.describe(verification, keyFile: files.keyFile))
        if case .unverifiable = verification { throw ExitCode(2) }
        if !verification.isIntact { throw ExitCode(1) }
    }

    /// The verdict as one line.
    static func describe(_ verification: AuditVerification, keyFile: String = "modgate.db.audit-key") -> String {
        switch verification {
        case .intact(let entries):
            "audit log intact: \(entries) \(entries == 1 ? "entry" : "entries")"
        case .broken(let id, .altered):
            "entry \(id) was altered (its hash does not match its contents, or the key is not this log's key)"
        case .broken(let id, .unlinked(let previous?)):
            "entry \(id) does not follow entry \(previous) (an entry was inserted or deleted)"
        case .broken(let id, .unlinked(nil)):
            "entry \(id) does not start the chain (an entry was inserted or deleted before it)"
        case .broken(let id, .gap(let previous)):
            "entry \(id) follows entry \(previous) (the entries between them were deleted)"
        case .broken(let id, .unkeyed):
            "entry \(id) has no HMAC where the log is keyed (it was written or rewritten without the audit key)"
        case .broken(let id, .missing(let last)):
            "the anchored entry \(id) is gone: the log ends at entry \(last ?? 0) (its newest entries were deleted)"
        case .broken(let id, .notAnchored):
            "entry \(id) differs from the anchor (the log was rewritten)"
        case .unverifiable(let id):
            "entry \(id) is keyed and there is no audit key at '\(keyFile)': pass --audit-key FILE"
        }
    }
}

/// `modgate audit head`: a checkpoint to keep outside the database.
struct AuditHead: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: "Verify the audit chain and print its newest entry as a checkpoint (ID:HASH), alone on standard output.",
        discussion: "Keep the line somewhere the database's writers cannot reach; 'modgate audit verify --anchor ID:HASH' then fails if the log lost or changed that entry."
    )

    @OptionGroup var files: AuditFiles

    func run() async throws {
        do {
            let head = try await files.open { store in try await store.auditHead() }
            guard let head else { throw ValidationError("the audit log is empty: there is nothing to anchor yet") }
            say(head.description)
        } catch let error as AuditHeadError {
            printError("error: no checkpoint: " + AuditVerify.describe(error.verification, keyFile: files.keyFile))
            throw ExitCode(1)
        }
    }
}

/// The database and audit key file that `audit verify` and `audit head` read.
struct AuditFiles: ParsableArguments {
    @Option(help: "The gateway's database: its file, or its postgres:// URL.")
    var db: String = "modgate.db"

    @Option(name: .customLong("audit-key"), help: "The audit key file (default: $MODGATE_AUDIT_KEY_FILE, else DB.audit-key for a file).")
    var auditKey: String?

    var keyFile: String {
        auditKey ?? (StoreLocation.isPostgres(db) ? AuditKey.environmentPath ?? "" : AuditKey.defaultPath(database: db))
    }

    /// Runs `body` on the database, a file opened read-only.
    func open<T>(_ body: (any GatewayStore) async throws -> T) async throws -> T {
        let store: any GatewayStore
        do {
            store = try await openStore()
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("cannot read the audit log in '\(location)': \(error)")
        }
        do {
            let result = try await body(store)
            try? await store.close()
            return result
        } catch let error as AuditHeadError {
            try? await store.close()
            throw error
        } catch {
            try? await store.close()
            throw ValidationError("cannot read the audit log in '\(store.location)': \(error)")
        }
    }

    /// The database for messages: a URL without its password.
    private var location: String { StoreLocation.isPostgres(db) ? "the PostgreSQL database" : db }

    private func openStore() async throws -> any GatewayStore {
        if StoreLocation.isPostgres(db) {
            return try await PostgresStore.open(
                url: db, options: PostgresStoreOptions(poolSize: 1, auditKeyFile: auditKey), logger: Logger(label: "modgate.audit"))
        }
        guard FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("no database at '\(db)': pass --db FILE (the file `modgate serve --db` writes)")
        }
        return try Store(path: db, options: StoreOptions(readOnly: true, auditKeyFile: keyFile))
    }
}
