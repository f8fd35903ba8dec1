import Foundation

// What the admin API answers (docs/admin-api.md). Decoding is lenient where a field may be absent or null.

/// A held message and its review state.
struct QueueItem: Decodable, Equatable {
    var id: Int64
    var room: String
    var user: String
    var text: String
    var rules: [String]
    var score: Double
    var reason: String?
    var createdAt: Double
    var status: String
    var claimedBy: String?
    var claimExpires: Double?
    var decidedBy: String?
    var decidedAt: Double?
    var note: String?

    enum CodingKeys: String, CodingKey {
        case id, room, user, text, rules, score, reason, status, note
        case createdAt = "created_at", claimedBy = "claimed_by", claimExpires = "claim_expires"
        case decidedBy = "decided_by", decidedAt = "decided_at"
    }

    init(
        id: Int64, room: String, user: String, text: String, rules: [String] = [], score: Double = 0, reason: String? = nil,
        createdAt: Double, status: String = "pending", claimedBy: String? = nil, claimExpires: Double? = nil,
        decidedBy: String? = nil, decidedAt: Double? = nil, note: String? = nil
    ) {
        self.id = id
        self.room = room
        self.user = user
        self.text = text
        self.rules = rules
        self.score = score
        self.reason = reason
        self.createdAt = createdAt
        self.status = status
        self.claimedBy = claimedBy
        self.claimExpires = claimExpires
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        room = try c.decodeIfPresent(String.self, forKey: .room) ?? ""
        user = try c.decodeIfPresent(String.self, forKey: .user) ?? ""
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        rules = try c.decodeIfPresent([String].self, forKey: .rules) ?? []
        score = try c.decodeIfPresent(Double.self, forKey: .score) ?? 0
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        createdAt = try c.decodeIfPresent(Double.self, forKey: .createdAt) ?? 0
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "pending"
        claimedBy = try c.decodeIfPresent(String.self, forKey: .claimedBy)
        claimExpires = try c.decodeIfPresent(Double.self, forKey: .claimExpires)
        decidedBy = try c.decodeIfPresent(String.self, forKey: .decidedBy)
        decidedAt = try c.decodeIfPresent(Double.self, forKey: .decidedAt)
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    /// Claimed by someone whose lease has not run out at `now`.
    func claimHolder(now: Double) -> String? {
        guard status == "pending", let claimedBy, (claimExpires ?? .infinity) > now else { return nil }
        return claimedBy
    }
}

/// A matched span: UTF-8 byte offsets into the message text.
struct MatchSpan: Decodable, Equatable {
    var start: Int
    var end: Int
    var text: String?
}

/// A finding as `modgate check` and the queue detail report it.
struct AdminFinding: Decodable, Equatable {
    var stage: String?
    var rule: String
    var action: String?
    var score: Double?
    var mode: String?
    var reason: String?
    var spans: [MatchSpan]

    init(stage: String? = "rules", rule: String, action: String? = nil, score: Double? = nil, mode: String? = nil,
         reason: String? = nil, spans: [MatchSpan] = []) {
        self.stage = stage
        self.rule = rule
        self.action = action
        self.score = score
        self.mode = mode
        self.reason = reason
        self.spans = spans
    }

    enum CodingKeys: String, CodingKey { case stage, rule, action, score, mode, reason, spans }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stage = try c.decodeIfPresent(String.self, forKey: .stage)
        rule = try c.decodeIfPresent(String.self, forKey: .rule) ?? stage ?? "?"
        action = try c.decodeIfPresent(String.self, forKey: .action)
        score = try c.decodeIfPresent(Double.self, forKey: .score)
        mode = try c.decodeIfPresent(String.self, forKey: .mode)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        spans = try c.decodeIfPresent([MatchSpan].self, forKey: .spans) ?? []
    }
}

/// One of a user's recent messages with its verdict.
struct HistoryEntry: Decodable, Equatable {
    var id: Int64
    var room: String
    var text: String
    var verdict: String?
    var status: String?
    var score: Double?
    var ts: Double
}

/// A visible message of the room (a `msg` frame).
struct ContextMessage: Decodable, Equatable {
    var id: Int64?
    var seq: Int64?
    var room: String?
    var user: String
    var text: String
    var ts: Double
}

