import Foundation

/// A store's content as its rows, column for column, for moving a deployment from one database to another
/// (`modgate migrate`): ids, sequence numbers, hashes and JSON texts move unchanged, so the audit chain verifies
/// and clients resume with the numbers they hold.
public struct StoreRows: Sendable, Equatable {
    /// Each room's last sequence number.
    public var rooms: [String: Int64] = [:]
    public var messages: [MessageColumns] = []
    public var reviewItems: [ReviewRow] = []
    public var users: [User] = []
    public var audit: [AuditColumns] = []
    public var settings: [String: Data] = [:]
    /// The token keys, live and retired, with the secrets of the live ones.
    public var tokenKeys: [StoredTokenKey] = []
    /// The token revocations kept, so that a token revoked before a migration stays refused after it.
    public var revocations = Revocations()

    public init() {}

    public struct ReviewRow: Sendable, Equatable, Encodable {
        public var messageID: Int64
        public var room: String
        public var user: String
        /// The rule ids as their JSON text.
        public var rules: String
        public var status: String
        public var claimedBy: String?
        public var claimExpires: Double?
        public var decidedBy: String?
        public var decidedAt: Double?
        public var note: String?
        public var createdAt: Double

        package init(
            messageID: Int64, room: String, user: String, rules: String, status: String, claimedBy: String?,
            claimExpires: Double?, decidedBy: String?, decidedAt: Double?, note: String?, createdAt: Double
        ) {
            (self.messageID, self.room, self.user, self.rules, self.status) = (messageID, room, user, rules, status)
            (self.claimedBy, self.claimExpires, self.decidedBy, self.decidedAt) = (claimedBy, claimExpires, decidedBy, decidedAt)
            (self.note, self.createdAt) = (note, createdAt)
        }
    }

    public struct User: Sendable, Equatable, Encodable {
        public var id: String
        public var trust: Double
        public var firstSeen: Double
        public var updated: Double
        public var mutedUntil: Double?
        public var banned: Bool

        package init(id: String, trust: Double, firstSeen: Double, updated: Double, mutedUntil: Double?, banned: Bool) {
            (self.id, self.trust, self.firstSeen, self.updated, self.mutedUntil, self.banned) = (id, trust, firstSeen, updated, mutedUntil, banned)
        }
    }
}

/// A store whose rows can be read out, each kind in pages in id order, for a migration.
public protocol StoreExporting: Sendable {
    /// Each room's last sequence number.
    func exportRooms() async throws -> [String: Int64]
    func exportSettings() async throws -> [String: Data]
    func exportMessages(after id: Int64, limit: Int) async throws -> [MessageColumns]
    func exportReviewItems(after messageID: Int64, limit: Int) async throws -> [StoreRows.ReviewRow]
    func exportUsers(after id: String, limit: Int) async throws -> [StoreRows.User]
    func exportAudit(after id: Int64, limit: Int) async throws -> [AuditColumns]
    func exportTokenKeys() async throws -> [StoredTokenKey]
    /// Every token revocation kept.
    func exportRevocations() async throws -> Revocations
}

/// A store that takes rows from another, verbatim, into an empty database.
public protocol StoreImporting: Sendable {
    /// Whether the store holds no message, user, review item, audit entry or setting: a migration goes only there.
    func isEmpty() async throws -> Bool
    /// Writes `rows` in one transaction, as they are: rooms, settings, token keys, messages, review items, users, audit
    /// entries.
    func importRows(_ rows: StoreRows) async throws
    /// Makes new ids follow on from the imported ones.
    func finishImport() async throws
}

/// Copies every row of one store into an empty other, a page of each kind per transaction, messages before the
/// review items that refer to them.
public enum StoreMigration {
    /// What was copied so far.
    public struct Counts: Sendable, Equatable {
        public var rooms = 0, settings = 0, messages = 0, reviewItems = 0, users = 0, auditEntries = 0
    }

    /// - Parameter progress: called after each page with the counts so far.
    public static func copy(
        from source: any StoreExporting, to target: any StoreImporting, pageSize: Int = 5000,
        progress: (Counts) -> Void = { _ in }
    ) async throws -> Counts {
        guard try await target.isEmpty() else {
            throw StoreError(.wrongStatus, "the target database already holds data; migrate into an empty database")
        }
        var counts = Counts()
        var first = StoreRows()
        first.rooms = try await source.exportRooms()
        first.settings = try await source.exportSettings()
        first.tokenKeys = try await source.exportTokenKeys()
        first.revocations = try await source.exportRevocations()
        try await target.importRows(first)
        (counts.rooms, counts.settings) = (first.rooms.count, first.settings.count)
        progress(counts)
        try await copyPages(after: Int64(0), progress: progress, counts: &counts, \.messages, \.messages, key: \.id, into: target) {
            try await source.exportMessages(after: $0, limit: pageSize)
        }
        try await copyPages(after: Int64(0), progress: progress, counts: &counts, \.reviewItems, \.reviewItems, key: \.messageID, into: target) {
            try await source.exportReviewItems(after: $0, limit: pageSize)
        }
        try await copyPages(after: "", progress: progress, counts: &counts, \.users, \.users, key: \.id, into: target) {
            try await source.exportUsers(after: $0, limit: pageSize)
        }
        try await copyPages(after: Int64(0), progress: progress, counts: &counts, \.audit, \.auditEntries, key: \.id, into: target) {
            try await source.exportAudit(after: $0, limit: pageSize)
        }
        try await target.finishImport()
        return counts
    }

    /// Copies one kind of row, page by page, until a page comes back empty.
    private static func copyPages<Row: Sendable, Key: Sendable>(
        after start: Key, progress: (Counts) -> Void, counts: inout Counts, _ rows: WritableKeyPath<StoreRows, [Row]>,
        _ count: WritableKeyPath<Counts, Int>, key: KeyPath<Row, Key>, into target: any StoreImporting,
        page: (Key) async throws -> [Row]
    ) async throws {
        var position = start
        while true {
            let read = try await page(position)
            guard let last = read.last else { return }
            var batch = StoreRows()
            batch[keyPath: rows] = read
            try await target.importRows(batch)
            counts[keyPath: count] += read.count
            progress(counts)
            position = last[keyPath: key]
        }
    }
}
