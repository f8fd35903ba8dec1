import ModGateAuth
import Testing

@Test(arguments: [("30s", 30.0), ("10m", 600), ("24h", 86_400), ("7d", 604_800), ("365d", 31_536_000)])
func parsesLifetimes(text: String, seconds: Double) throws {
    #expect(try TokenTTL.parse(text) == seconds)
}

@Test(arguments: ["", "24", "h", "0s", "-5m", "1.5h", "10 m", "10x", "2w", "١٠m", "9999999999d", "+5m"])
func refusesMalformedLifetimes(text: String) {
    #expect(throws: AuthConfigError.self) { try TokenTTL.parse(text) }
    #expect((try? TokenTTL.parse(text)) == nil)
}

@Test func refusesLifetimesBeyondTheMaximum() {
    #expect(throws: AuthConfigError(.ttlTooLong, #"the token lifetime "366d" is longer than the maximum of 365d; use at most 365d"#)) {
        try TokenTTL.parse("366d")
    }
    #expect(throws: AuthConfigError.self) { try TokenTTL.parse("8761h") }
}

@Test func malformedLifetimeMessageShowsExamples() {
    do {
        _ = try TokenTTL.parse("tomorrow")
        Issue.record("expected an error")
    } catch {
        #expect(error.code == .invalidTTL)
        #expect(error.message.contains("24h"))
    }
}
