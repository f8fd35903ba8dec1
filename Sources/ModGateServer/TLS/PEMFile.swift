import Foundation

/// A certificate or key file read whole, each way it can fail an error that names the file and the setting.
enum PEMFile {
    /// The most such a file may hold: a chain of a few certificates is a few kilobytes.
    static let maxBytes = 1 << 20

    /// The bytes of `path`. `what` names the file in errors ("the TLS certificate file"), `setting` where it was
    /// given ("server.tls.certificate or --tls-cert").
    static func read(_ path: String, _ what: String, setting: String) throws(TLSConfigError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            guard code != ENOENT, code != ENOTDIR else {
                throw TLSConfigError(.missingFile, "\(what) '\(path)' does not exist: \(setting) takes the path of a PEM file")
            }
            throw TLSConfigError(
                .unreadableFile,
                "\(what) '\(path)' cannot be read (\(String(cString: strerror(code)))): run the gateway as a user who can read it")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw TLSConfigError(.unreadableFile, "\(what) '\(path)' is not a file: \(setting) takes the path of a PEM file")
        }
        do {
            let bytes = Array(try handle.read(upToCount: maxBytes + 1) ?? Data())
            guard bytes.count <= maxBytes else {
                throw TLSConfigError(
                    .unreadableFile, "\(what) '\(path)' holds more than 1 MiB, more than any PEM certificate chain or key")
            }
            return bytes
        } catch let error as TLSConfigError {
            throw error
        } catch {
            throw TLSConfigError(.unreadableFile, "\(what) '\(path)' cannot be read: run the gateway as a user who can read it", cause: error)
        }
    }

    /// Whether `bytes` hold a PEM block whose label ends with `label` ("CERTIFICATE", "PRIVATE KEY").
    static func hasBlock(_ bytes: [UInt8], endingWith label: String) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").contains { line in
            let line = line.trimmingCharacters(in: .whitespaces)
            return line.hasPrefix("-----BEGIN ") && line.hasSuffix(label + "-----")
        }
    }

    /// Whether `bytes` hold an encrypted key: PKCS #8 (`ENCRYPTED PRIVATE KEY`) or OpenSSL's older `Proc-Type` header.
    static func isEncryptedKey(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")
    }
}
