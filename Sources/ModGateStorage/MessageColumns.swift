import ModGateCore

/// A `messages` row's columns as a database stores them, `findings` as its JSON text.
public struct MessageColumns: Sendable, Equatable, Encodable {
    package var id: Int64
    package var room: String
    package var seq: Int64?
    package var user: String
    /// The text as stored: the sender's, but for redacted spans.
    package var text: String
    /// The text subscribers saw, set only in rows written before redacted spans stopped being stored.
    package var shownText: String?
    package var cid: String?
    package var status: String
    package var action: String
    package var score: Double
    package var findings: String
    package var createdAt: Double

    package init(
        id: Int64, room: String, seq: Int64?, user: String, text: String, shownText: String?, cid: String?,
        status: String, action: String, score: Double, findings: String, createdAt: Double
    ) {
        self.id = id
        self.room = room
        self.seq = seq
        self.user = user
        self.text = text
        self.shownText = shownText
        self.cid = cid
        self.status = status
        self.action = action
        self.score = score
        self.findings = findings
        self.createdAt = createdAt
    }

    /// The message these columns hold. - Throws: on an unknown status or action, or findings that are not the JSON
    /// the store writes.
    package func storedMessage() throws -> StoredMessage {
        let action = try Self.enumValue(Action.self, action)
        return StoredMessage(
            id: id, room: room, seq: seq, user: user, text: shownText ?? text, time: createdAt,
            status: try Self.enumValue(MessageStatus.self, status), cid: cid, action: action,
            reason: try FindingsJSON.reason(action: action, score: score, findings: findings))
    }

    /// The message with what moderators see of it.
    package func moderatedMessage() throws -> ModeratedMessage {
        ModeratedMessage(
            message: try storedMessage(), originalText: text, score: score, findings: try FindingsJSON.decode(findings))
    }

    private static func enumValue<T: RawRepresentable>(_ type: T.Type, _ raw: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw StoreError(.incompatibleSchema, "unknown \(T.self) '\(raw)' in the messages table")
        }
        return value
    }
}
