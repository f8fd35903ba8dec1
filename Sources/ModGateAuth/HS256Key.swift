import Crypto
import Foundation
import JWTKit

/// One HMAC-SHA256 key as jwt-kit's `JWTAlgorithm`: jwt-kit keeps its own HMAC signer behind the `JWTKeyCollection`
/// actor, and the gateway verifies tokens in synchronous code (the WebSocket upgrade decision), so the key is built
/// here on swift-crypto's HMAC. The MAC is compared in constant time.
struct HS256Key: JWTAlgorithm {
    let name = "HS256"
    private let key: SymmetricKey

    init(_ secret: TokenSecret) {
        key = SymmetricKey(data: secret.bytes)
    }

    func sign(_ plaintext: some DataProtocol) throws -> [UInt8] {
        mac(plaintext)
    }

    /// `sign` without `throws`: HMAC cannot fail.
    func mac(_ plaintext: some DataProtocol) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: plaintext, using: key))
    }

    func verify(_ signature: some DataProtocol, signs plaintext: some DataProtocol) throws -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(Array(signature), authenticating: plaintext, using: key)
    }
}
