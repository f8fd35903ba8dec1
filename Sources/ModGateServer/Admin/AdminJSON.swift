import ModGateCore
import ModGateStorage

/// The shapes of the admin API's answers (docs/admin-api.md). Absent values are written as `null`.
enum AdminJSON {
    /// A held message and its review state.
    struct QueueItem: Encodable {
        var item: ReviewItem
        var message: ModeratedMessage?

        private enum CodingKeys: String, CodingKey {
            case id, room, user, text, rules, score, reason, status, note
            case createdAt = "created_at", claimedBy = "claimed_by", claimExpires = "claim_expires"
            case decidedBy = "decided_by", decidedAt = "decided_at"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(item.messageID, forKey: .id)
            try container.encode(item.room, forKey: .room)
            try container.encode(item.user, forKey: .user)
            try container.encode(item.text, forKey: .text)
            try container.encode(item.rules, forKey: .rules)
            try container.encode(message?.score, forKey: .score)
            try container.encode(message?.message.reason, forKey: .reason)
            try container.encode(item.createdAt, forKey: .createdAt)
            try container.encode(item.status.rawValue, forKey: .status)
            try container.encode(item.claimedBy, forKey: .claimedBy)
            try container.encode(item.claimExpires, forKey: .claimExpires)
            try container.encode(item.decidedBy, forKey: .decidedBy)
            try container.encode(item.decidedAt, forKey: .decidedAt)
            try container.encode(item.note, forKey: .note)
        }
    }

    /// One of a user's messages with its verdict, for `history`.
    struct HistoryEntry: Encodable {
        var id: Int64
        var room: String
        var text: String
        var verdict: String
        var status: String
        var score: Double
        var ts: Double

        init(_ moderated: ModeratedMessage) {
            id = moderated.message.id
            room = moderated.message.room
            text = moderated.originalText
            verdict = moderated.message.action.rawValue
            status = moderated.message.status.rawValue
            score = moderated.score
            ts = moderated.message.time
        }
    }

    /// A user's trust and sanctions.
    struct Standing: Encodable {
        var trust: Double?
        var firstSeen: Double?
        var mutedUntil: Double?
        var banned: Bool

        private enum CodingKeys: String, CodingKey {
            case trust, banned
            case firstSeen = "first_seen", mutedUntil = "muted_until"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trust, forKey: .trust)
            try container.encode(firstSeen, forKey: .firstSeen)
            try container.encode(mutedUntil, forKey: .mutedUntil)
            try container.encode(banned, forKey: .banned)
        }
    }

    /// `GET /v1/admin/queue/{id}`.
    struct QueueDetail: Encodable {
        var item: QueueItem
        var findings: [FindingReport]
        var history: [HistoryEntry]
        var context: [ServerFrame.Msg]
        var standing: Standing
    }

    /// `GET /v1/admin/users/{id}`.
    struct User: Encodable {
        var id: String
        var standing: Standing
        var history: [HistoryEntry]

        private enum CodingKeys: String, CodingKey {
            case id, trust, banned, history
            case firstSeen = "first_seen", mutedUntil = "muted_until"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(standing.trust, forKey: .trust)
            try container.encode(standing.firstSeen, forKey: .firstSeen)
            try container.encode(standing.mutedUntil, forKey: .mutedUntil)
            try container.encode(standing.banned, forKey: .banned)
            try container.encode(history, forKey: .history)
        }
    }

    /// An approve or reject answer.
    struct Decided: Encodable {
        var id: Int64
        var status: String
        var seq: Int64?
    }

    /// `POST /v1/admin/queue/decide`.
    struct BulkDecided: Encodable {
        struct Failure: Encodable {
            var id: Int64
            var code: String
            var message: String
        }

        var decided: [Int64]
        var failed: [Failure]
        /// A filter matched more items than one call decides.
        var more: Bool
    }

    /// A sanction's answer: `{"id","muted_until"}`, `{"id","banned"}` or both after an unban.
    struct Sanctioned: Encodable {
        var id: String
        var mutedUntil: Double??
        var banned: Bool?

        private enum CodingKeys: String, CodingKey {
            case id, banned
            case mutedUntil = "muted_until"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            if let mutedUntil { try container.encode(mutedUntil, forKey: .mutedUntil) }
            try container.encodeIfPresent(banned, forKey: .banned)
        }
    }
}
