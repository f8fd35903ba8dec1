/// Token lifetimes as people type them after `--ttl`: a whole number and a unit, "30s", "10m", "24h", "7d".
public enum TokenTTL {
    /// The lifetime `modgate token issue` uses without `--ttl`: 24 hours.
    public static let standard: Double = 86_400
    /// The longest lifetime accepted: 365 days.
    public static let maximum: Double = 365 * 86_400

    private static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]

    /// Seconds for `text`. - Throws: `ttl_invalid` for anything but a positive whole number followed by
    /// s, m, h or d; `ttl_too_long` beyond `maximum`.
    public static func parse(_ text: String) throws(AuthConfigError) -> Double {
        let digits = text.dropLast()
        guard let unit = text.last, let factor = units[unit], !digits.isEmpty, digits.count <= 9,
            digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Double(digits), count > 0
        else {
            throw AuthConfigError(
                .invalidTTL,
                "invalid token lifetime \"\(text)\"; write a whole number and a unit s, m, h or d, e.g. 30s, 10m, 24h, 7d"
            )
        }
        let seconds = count * factor
        try check(seconds, spelled: text)
        return seconds
    }

    /// Checks a lifetime in seconds: more than zero and at most `maximum`.
    public static func check(_ seconds: Double, spelled: String? = nil) throws(AuthConfigError) {
        let shown = spelled.map { "\"\($0)\"" } ?? "\(seconds)s"
        guard seconds > 0, seconds.isFinite else {
            throw AuthConfigError(.invalidTTL, "the token lifetime \(shown) must be more than zero, e.g. 24h")
        }
        guard seconds <= maximum else {
            throw AuthConfigError(.ttlTooLong, "the token lifetime \(shown) is longer than the maximum of 365d; use at most 365d")
        }
    }
}
