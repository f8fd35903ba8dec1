/// The keys a gateway signs and verifies tokens with. The newest live key signs; every live key verifies the tokens
/// whose `kid` names it; the key made from the secret an operator gave (or the database kept) also verifies tokens
/// without a `kid`, issued before keys had ids. A retired key verifies nothing: its tokens are `token_key_retired`.
public struct TokenKeys: Sendable {
    /// The most keys live at once: `modgate token rotate` refuses beyond it until one is retired.
    public static let maxLive = 16

    /// The live keys by id.
    public let live: [String: TokenKey]
    /// The ids of retired keys.
    public let retired: Set<String>
    /// The key that verifies tokens without a `kid`, when it is live or retired.
    public let unnamed: String?

    /// A key set. - Precondition: at least one live key.
    public init(live: [TokenKey], retired: Set<String> = [], unnamed: String? = nil) {
        precondition(!live.isEmpty, "a key set has a key to sign with")
        self.live = Dictionary(live.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.retired = retired.subtracting(self.live.keys)
        self.unnamed = unnamed
    }

    /// One key, which also verifies tokens without a `kid`: a gateway before any rotation.
    public init(secret: TokenSecret) {
        let key = TokenKey(id: TokenKey.id(derivedFrom: secret), secret: secret, created: 0)
        self.init(live: [key], unnamed: key.id)
    }

    /// The newest live key (by creation time, then id), which signs.
    public var signing: TokenKey {
        live.values.max { ($0.created, $0.id) < ($1.created, $1.id) }!
    }

    /// A live key, a retired one, or none this gateway knows.
    public enum Lookup: Sendable {
        case live(TokenKey)
        case retired
        case unknown
    }

    /// What a token's `kid` names; nil (no `kid`) names the key that verifies tokens issued before keys had ids.
    public func lookup(_ kid: String?) -> Lookup {
        guard let id = kid ?? unnamed else { return .unknown }
        if let key = live[id] { return .live(key) }
        return retired.contains(id) ? .retired : .unknown
    }
}