/// A user's trust and sanctions.
struct Standing: Decodable, Equatable {
    var trust: Double?
    var firstSeen: Double?
    var mutedUntil: Double?
    var banned: Bool?

    enum CodingKeys: String, CodingKey {
        case trust, banned
        case firstSeen = "first_seen", mutedUntil = "muted_until"
    }
}

/// `GET /v1/admin/queue/{id}`.
struct QueueDetail: Decodable, Equatable {
    var item: QueueItem
    var findings: [AdminFinding]
    var history: [HistoryEntry]
    var context: [ContextMessage]
    var standing: Standing?

    init(item: QueueItem, findings: [AdminFinding] = [], history: [HistoryEntry] = [], context: [ContextMessage] = [],
         standing: Standing? = nil) {
        self.item = item
        self.findings = findings
        self.history = history
        self.context = context
        self.standing = standing
    }

    enum CodingKeys: String, CodingKey { case item, findings, history, context, standing }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        item = try c.decode(QueueItem.self, forKey: .item)
        findings = try c.decodeIfPresent([AdminFinding].self, forKey: .findings) ?? []
        history = try c.decodeIfPresent([HistoryEntry].self, forKey: .history) ?? []
        context = try c.decodeIfPresent([ContextMessage].self, forKey: .context) ?? []
        standing = try c.decodeIfPresent(Standing.self, forKey: .standing)
    }
}

/// `GET /v1/admin/users/{id}`.
struct UserReport: Decodable, Equatable {
    var id: String
    var trust: Double?
    var firstSeen: Double?
    var mutedUntil: Double?
    var banned: Bool?
    var history: [HistoryEntry]

    enum CodingKeys: String, CodingKey {
        case id, trust, banned, history
        case firstSeen = "first_seen", mutedUntil = "muted_until"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        trust = try c.decodeIfPresent(Double.self, forKey: .trust)
        firstSeen = try c.decodeIfPresent(Double.self, forKey: .firstSeen)
        mutedUntil = try c.decodeIfPresent(Double.self, forKey: .mutedUntil)
        banned = try c.decodeIfPresent(Bool.self, forKey: .banned)
        history = try c.decodeIfPresent([HistoryEntry].self, forKey: .history) ?? []
    }
}

/// An audit entry as the API sends it.
struct AuditRow: Decodable, Equatable {
    var id: Int64
    var time: Double
    var actor: String
    var action: String
    var subject: String
    var reason: String
    var rules: [String]

    enum CodingKeys: String, CodingKey { case id, time, actor, action, subject, reason, rules }

    init(id: Int64, time: Double, actor: String, action: String, subject: String, reason: String = "", rules: [String] = []) {
        self.id = id
        self.time = time
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.rules = rules
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        time = try c.decodeIfPresent(Double.self, forKey: .time) ?? 0
        actor = try c.decodeIfPresent(String.self, forKey: .actor) ?? ""
        action = try c.decodeIfPresent(String.self, forKey: .action) ?? ""
        subject = try c.decodeIfPresent(String.self, forKey: .subject) ?? ""
        reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
        rules = (try? c.decodeIfPresent([String].self, forKey: .rules)) ?? []
    }
}

/// The answer of approve and reject.
struct DecisionAnswer: Decodable {
    var id: Int64
    var status: String
    var seq: Int64?
}

/// The answer of `POST /v1/admin/queue/decide`.
struct BulkAnswer: Decodable {
    struct Failure: Decodable {
        var id: Int64
        var code: String?
        var message: String?
    }

    var decided: [Int64]
    var failed: [Failure]
}

/// The answer of a rules reload.
struct ReloadAnswer: Decodable {
    var rules: Int
    var enabled: Int?
    var digest: String?
}

/// The answer of mute, ban and unban.
struct SanctionAnswer: Decodable {
    var id: String
    var mutedUntil: Double?
    var banned: Bool?

    enum CodingKeys: String, CodingKey {
        case id, banned
        case mutedUntil = "muted_until"
    }
}

/// `POST /v1/admin/tokens/revoke`'s answer.
struct RevokeAnswer: Decodable {
    var revoked: String
    var user: String?
    var id: String?
    var issuedBefore: Double?
    var closed: Int

    enum CodingKeys: String, CodingKey {
        case revoked, user, id, closed
        case issuedBefore = "issued_before"
    }
}
