import Foundation
import Logging
import ModGateAuth
import ModGateStorage

/// Builds the token key set from the store and the operator's secret. The first key's secret is the operator's
/// (config, file or environment) or the one the settings keep; the rotated keys' secrets are in the store.
public struct TokenKeyLoader: Sendable {
    /// The secret the operator gave, if any.
    let given: TokenSecret?
    let store: any GatewayStore

    public init(given: TokenSecret?, store: any GatewayStore) {
        self.given = given
        self.store = store
    }

    /// At a gateway's start: on a store with no keys yet, makes the first key from the operator's secret, else the one
    /// the settings keep, else a new one kept there (or the one another gateway starting at the same moment kept first).
    func start(now: Double, logger: Logger) async throws -> TokenKeys {
        if try await store.tokenKeys().isEmpty {
            let secret: TokenSecret
            if let known = try await firstSecret() { secret = known } else { secret = try await generateSecret(logger: logger) }
            try await store.keepFirstTokenKey(id: TokenKey.id(derivedFrom: secret), created: now)
        }
        return try await load()
    }

    /// The keys as the store holds them now. On a store no gateway of this version has opened yet (no keys), the one
    /// secret, as before keys had ids. - Throws: ``TokenKeyError`` when no key can sign.
    public func load() async throws -> TokenKeys {
        let rows = try await store.tokenKeys()
        let firstSecret = try await self.firstSecret()
        if rows.isEmpty, let firstSecret { return TokenKeys(secret: firstSecret) }
        var live: [TokenKey] = []
        for row in rows where row.retired == nil {
            live.append(TokenKey(id: row.id, secret: try secret(of: row, first: firstSecret), created: row.created))
        }
        guard !live.isEmpty else {
            throw TokenKeyError("the database '\(store.location)' has no live token key; start 'modgate serve' on it once")
        }
        let retired = rows.filter { $0.retired != nil }.map(\.id)
        return TokenKeys(live: live, retired: Set(retired), unnamed: rows.first(where: \.first)?.id)
    }

    /// The secret of the live key `row`: its own, or for the first key the operator's or the settings' when it is the one
    /// the key was made from.
    private func secret(of row: StoredTokenKey, first: TokenSecret?) throws -> TokenSecret {
        if let bytes = row.secret { return try TokenSecret(bytes: bytes) }
        guard let first, TokenKey.id(derivedFrom: first) == row.id else {
            throw TokenKeyError(
                "the first token key '\(row.id)' in '\(store.location)' was made from another secret than the one given "
                    + "(server.token_secret, its file or the environment); give that secret again, or rotate and retire "
                    + "'\(row.id)' on a gateway that has it")
        }
        return first
    }

    private func firstSecret() async throws -> TokenSecret? {
        if let given { return given }
        return try await store.secret().map { try TokenSecret(bytes: $0) }
    }

    private func generateSecret(logger: Logger) async throws -> TokenSecret {
        let fresh = TokenSecret.generate()
        let kept = try await store.keepSecret(Data(fresh.bytes))
        guard kept == Data(fresh.bytes) else { return try TokenSecret(bytes: kept) }
        logger.notice(
            "Generated a token secret and kept it in the database",
            metadata: ["store.location": "\(store.location)", "hint": "modgate token issue --user NAME --db \(store.location)"])
        return fresh
    }
}

/// Why the token keys cannot be used: what is wrong and what to do.
public struct TokenKeyError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
