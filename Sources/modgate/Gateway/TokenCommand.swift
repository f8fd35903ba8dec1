import ArgumentParser
import Foundation
import Logging
import ModGateAPI
import ModGateAuth
import ModGateServer
import ModGateStorage

/// `modgate token ...`: signed tokens for users and moderators.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue and revoke signed tokens; rotate and retire the keys that sign them.",
        subcommands: [TokenIssue.self, TokenRevoke.self, TokenRotate.self, TokenRetire.self, TokenKeysList.self])
}

/// `modgate token issue`: prints a token alone on standard output, and its id and expiry on standard error.
struct TokenIssue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Print a signed token for a user, alone on standard output.",
        discussion: """
            It signs with the gateway's current signing key: the newest key in its database (`modgate token rotate` \
            makes one), or the first key, whose secret is the config file's server.token_secret or \
            server.token_secret_file, else $MODGATE_TOKEN_SECRET_FILE or $MODGATE_TOKEN_SECRET, else the one the \
            gateway keeps in its database. The token's id and expiry go to standard error: \
            `modgate token revoke --id ID` revokes it.
            """
    )

    @Option(help: "The user id the token speaks for.")
    var user: String

    @Option(help: "member, moderator, admin or service (a chat backend that asks POST /v1/check for verdicts).")
    var role: String = "member"

    @Option(help: "How long the token lives: 30m, 24h, 7d (at most 365d).")
    var ttl: String = "24h"

    @Option(help: "The gateway's database, which keeps the secret: its file, or its postgres:// URL.")
    var db: String?

    @Option(help: "The gateway's config file.")
    var config: String?

    func run() async throws {
        let settings = try GatewayOptions(config: config, db: db).load()
        let store =
            settings.sharesStore || FileManager.default.fileExists(atPath: settings.database)
            ? try await settings.openStore(logger: Logger(label: "modgate.token")) : nil
        do {
            try await issue(with: settings, store: store)
            try await store?.close()
        } catch {
            try? await store?.close()
            throw error
        }
    }

    private func issue(with settings: GatewayConfig, store: (any GatewayStore)?) async throws {
        do {
            let keys = try await Self.keys(settings, store: store)
            let now = Date().timeIntervalSince1970
            let token = try TokenSigner(keys: keys).issueToken(
                user: user, role: try Role(parsing: role), ttl: try TokenTTL.parse(ttl), now: now)
            _ = try await store?.appendAudit(
                AuditRecord(
                    time: now, actor: "cli", action: "token.issue", subject: "user:\(user)", reason: "",
                    rules: [], details: ["role": role, "ttl": ttl, "jti": token.id, "kid": keys.signing.id]))
            print(token.text)
            printError(Self.describe(token))
        } catch let error as AuthConfigError {
            throw ValidationError(error.description)
        }
    }

    /// The keys the gateway signs with: the store's, or the operator's secret alone when there is no database yet.
    static func keys(_ settings: GatewayConfig, store: (any GatewayStore)?) async throws -> TokenKeys {
        let given = try settings.givenTokenSecret()
        if let store { return try await TokenKeyLoader(given: given, store: store).load() }
        if let given { return TokenKeys(secret: given) }
        throw ValidationError(
            "no token secret in '\(settings.database)': start 'modgate serve --db \(settings.database)' once, or set server.token_secret_file")
    }

    /// The standard error line: what an operator needs to revoke the token.
    static func describe(_ token: IssuedToken) -> String {
        "token id \(token.id), expires \(When.clock(token.expires)) (\(Int64(token.expires))); "
            + "revoke it with: modgate token revoke --id \(token.id)"
    }
}

/// `modgate token revoke`: a running gateway refuses the tokens at once and closes their sockets, on every node.
struct TokenRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke every token of a user issued until now, or one token, on a running gateway (needs an admin token).",
        discussion: """
            The gateway refuses the tokens at once (401 token_revoked) and closes their open sockets (4401); every \
            gateway sharing its PostgreSQL database does the same. A token issued afterwards works, but one issued \
            in the same second as the revocation is revoked too. The revocation is kept in the database and audited \
            as token.revoke.
            """
    )

    @OptionGroup var server: ServerOptions

    @Option(help: ArgumentHelp("Revoke every token of this user issued until now.", valueName: "id"))
    var user: String?

    @Option(name: .customLong("id"), help: ArgumentHelp("Revoke the one token with this id (the jti `token issue` prints).", valueName: "jti"))
    var tokenID: String?

    @Option(help: "Why (kept in the audit log).")
    var reason: String?

    func validate() throws {
        switch (user, tokenID) {
        case (nil, nil): throw ValidationError("say what to revoke: --user ID (every token of that user) or --id JTI (one token)")
        case (_?, _?): throw ValidationError("give either --user or --id, not both")
        case (let user?, nil):
            if let problem = UserID.problem(user) { throw ValidationError("--user: \(problem)") }
        case (nil, let id?):
            if let problem = TokenID.problem(id) { throw ValidationError("--id (a token id, as `token issue` prints it) \(problem)") }
        }
    }

    func run() async throws {
        try await server.withClient { client in
            let body = Components.Schemas.RevokeBody(user: user, id: tokenID, reason: reason)
            let answer = try await client.asAdmin("revoking tokens") {
                try await client.call { api in try await api.revokeTokens(body: .json(body)).ok.body.json }
            }
            say(Self.describe(answer))
        }
    }

    static func describe(_ answer: RevokeAnswer) -> String {
        let closed = "\(answer.closed) connection\(answer.closed == 1 ? "" : "s") closed on that gateway"
        if let user = answer.user {
            let until = answer.issuedBefore.map { " until \(When.clock($0))" } ?? ""
            return "revoked every token of \(TextLayout.sanitize(user)) issued\(until) (\(closed))"
        }
        return "revoked token \(TextLayout.sanitize(answer.id ?? "")) (\(closed))"
    }
}
