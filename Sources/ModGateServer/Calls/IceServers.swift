import Crypto
import Foundation
import ModGateCore

/// The STUN and TURN servers clients are told to use, as `RTCConfiguration.iceServers` takes them. Each credential
/// or shared secret is read from its file once, at start. A TURN server with a shared secret (coturn's
/// `use-auth-secret`) gets credentials made for the asking user that expire after `ttl` seconds, so that a client
/// never holds a TURN password that outlives its token.
struct IceServers: Sendable {
    private let servers: [Server]
    /// How long credentials made from a shared secret last, in seconds.
    let ttl: Double

    /// - Throws: `CallConfigError` naming the server and the file that cannot be read.
    init(_ servers: [IceServer], ttl: Double) throws(CallConfigError) {
        var read: [Server] = []
        for (index, server) in servers.enumerated() {
            func contents(_ file: String, _ key: String) throws(CallConfigError) -> String {
                do {
                    return try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                } catch {
                    throw CallConfigError("calls.ice_servers[\(index)]: cannot read \(key) '\(file)': \(error.localizedDescription)")
                }
            }
            var entry = Server(urls: server.urls, username: server.username, credential: server.credential)
            if let file = server.credentialFile { entry.credential = try contents(file, "credential_file") }
            if let file = server.sharedSecretFile {
                entry.secret = SymmetricKey(data: Data(try contents(file, "shared_secret_file").utf8))
            }
            read.append(entry)
        }
        self.servers = read
        self.ttl = ttl
    }

    /// `{"iceServers":[{"urls":[...],"username":...,"credential":...}]}` for `user` at `now` (seconds since 1970).
    func body(for user: String, at now: Double) -> String {
        let entries = servers.map { server in
            guard let secret = server.secret else { return Entry(urls: server.urls, username: server.username, credential: server.credential) }
            // TURN REST credentials: the username is the expiry and the user, the password its HMAC-SHA1 under the secret.
            let username = "\(Int(saturating: (now + ttl).rounded(.down))):\(user)"
            let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(username.utf8), using: secret)
            return Entry(urls: server.urls, username: username, credential: Data(code).base64EncodedString())
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(["iceServers": entries])).map { String(decoding: $0, as: UTF8.self) } ?? #"{"iceServers":[]}"#
    }

    private struct Server: Sendable {
        var urls: [String]
        var username: String?
        var credential: String?
        var secret: SymmetricKey?
    }

    private struct Entry: Encodable {
        var urls: [String]
        var username: String?
        var credential: String?
    }
}

/// A `calls` setting that cannot be used, with what to fix.
public struct CallConfigError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
