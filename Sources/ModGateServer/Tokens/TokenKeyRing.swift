import Logging
import ModGateAuth
import Synchronization

/// The token keys in force here, swapped whole when they change: every token is verified against them without a
/// database read, and a change that retires a key closes this gateway's connections whose token it signed (4401).
/// The store keeps them; the admin routes, the cluster link and a token naming an unknown key reload them.
public final class TokenKeyRing: Sendable {
    /// The least time between two reloads for tokens that name a key this gateway does not know, so that a flood of
    /// made-up key ids costs one store read a second at most.
    static let unknownKeyReloadInterval = 1.0

    private let current: Mutex<TokenSigner>
    private let lastUnknownKeyReload = Mutex(-Double.infinity)
    private let loader: TokenKeyLoader?
    private let bus: any RoomBus

    init(_ signer: TokenSigner, loader: TokenKeyLoader?, bus: any RoomBus) {
        current = Mutex(signer)
        self.loader = loader
        self.bus = bus
    }

    /// Signs with the newest key and verifies with every live one.
    public var signer: TokenSigner { current.withLock { $0 } }

    /// Throws `token_key_retired` when `identity`'s key was retired after its token was checked.
    func check(_ identity: Identity) throws(AuthError) {
        if retired(identity) { throw AuthError.keyRetired }
    }

    /// Whether the key that signed `identity`'s token is retired.
    func retired(_ identity: Identity) -> Bool {
        guard let key = identity.keyID else { return false }
        return signer.keys.retired.contains(key)
    }

    /// Reads the keys from the store again and closes the connections here whose key is retired now; how many.
    @discardableResult
    public func reload() async throws -> Int {
        guard let loader else { return 0 }
        let keys = try await loader.load()
        let retired = current.withLock { signer in
            let before = signer.keys.retired
            signer = signer.with(keys)
            return keys.retired.subtracting(before)
        }
        guard !retired.isEmpty else { return 0 }
        return bus.close(where: { $0.keyID.map(retired.contains) ?? false }, .tokenKeyRetired)
    }

    /// Reloads the keys for a token that names a key this gateway does not know (another gateway may have rotated),
    /// unless a reload for such a token ran less than ``unknownKeyReloadInterval`` before `now`; whether it reloaded.
    func reloadForUnknownKey(now: Double, logger: Logger) async -> Bool {
        let due = lastUnknownKeyReload.withLock { last in
            guard now - last >= Self.unknownKeyReloadInterval || now < last else { return false }
            last = now
            return true
        }
        guard due else { return false }
        do {
            try await reload()
            return true
        } catch {
            logger.error("Token keys not read", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
    }
}
