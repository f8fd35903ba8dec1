import Crypto
import Foundation

/// The chain's hash over the previous hash and the entry's columns, each length-prefixed: HMAC-SHA-256 with the
/// audit key for keyed entries, plain SHA-256 for the entries written before the chain was keyed.
package enum AuditHash {
    package static let genesis = String(repeating: "0", count: 64)

    /// `rules` and `details` are the stored JSON texts, so verification hashes exactly what is on disk.
    /// - Parameter key: nil for an unkeyed entry.
    package static func hash(
        key: AuditKey?, prevHash: String, id: Int64, time: Double, actor: String, action: String, subject: String,
        reason: String, rules: String, details: String
    ) -> String {
        var bytes: [UInt8] = []
        for field in [prevHash, String(id), "\(time)", actor, action, subject, reason, rules, details] {
            let utf8 = Array(field.utf8)
            bytes += Array("\(utf8.count):".utf8) + utf8
        }
        guard let key else { return hex(SHA256.hash(data: bytes)) }
        return hex(HMAC<SHA256>.authenticationCode(for: bytes, using: key.key))
    }

    /// The hash of a stored entry, from its columns as they are on disk.
    package static func hash(key: AuditKey?, columns entry: AuditColumns) -> String {
        hash(
            key: key, prevHash: entry.prevHash, id: entry.id, time: entry.time, actor: entry.actor, action: entry.action,
            subject: entry.subject, reason: entry.reason, rules: entry.rules, details: entry.details)
    }

    /// The `details` column's text: the map as JSON with sorted keys, so that it hashes the same everywhere.
    package static func encode(details: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(details), as: UTF8.self)
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}

/// An audit entry's columns as a database stores them, `rules` and `details` as their JSON texts.
public struct AuditColumns: Sendable, Equatable, Encodable {
    package var id: Int64
    package var time: Double
    package var actor: String
    package var action: String
    package var subject: String
    package var reason: String
    package var rules: String
    package var details: String
    package var prevHash: String
    package var hash: String
    /// Whether `hash` is an HMAC with the audit key (every entry since keying) or a plain SHA-256.
    package var keyed: Bool

    package init(
        id: Int64, time: Double, actor: String, action: String, subject: String, reason: String, rules: String,
        details: String, prevHash: String, hash: String, keyed: Bool
    ) {
        self.id = id
        self.time = time
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.rules = rules
        self.details = details
        self.prevHash = prevHash
        self.hash = hash
        self.keyed = keyed
    }

    /// The entry these columns hold. - Throws: when `rules` or `details` is not the JSON the log writes.
    package func entry() throws -> AuditEntry {
        AuditEntry(
            id: id,
            record: AuditRecord(
                time: time, actor: actor, action: action, subject: subject, reason: reason,
                rules: try FindingsJSON.decodeStrings(rules),
                details: try JSONDecoder().decode([String: String].self, from: Data(details.utf8))),
            prevHash: prevHash, hash: hash)
    }
}
