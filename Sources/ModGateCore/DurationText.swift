/// Durations as people write them in the config file, on the command line and in the admin API: a decimal number
/// and one unit, "30s", "10m", "24h", "7d", "2w", "1.5h", at most `maximum`. The one grammar every edge uses.
public enum DurationText {
    /// The longest duration accepted anywhere: 365 days.
    public static let maximum: Double = 365 * 86_400
    /// `maximum` as users write it.
    public static let maximumText = "365d"
    /// What a duration looks like, for error messages.
    public static let examples = "a number and a unit s, m, h, d or w such as 30s, 10m, 1.5h, 7d or 2w, at most 365d"

    private static let units: [UInt8: Double] = [
        UInt8(ascii: "s"): 1, UInt8(ascii: "m"): 60, UInt8(ascii: "h"): 3600, UInt8(ascii: "d"): 86400,
        UInt8(ascii: "w"): 604_800,
    ]

    /// Seconds for `text`, or nil when it is not digits (with an optional fraction) and a unit, or above `maximum`.
    public static func seconds(_ text: String) -> Double? {
        guard let seconds = unbounded(text), seconds <= maximum else { return nil }
        return seconds
    }

    /// Seconds for `text`. - Parameter name: the field or option, for the error.
    /// - Throws: `DurationError` saying what a duration looks like, or that it is above `maximum`.
    public static func seconds(_ text: String, for name: String) throws(DurationError) -> Double {
        guard let seconds = unbounded(text) else {
            throw DurationError(message: "'\(name)' must be a duration: \(examples); not '\(text)'")
        }
        guard seconds <= maximum else { throw DurationError(message: "'\(name)' must be at most \(maximumText), not '\(text)'") }
        return seconds
    }

    /// Seconds for digits, an optional fraction and a unit, whatever the size; nil for any other spelling.
    private static func unbounded(_ text: String) -> Double? {
        let bytes = text.utf8
        guard bytes.count >= 2, bytes.count <= 24, let unit = bytes.last, let factor = units[unit] else { return nil }
        let number = bytes.dropLast()
        let parts = number.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let value = Double(String(decoding: number, as: UTF8.self))
        else { return nil }
        return value * factor
    }

    /// The shortest exact spelling of `seconds`, for messages: 90 -> "90s", 600 -> "10m".
    public static func format(_ seconds: Double) -> String {
        for (unit, factor) in [("w", 604_800.0), ("d", 86400), ("h", 3600), ("m", 60)]
        where seconds >= factor && seconds.truncatingRemainder(dividingBy: factor) == 0 {
            if let count = Int(exactly: seconds / factor) { return "\(count)\(unit)" }
        }
        return Int(exactly: seconds).map { "\($0)s" } ?? "\(seconds)s"
    }
}

/// A duration that is malformed or too long; `message` names the field and what to write instead.
public struct DurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
