/// Rates as people write them in the config file: a count, a slash and a duration, "10/10s", "5/m", "200/s".
public enum RateText {
    /// The largest count a rate may have.
    public static let maxCount = 1_000_000
    /// What a rate looks like, for error messages.
    public static let examples =
        "a count per duration such as 10/10s, 5/m or 200/s (a count up to \(maxCount), a duration up to \(DurationText.maximumText))"

    /// "10/10s" -> (10, 10); "200/s" -> (200, 1); nil when `text` is not a rate.
    public static func parse(_ text: String) -> (count: Int, period: Double)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let count = Int(parts[0]), (1...maxCount).contains(count) else { return nil }
        let unit = String(parts[1])
        guard let period = DurationText.seconds(unit) ?? DurationText.seconds("1" + unit), period > 0 else { return nil }
        return (count, period)
    }
}
