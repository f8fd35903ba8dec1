/// Durations as people write them in rules and config files: "30s", "10m", "24h", "7d", "1.5h".
public enum DurationText {
    private static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]

    /// Seconds for `text`, or nil when it is not a number followed by s, m, h, d or w.
    public static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()),
            value >= 0, value.isFinite
        else { return nil }
        return value * factor
    }

    /// The shortest exact spelling of `seconds`, for messages: 90 -> "90s", 600 -> "10m".
    public static func format(_ seconds: Double) -> String {
        for (unit, factor) in [("w", 604_800.0), ("d", 86400), ("h", 3600), ("m", 60)]
        where seconds >= factor && seconds.truncatingRemainder(dividingBy: factor) == 0 {
            return "\(Int(seconds / factor))\(unit)"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
