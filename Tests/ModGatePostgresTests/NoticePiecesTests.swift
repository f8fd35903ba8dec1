import ModGateStorage
import Testing

@testable import ModGatePostgres

/// A notice too long for one PostgreSQL notification (a call's offer) travels in pieces and is joined whole.
struct NoticePiecesTests {
    @Test func aLongNoticeIsCutBetweenCharactersAndJoinedWhole() throws {
        let text = "node\u{1F}k\u{1F}" + String(repeating: "offer é 🎥 ", count: 2000)
        let pieces = NoticePieces.split(text)
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0.utf8.count < 8000 })
        var joiner = NoticePieces()
        // Another short notice between the pieces passes through untouched.
        #expect(joiner.join("short") == "short")
        let joined = pieces.map { joiner.join($0) }
        #expect(joined.dropLast().allSatisfy { $0 == nil })
        #expect(joined.last == text)
    }

    @Test func aShortNoticeIsOnePayload() {
        #expect(NoticePieces.split("n\u{1F}rules") == ["n\u{1F}rules"])
    }

    @Test(arguments: ["\u{1E}", "\u{1E}id\u{1F}5\u{1F}2\u{1F}x", "\u{1E}id\u{1F}0\u{1F}0\u{1F}x", "\u{1E}id\u{1F}a\u{1F}2\u{1F}x"])
    func piecesThatDoNotFitAreDropped(_ payload: String) {
        var joiner = NoticePieces()
        #expect(joiner.join(payload) == nil)
    }
}
