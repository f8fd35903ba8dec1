import Crypto
import Foundation

/// The secret that keys the audit chain's HMAC. It lives outside the database (a file created 0600 beside it by
/// default), so that whoever can rewrite the database cannot recompute the chain.
public struct AuditKey: Sendable {
    package let key: SymmetricKey

    /// The key file of `database` when the operator names none: `$MODGATE_AUDIT_KEY_FILE`, else `DATABASE.audit-key`.
    public static func defaultPath(database: String) -> String {
        environmentPath ?? database + ".audit-key"
    }

    /// `$MODGATE_AUDIT_KEY_FILE`, unless unset or empty.
    package static var environmentPath: String? {
        ProcessInfo.processInfo.environment["MODGATE_AUDIT_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads a key file: at least 32 bytes as hex (64 characters or more), surrounding whitespace ignored.
    public static func read(path: String) throws(StoreError) -> AuditKey {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw StoreError(.auditKey, "cannot read the audit key file '\(path)': \(error.localizedDescription)")
        }
        let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard hex.count >= 64, hex.count.isMultiple(of: 2), let bytes = Self.bytes(hex: hex) else {
            throw StoreError(
                .auditKey, "the audit key file '\(path)' must hold at least 32 bytes as hex (openssl rand -hex 32 > FILE)")
        }
        return AuditKey(key: SymmetricKey(data: bytes))
    }

    /// Creates `path` with 32 random bytes as hex, readable by its owner only; never overwrites a file.
    package static func create(path: String) throws(StoreError) -> AuditKey {
        let key = SymmetricKey(size: .bits256)
        let hex = key.withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined() + "\n"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.auditKey, "cannot create the audit key file '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = hex.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, hex.utf8.count) }
        guard written == hex.utf8.count, fsync(descriptor) == 0 else {
            throw StoreError(.auditKey, "cannot write the audit key file '\(path)': \(String(cString: strerror(errno)))")
        }
        return AuditKey(key: key)
    }

    private static func bytes(hex: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let byte = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
