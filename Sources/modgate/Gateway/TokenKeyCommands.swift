import ArgumentParser
import Foundation
import ModGateAPI
import ModGateAuth

/// `modgate token rotate`: a new signing key on a running gateway; the older keys still verify until retired.
struct TokenRotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Add a new token signing key on a running gateway (needs an admin token).",
        discussion: """
            New tokens are signed with the new key from now on, on every gateway sharing the database; tokens signed \
            with the older keys still work until `modgate token retire KID`. Audited as token.rotate.
            """
    )

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await server.withClient { client in
            let key = try await client.asAdmin("rotating token keys") {
                try await client.call { api in try await api.rotateTokenKey().ok.body.json }
            }
            say("new signing key \(TextLayout.sanitize(key.kid)), made \(When.clock(key.createdAt))")
        }
    }
}

/// `modgate token retire KID`: a retired key verifies nothing, on every gateway, and its tokens' sockets close.
struct TokenRetire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Retire a token key on a running gateway: its tokens are refused at once (needs an admin token).",
        discussion: """
            Every gateway sharing the database refuses the tokens the key signed (401 token_key_retired) and closes \
            their open sockets (4401). The key that signs new tokens cannot be retired: rotate first. Audited as \
            token.retire.
            """
    )

    @OptionGroup var server: ServerOptions

    @Argument(help: "The key id, as `modgate token keys` lists it.")
    var kid: String

    @Option(help: "Why (kept in the audit log).")
    var reason: String?

    func validate() throws {
        if let problem = TokenKey.problem(kid) { throw ValidationError("KID (a key id, as `modgate token keys` lists it) \(problem)") }
    }

    func run() async throws {
        try await server.withClient { client in
            let answer = try await client.asAdmin("retiring token keys") {
                try await client.call(notFound: "no live token key \(TextLayout.sanitize(kid)); modgate token keys lists them") { api in
                    try await api.retireTokenKey(path: .init(kid: kid), body: .json(.init(reason: reason))).ok.body.json
                }
            }
            say("retired key \(TextLayout.sanitize(answer.kid)) (\(answer.closed) connection\(answer.closed == 1 ? "" : "s") closed on that gateway)")
        }
    }
}

/// `modgate token keys`: the live keys, newest first, and which one signs.
struct TokenKeysList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "List the live token keys of a running gateway (needs an admin token).")

    @OptionGroup var server: ServerOptions

    @Flag(help: "Print the gateway's JSON object instead of a table.")
    var json = false

    func run() async throws {
        try await server.withClient { client in
            let (answer, data) = try await client.asAdmin("listing token keys") {
                try await client.callKeepingBytes { api in try await api.listTokenKeys().ok.body.json }
            }
            if json { return printJSON(data) }
            for line in Self.table(answer.keys) { say(line) }
        }
    }

    static func table(_ keys: [TokenKeyRow]) -> [String] {
        ["KID          CREATED               SIGNS"]
            + keys.map { key in
                let kid = TextLayout.sanitize(key.kid).padding(toLength: 12, withPad: " ", startingAt: 0)
                return "\(kid) \(When.clock(key.createdAt).padding(toLength: 21, withPad: " ", startingAt: 0)) \(key.signing ? "yes" : "no")"
            }
    }
}
