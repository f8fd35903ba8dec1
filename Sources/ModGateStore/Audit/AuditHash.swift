import Crypto
import GRDB
import ModGateStorage

/// The chain's hash over the previous hash and the entry's columns, each length-prefixed: HMAC-SHA-256 with the
/// audit key for keyed entries, plain SHA-256 for the entries written before the chain was keyed.
enum AuditHash {
    static let genesis = String(repeating: "0", count: 64)

    /// `rules` and `details` are the stored JSON texts, so verification hashes exactly what is on disk.
    /// - Parameter key: nil for an unkeyed entry.
    static func hash(
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
    static func hash(key: AuditKey?, row: Row) -> String {
        hash(
            key: key, prevHash: row["prev_hash"], id: row["id"], time: row["time"], actor: row["actor"],
            action: row["action"], subject: row["subject"], reason: row["reason"], rules: row["rules"],
            details: row["details"])
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
