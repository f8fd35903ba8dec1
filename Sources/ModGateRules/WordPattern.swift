import ModGateText

/// Builds one RE2 pattern that matches any of a rule's words as a whole word.
enum WordPattern {
    /// The words normalised like the text they will meet, escaped, longest first, each between word boundaries.
    /// White space inside an entry matches any run of white space, or none ("free money" meets "freemoney").
    static func pattern(for words: [String], normalizer: Normalizer) -> String? {
        let normalized = Set(words.map { normalizer.normalize($0).string.trimmingSpaces }).subtracting([""])
        guard !normalized.isEmpty else { return nil }
        let alternatives = normalized.sorted { ($0.utf8.count, $1) > ($1.utf8.count, $0) }.map(wholeWord)
        return "(?:" + alternatives.joined(separator: "|") + ")"
    }

    private static func wholeWord(_ word: String) -> String {
        let body = word.unicodeScalars.map(escape).joined()
        let start = isWordCharacter(word.unicodeScalars.first) ? "\\b" : ""
        let end = isWordCharacter(word.unicodeScalars.last) ? "\\b" : ""
        return start + body + end
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        if scalar == " " { return "\\s*" }
        guard scalar.isASCII, !isWordCharacter(scalar) else { return String(scalar) }
        return "\\" + String(scalar)
    }

    /// ASCII letters, digits and underscore: what RE2's `\b` counts as word characters.
    private static func isWordCharacter(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar, scalar.isASCII else { return false }
        return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
