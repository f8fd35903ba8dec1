import ModGateAuth
import Testing

@Test func generatedSecretsAreLongAndDistinct() {
    let first = TokenSecret.generate()
    let second = TokenSecret.generate()
    #expect(first.bytes.count == 32)
    #expect(first.hex != second.hex)
}

@Test func secretsRoundTripThroughHexAndBase64() throws {
    let secret = TokenSecret.generate()
    #expect(secret.hex.count == 64)
    #expect(try TokenSecret(text: secret.hex).bytes == secret.bytes)
    #expect(try TokenSecret(text: secret.hex.uppercased()).bytes == secret.bytes)
    #expect(try TokenSecret(text: " \(secret.base64)\n").bytes == secret.bytes)
    let unpaddedURL = secret.base64.replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    #expect(try TokenSecret(text: unpaddedURL).bytes == secret.bytes)
}

@Test func knownEncodings() throws {
    let secret = try TokenSecret(bytes: 0..<32)
    #expect(secret.hex == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
    #expect(secret.base64 == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
}

@Test func shortOrMalformedSecretsAreRefused() {
    #expect(throws: AuthConfigError.self) { try TokenSecret(bytes: [UInt8](repeating: 7, count: 31)) }
    #expect(throws: AuthConfigError.self) { try TokenSigner(secret: Array("too short".utf8)) }
    for text in ["", "   ", "not a secret!", "abc", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8==="] {
        #expect(throws: AuthConfigError.self) { try TokenSecret(text: text) }
    }
    do {
        _ = try TokenSecret(text: "00ff")
        Issue.record("expected an error")
    } catch {
        #expect(error.code == .secretTooShort)
        #expect(error.message.contains("at least 32"))
    }
}

@Test func descriptionHidesTheBytes() {
    let secret = TokenSecret.generate()
    #expect("\(secret)" == "TokenSecret(32 bytes, redacted)")
    #expect(!"\(secret)".contains(secret.hex))
}
