import Foundation
import ArgumentParser
import ModGateCore

/// Text for a terminal: user text made harmless, display widths, truncation and fixed-width tables.
enum TextLayout {
    /// User text with control characters (escape sequences, newlines, tabs) and bidi overrides made
    /// visible or harmless, so a message cannot move the cursor, recolour or reorder the moderator's screen.
    /// `keepNewlines` keeps line breaks (for a message shown on its own).
    static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines: out.append(scalar)
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Columns a character takes in a terminal: 2 for wide (CJK, most emoji), 0 for combining marks, else 1.
    static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        if first.properties.isEmojiPresentation { return 2 }
        switch first.value {
        case 0x0300...0x036F, 0x200B...0x200D: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    static func width(_ text: String) -> Int { text.reduce(0) { $0 + width(of: $1) } }

    /// `text` cut to at most `columns` columns, ending in "…" when it was cut.
    static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if width(text) <= columns { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = width(of: character)
            if used + w > columns - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` truncated and padded with spaces to exactly `columns` columns.
    static func fit(_ text: String, _ columns: Int, right: Bool = false) -> String {
        let cut = truncate(text, to: columns)
        let padding = String(repeating: " ", count: max(0, columns - width(cut)))
        return right ? padding + cut : cut + padding
    }
}

/// A table with fixed column widths and a header row; the last column takes what is left of `width`.
struct Table {
    struct Column {
        var title: String
        /// Columns; ignored for the last column, which fills the line.
        var width: Int
        var right = false
    }

    var columns: [Column]
    var width = 80

    /// The header and one line per row, none wider than `width`; cells are sanitized and truncated with "…".
    func render(_ rows: [[String]]) -> [String] {
        ([columns.map(\.title)] + rows).map(line)
    }

    private func line(_ cells: [String]) -> String {
        var used = 0
        var parts: [String] = []
        for (index, column) in columns.enumerated() {
            let last = index == columns.count - 1
            let columnWidth = last ? max(1, width - used) : column.width
            let cell = index < cells.count ? TextLayout.sanitize(cells[index]) : ""
            parts.append(TextLayout.fit(cell, columnWidth, right: column.right))
            used += columnWidth + 1
        }
        var text = parts.joined(separator: " ")
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

/// Times as people at a console read them.
enum When {
    /// "12s ago", "4m ago", "2h ago", "3d ago"; for a time after `now`, "in 4m".
    static func relative(_ time: Double, now: Double) -> String {
        let delta = now - time
        let span = amount(abs(delta))
        return delta >= 0 ? (span == "0s" ? "just now" : "\(span) ago") : "in \(span)"
    }

    /// 45s, 4m, 2h, 3d (whole units, rounded down).
    static func amount(_ seconds: Double) -> String {
        let s = Int(saturating: seconds.rounded(.down))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86400 { return "\(s / 3600)h" }
        return "\(s / 86400)d"
    }

    /// "2026-11-27 02:14 UTC".
    static func clock(_ time: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: time)) + " UTC"
    }

    /// Whether `text` is a duration longer than 0s in the one grammar of `DurationText` ("10m", "24h", "2w").
    static func isDuration(_ text: String) -> Bool { DurationText.seconds(text).map { $0 > 0 } ?? false }

    /// Seconds for the duration given to `option`, for `validate()`. - Throws: `ValidationError` saying what to type.
    static func duration(_ text: String, option: String) throws -> Double {
        let seconds: Double
        do {
            seconds = try DurationText.seconds(text, for: option)
        } catch {
            throw ValidationError(error.message)
        }
        guard seconds > 0 else { throw ValidationError("'\(option)' must be longer than 0s, not '\(text)'") }
        return seconds
    }

    /// Checks a claim's `--lease`: a duration of at most 1h, as the gateway takes it.
    static func checkLease(_ text: String) throws {
        guard try duration(text, option: "--lease") <= 3600 else { throw ValidationError("'--lease' must be at most 1h, not '\(text)'") }
    }
}

/// The elements of a JSON array, each as compact JSON text exactly as sent (numbers untouched).
enum JSONText {
    static func elements(of data: Data) -> [String]? {
        let bytes = [UInt8](data)
        var index = 0
        func skipSpace() { while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 } }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var elements: [String] = []
        var current: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inString {
                current.append(byte)
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case 0x22: inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]") where depth == 0:
                if !current.isEmpty { elements.append(String(decoding: current, as: UTF8.self)) }
                return elements
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ",") where depth == 0:
                elements.append(String(decoding: current, as: UTF8.self))
                current = []
                continue
            default: break
            }
            current.append(byte)
        }
        return nil
    }
}

/// Writes text to standard output at once (triage and tail print as they go).
func say(_ text: String, newline: Bool = true) {
    FileHandle.standardOutput.write(Data((newline ? text + "\n" : text).utf8))
}
