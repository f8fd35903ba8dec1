import ExtrasBase64

extension Collection<UInt8> {
    /// base64url without padding (RFC 7515 section 2), as in a JWT and a token id.
    var base64URL: String { Base64.encodeToString(bytes: self, options: [.base64UrlAlphabet, .omitPaddingCharacter]) }
}
