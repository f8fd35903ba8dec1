import Crypto

/// The chain's hash: hex SHA-256 over the previous hash and the entry's columns, each length-prefixed.
enum AuditHash {
    static let genesis = String(repeating: "0", count: 64)

    /// `rules` and `details` are the stored JSON texts, so verification hashes exactly what is on disk.
    static func hash(
        prevHash: String, id: Int64, time: Double, actor: String, action: String, subject: String, reason: String,
        rules: String, details: String
    ) -> String {
        var bytes: [UInt8] = []
        for field in [prevHash, String(id), "\(time)", actor, action, subject, reason, rules, details] {
            let utf8 = Array(field.utf8)
            bytes += Array("\(utf8.count):".utf8) + utf8
        }
        return SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
