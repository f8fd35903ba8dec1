import Foundation
import Logging
import NIOSSL
import Synchronization

/// The TLS certificate the gateway serves, replaced whole by a reload (SIGHUP): each new connection takes the one
/// in force when it is accepted, connections already open keep theirs. A reload that fails keeps the one in force.
public final class LiveCertificate: Sendable {
    public let files: TLSFiles
    private let current: Mutex<TLSIdentity>
    private let logger: Logger

    /// Loads `files` and logs what it serves. - Throws: `TLSConfigError` naming the file and the fix.
    public init(files: TLSFiles, logger: Logger) throws(TLSConfigError) {
        let identity = try TLSIdentity.load(files)
        self.files = files
        self.current = Mutex(identity)
        self.logger = logger
        log("TLS certificate loaded: the gateway serves HTTPS and WSS only", identity, trigger: "start")
    }

    /// The certificate in force.
    public var identity: TLSIdentity { current.withLock { $0 } }

    /// The context for a connection accepted now.
    var context: NIOSSLContext { current.withLock { $0.context } }

    /// Loads the files again and serves them from the next connection on; on any problem, keeps the certificate in
    /// force and logs what is wrong. `trigger` says why ("sighup").
    @discardableResult
    public func reload(trigger: String) -> Result<TLSIdentity, TLSConfigError> {
        do throws(TLSConfigError) {
            let loaded = try TLSIdentity.load(files)
            let previous = current.withLock { current in
                defer { current = loaded }
                return current
            }
            log("TLS certificate reloaded", loaded, trigger: trigger, changed: previous.fingerprint != loaded.fingerprint)
            return .success(loaded)
        } catch {
            logger.error(
                "TLS certificate not reloaded: the certificate in force stays in force",
                metadata: [
                    "tls.problem": "\(error.description)", "tls.fingerprint": "\(identity.fingerprint)", "trigger": "\(trigger)",
                ])
            return .failure(error)
        }
    }

    /// Logs `identity` (never the key): its files, fingerprint, serial and expiry; an error when it has expired.
    private func log(_ message: Logger.Message, _ identity: TLSIdentity, trigger: String, changed: Bool? = nil) {
        var metadata: Logger.Metadata = [
            "tls.certificate": "\(files.certificate)", "tls.key": "\(files.key)", "tls.fingerprint": "\(identity.fingerprint)",
            "tls.serial": "\(identity.serial)", "tls.not_after": "\(identity.notAfter.formatted(.iso8601))",
            "tls.chain": "\(identity.chainLength)", "trigger": "\(trigger)",
        ]
        if let changed { metadata["tls.changed"] = "\(changed)" }
        logger.notice(message, metadata: metadata)
        if identity.notAfter < Date() {
            logger.error(
                "The TLS certificate has expired: clients will refuse it; renew it, then send SIGHUP",
                metadata: ["tls.certificate": "\(files.certificate)", "tls.not_after": "\(identity.notAfter.formatted(.iso8601))"])
        }
    }
}
