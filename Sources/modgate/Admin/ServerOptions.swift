import ArgumentParser
import Foundation

/// `--server` and `--token`, shared by the commands that act on a running gateway.
struct ServerOptions: ParsableArguments {
    static let defaultServer = "http://127.0.0.1:8080"

    @Option(help: ArgumentHelp("The gateway's URL (default: $MODGATE_URL, else \(ServerOptions.defaultServer)).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("A moderator token (default: $MODGATE_TOKEN).", valueName: "token"))
    var token: String?

    /// The URL to use: the flag, then MODGATE_URL, then the default. A bare `host:port` gets `http://`.
    var resolvedServer: String { Self.server(server, environment: ProcessInfo.processInfo.environment) }

    var resolvedToken: String? { Self.token(token, environment: ProcessInfo.processInfo.environment) }

    static func server(_ server: String?, environment: [String: String]) -> String {
        let given = [server, environment["MODGATE_URL"]].compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? Self.defaultServer
        return given.contains("://") ? given : "http://" + given
    }

    static func token(_ token: String?, environment: [String: String]) -> String? {
        [token, environment["MODGATE_TOKEN"]].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
            .first { !$0.isEmpty }
    }

    func validate() throws {
        if let server, !Self.usable(server.contains("://") ? server : "http://" + server) {
            throw ValidationError("--server takes the gateway's URL, for example --server http://127.0.0.1:8080")
        }
    }

    static func usable(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return false }
        return ["http", "https"].contains(scheme) && !(components.host ?? "").isEmpty
    }

    /// The client, or the error that says how to get a token or fix the URL.
    func client() throws -> AdminClient {
        let url = resolvedServer
        guard Self.usable(url) else {
            throw AdminError(kind: .unreachable, message: "'\(url)' is not a URL: set --server or MODGATE_URL to one like \(Self.defaultServer)")
        }
        guard let token = resolvedToken else {
            throw AdminError(
                kind: .token, message: "no token: pass --token or set MODGATE_TOKEN (modgate token issue --user you --role moderator)")
        }
        return AdminClient(server: url, token: token)
    }
}
