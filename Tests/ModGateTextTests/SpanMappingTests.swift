import ModGateText
import Testing

/// A piece of normalised text and the exact original text it must map back to.
struct SpanCase: Sendable, CustomTestStringConvertible {
    var original: String
    var level: NormalizationLevel
    var normalizedPiece: String
    var originalPiece: String
    var testDescription: String { "\(original.debugDescription) (\(level)): \(normalizedPiece) <- \(originalPiece)" }
}

/// The first byte range of `piece` in `bytes`.
private func range(of piece: String, in bytes: [UInt8]) -> Range<Int>? {
    let needle = Array(piece.utf8)
    guard needle.count <= bytes.count else { return nil }
    return (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        .map { $0..<($0 + needle.count) }
}

@Test(arguments: [
    SpanCase(original: "ｆｒｅｅ money", level: .full, normalizedPiece: "free", originalPiece: "ｆｒｅｅ"),
    SpanCase(original: "ｆｒｅｅ money", level: .full, normalizedPiece: "money", originalPiece: "money"),
    SpanCase(original: "😀🎉 fr33 m0ney", level: .full, normalizedPiece: "money", originalPiece: "m0ney"),
    SpanCase(original: "e\u{301}\u{302} 𝐟𝐫𝐞𝐞 now", level: .basic, normalizedPiece: "free", originalPiece: "𝐟𝐫𝐞𝐞"),
    SpanCase(original: "cafe\u{301} fr\u{200B}ee", level: .full, normalizedPiece: "free", originalPiece: "fr\u{200B}ee"),
    SpanCase(original: "ﬁne", level: .basic, normalizedPiece: "i", originalPiece: "ﬁ"),
    SpanCase(original: "Straße", level: .basic, normalizedPiece: "ss", originalPiece: "ß"),
    SpanCase(original: "go f r e e now", level: .full, normalizedPiece: "free", originalPiece: "f r e e"),
    SpanCase(original: "such a F U C K now", level: .full, normalizedPiece: "FUCK", originalPiece: "F U C K"),
    SpanCase(original: "such a F U C K now", level: .full, normalizedPiece: "a FUCK", originalPiece: "a F U C K"),
    SpanCase(original: "oh sh*7 no", level: .full, normalizedPiece: "sh*t", originalPiece: "sh*7"),
    SpanCase(original: "ｂ*ll$h17!", level: .full, normalizedPiece: "b*llshit", originalPiece: "ｂ*ll$h17"),
    SpanCase(original: "frееееее cash", level: .squeezed, normalizedPiece: "fre", originalPiece: "frееееее"),
    SpanCase(original: "€€€ fr33333 cash", level: .squeezed, normalizedPiece: "fre", originalPiece: "fr33333"),
])
func normalizedSpanMapsToOriginal(_ test: SpanCase) throws {
    let text = Normalizer(level: test.level).normalize(test.original)
    let piece = try #require(range(of: test.normalizedPiece, in: text.utf8))
    let original = text.originalRange(of: piece)
    let bytes = Array(test.original.utf8)
    #expect(String(decoding: bytes[original], as: UTF8.self) == test.originalPiece)
}

@Test func emptyRangeMapsToAPoint() {
    let text = Normalizer(level: .full).normalize("ｆｒｅｅ")
    #expect(text.originalLength == 12)
    #expect(text.originalRange(of: 1..<1) == 3..<3)
    #expect(text.originalRange(of: 4..<4) == 12..<12)
}

@Test func levelNoneMapsEachByteToItself() {
    let text = Normalizer(level: .none).normalize("ß free")
    #expect(text.originalRange(of: 3..<7) == 3..<7)
}
