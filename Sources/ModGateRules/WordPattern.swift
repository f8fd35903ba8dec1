import ModGateText

/// Builds one RE2 pattern that matches any of a rule's words as a whole word.
enum WordPattern {
    /// The words normalised like the text they will meet, escaped, longest first, each between word boundaries.
    /// White space inside an entry matches any run of white space, or none ("free money" meets "freemoney").
    /// At `full` and above, a letter inside a word that is neither its first nor its last may be masked
    /// ("f*ck", "f***ing", "n-gger"): it becomes a class of the letter and the normaliser's `letterMasks`.
    static func pattern(for words: [String], normalizer: Normalizer) -> String? {
        let normalized = Set(words.map { normalizer.normalize($0).string.trimmingSpaces }).subtracting([""])
        guard !normalized.isEmpty else { return nil }
        let masks = normalizer.letterMasks.unicodeScalars.map(escapeInClass).joined()
        let alternatives = normalized.sorted { ($0.utf8.count, $1) > ($1.utf8.count, $0) }
            .map { wholeWord($0, masks: masks) }
        return "(?:" + alternatives.joined(separator: "|") + ")"
    }

    private static func wholeWord(_ word: String, masks: String) -> String {
        let scalars = Array(word.unicodeScalars)
        let body = scalars.indices.map { index in
            guard !masks.isEmpty, isInteriorLetter(at: index, of: scalars) else { return escape(scalars[index]) }
            return "[" + String(scalars[index]) + masks + "]"
        }
        let start = isWordCharacter(scalars.first) ? "\\b" : ""
        let end = isWordCharacter(scalars.last) ? "\\b" : ""
        return start + body.joined() + end
    }

    /// Whether the scalar at `index` is an ASCII letter with ASCII letters on both sides.
    private static func isInteriorLetter(at index: Int, of scalars: [Unicode.Scalar]) -> Bool {
        func isLetter(_ at: Int) -> Bool {
            scalars.indices.contains(at) && scalars[at].isASCII && scalars[at].properties.isAlphabetic
        }
        return isLetter(index - 1) && isLetter(index) && isLetter(index + 1)
    }

    /// `scalar` written to stand for itself inside a character class.
    private static func escapeInClass(_ scalar: Unicode.Scalar) -> String {
        "]\\^-".unicodeScalars.contains(scalar) ? "\\" + String(scalar) : String(scalar)
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
