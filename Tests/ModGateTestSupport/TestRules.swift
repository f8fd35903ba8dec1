/// Rules files for tests that start a gateway, each making a verdict easy to provoke.
public enum TestRules {
    /// "holdme" holds, "rejectme" rejects, "shadowme" shadows.
    public static let verdicts = """
        rules:
          - id: test.hold
            patterns: ['\\bholdme\\b']
            action: hold
            reason: Held for review.
          - id: test.reject
            patterns: ['\\brejectme\\b']
            action: reject
            reason: That word is not allowed here.
          - id: test.shadow
            patterns: ['\\bshadowme\\b']
            action: shadow
        """

    /// The test card number 4111 1111 1111 1111 is redacted.
    public static let card = """
        rules:
          - id: test.card
            patterns: ['\\b4111 1111 1111 1111\\b']
            action: redact
            reason: Card numbers are removed.
        """
}
