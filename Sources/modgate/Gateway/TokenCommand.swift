import ArgumentParser
import Foundation
import Logging
import ModGateAuth
import ModGateServer
import ModGateStorage

/// `modgate token ...`: signed tokens for users and moderators.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue signed tokens.", subcommands: [TokenIssue.self])
}

/// `modgate token issue`: prints a token alone on standard output.
struct TokenIssue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Print a signed token for a user, alone on standard output.",
        discussion: """
            The secret is the one the gateway uses: the config file's server.token_secret or server.token_secret_file, \
            else $MODGATE_TOKEN_SECRET_FILE or $MODGATE_TOKEN_SECRET, else the one the gateway keeps in its database.
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
        let secret: TokenSecret
        do {
            if let given = try settings.givenTokenSecret() {
                secret = given
            } else if let kept = try await store?.secret() {
                secret = try TokenSecret(bytes: kept)
            } else {
                let location = store?.location ?? settings.database
                throw ValidationError(
                    "no token secret in '\(location)': start 'modgate serve --db \(location)' once, or set server.token_secret_file")
            }
            let now = Date().timeIntervalSince1970
            let token = try TokenSigner(secret: secret).issue(
                user: user, role: try Role(parsing: role), ttl: try TokenTTL.parse(ttl), now: now)
            _ = try await store?.appendAudit(
                AuditRecord(
                    time: now, actor: "cli", action: "token.issue", subject: "user:\(user)", reason: "",
                    rules: [], details: ["role": role, "ttl": ttl]))
            print(token)
        } catch let error as AuthConfigError {
            throw ValidationError(error.description)
        }
    }
}
