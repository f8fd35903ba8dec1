import Foundation
import ModGateText
import Testing

/// The bytes `withNormalizedBytes` hands over for `text`: as they are when the passes would change
/// nothing, else the normalised copy.
private func scanned(_ text: String, _ level: NormalizationLevel) -> String {
    var text = text
    var result = ""
    text.withUTF8 { bytes in
        Normalizer(level: level).withNormalizedBytes(of: bytes) { result = String(decoding: $0, as: UTF8.self) }
    }
    return result
}

/// Texts on either side of every first look: clean ASCII, runs and ends of spaces, controls, spaced-out
/// letters (and capitals after a one-letter word), leetspeak (also across a "*"), "$" and "@" before words, symbols
/// inside words, and non-ASCII (also at the very end, where a multi-byte symbol once read past the text).
private let edgeTexts = [
    "", "hi", "Hello there, how are you?", "ok ", " ok", "a  b", "tab\there", "line\nbreak", "bell\u{7}",
    "f r e e money", "f.r.e.e", "x y", "fr33 m0ney", "2024 was fine", "$hit", "@ss", "pay $100", "h!i there",
    "hi!", "don't", "Ｆｒｅｅ", "café", "ＦＲＥＥ   m0ney", "such a F U C K honestly", "sh*7", "c*n7", "f***1ng",
    "5*3=15", "a*b", "*bold*", "covid-19", "hi!*x", "x*!y", "7*", "*7", "a**$", "a\u{FFFD}", "nice 👍🏽", "½ ok",
]

@Test(arguments: [NormalizationLevel.none, .basic, .full, .squeezed])
func theScanningPathGivesWhatNormalisingGives(level: NormalizationLevel) {
    for text in edgeTexts {
        #expect(scanned(text, level) == Normalizer(level: level).normalize(text).string, "\(text.debugDescription)")
    }
}

@Test func theScanningPathAgreesOnRealChat() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let lines = try String(contentsOf: root.appendingPathComponent("fixtures/chat/chitchat_20k.jsonl"), encoding: .utf8)
        .split(separator: "\n")
    let texts = try lines.map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["text"] as? String ?? ""
    }
    for level in [NormalizationLevel.basic, .full] {
        let differing = texts.filter { scanned($0, level) != Normalizer(level: level).normalize($0).string }
        #expect(differing.isEmpty, "\(level): \(differing.prefix(3))")
    }
}
