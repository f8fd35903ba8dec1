import ArgumentParser
import Foundation

/// `--server` and `--token`, shared by the commands that act on a running gateway.
struct ServerOptions: ParsableArguments {
    static let defaultServer = "http://127.0.0.1:8080"

    @Option(help: ArgumentHelp("The gateway's URL (default: $MODGATE_URL, else \(ServerOptions.defaultServer)).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("A moderator token (default: $MODGATE_TOKEN); --token-file keeps it out of ps.", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("A file holding the moderator token (default: $MODGATE_TOKEN_FILE).", valueName: "file"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("The CA that signed the gateway's TLS certificate (PEM), trusted besides the system's.", valueName: "file"))
    var cacert: String?

    /// The URL to use: the flag, then MODGATE_URL, then the default. A bare `host:port` gets `http://`.
    var resolvedServer: String { Self.server(server, environment: ProcessInfo.processInfo.environment) }

    var resolvedToken: String? { Self.token(token, file: tokenFile, environment: ProcessInfo.processInfo.environment) }

    static func server(_ server: String?, environment: [String: String]) -> String {
        let given = [server, environment["MODGATE_URL"]].compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? Self.defaultServer
        return given.contains("://") ? given : "http://" + given
    }

    /// The token: `--token`, else `--token-file`'s content, else $MODGATE_TOKEN, else $MODGATE_TOKEN_FILE's content.
    static func token(_ token: String?, file: String? = nil, environment: [String: String]) -> String? {
        func read(_ path: String?) -> String? { path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } }
        return [token, read(file), environment["MODGATE_TOKEN"], read(environment["MODGATE_TOKEN_FILE"])]
            .compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty }
    }

    func validate() throws {
        if let tokenFile, !FileManager.default.isReadableFile(atPath: tokenFile) {
            throw ValidationError("--token-file '\(tokenFile)' cannot be read; write the token into it (modgate token issue ... > FILE)")
        }
        if let cacert, !FileManager.default.isReadableFile(atPath: cacert) {
            throw ValidationError("--cacert '\(cacert)' cannot be read; pass the PEM file of the CA that signed the gateway's certificate")
        }
        if let server, !Self.usable(server.contains("://") ? server : "http://" + server) {
            throw ValidationError("--server takes the gateway's URL, for example --server http://127.0.0.1:8080")
        }
    }

    static func usable(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return false }
        return ["http", "https"].contains(scheme) && !(components.host ?? "").isEmpty
    }

    /// The gateway's URL and the token, or the error that says how to get a token or fix the URL.
    func target() throws -> (server: String, token: String) {
        let url = resolvedServer
        guard Self.usable(url) else {
            throw AdminError(kind: .unreachable, message: "'\(url)' is not a URL: set --server or MODGATE_URL to one like \(Self.defaultServer)")
        }
        guard let token = resolvedToken else {
            throw AdminError(
                kind: .token,
                message: "no token: pass --token-file FILE or set MODGATE_TOKEN (modgate token issue --user you --role moderator > FILE)")
        }
        return (url, token)
    }
}
