import Foundation

/// PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more; a notice longer than that (a call's offer) goes as
/// pieces, `␞ID␟INDEX␟COUNT␟PIECE`, in order in one statement, and the listener joins them before parsing.
struct NoticePieces {
    /// The longest payload sent whole; a longer one is cut into pieces of at most this many bytes plus a header.
    static let maxPayloadBytes = 7_000
    private static let marker: Character = "\u{1E}"
    private static let separator: Character = "\u{1F}"
    /// Notices still missing pieces, kept at most this many at once (the oldest is dropped first).
    private static let maxPending = 256

    private var pending: [String: [String?]] = [:]
    private var order: [String] = []

    /// `text` as the payloads to send: itself when short, else its pieces, each cut between characters.
    static func split(_ text: String) -> [String] {
        guard text.utf8.count > maxPayloadBytes else { return [text] }
        let scalars = text.unicodeScalars
        var pieces: [String] = []
        var start = scalars.startIndex
        while start < scalars.endIndex {
            var end = text.utf8.index(start, offsetBy: maxPayloadBytes, limitedBy: text.endIndex) ?? text.endIndex
            while end.samePosition(in: scalars) == nil { end = text.utf8.index(before: end) }
            pieces.append(String(scalars[start..<end]))
            start = end
        }
        let id = UUID().uuidString
        return pieces.enumerated().map { index, piece in
            [String(marker) + id, String(index), String(pieces.count), piece].joined(separator: String(separator))
        }
    }

    /// The whole notice once `payload` completes one (or is one), else nil.
    mutating func join(_ payload: String) -> String? {
        guard payload.first == Self.marker else { return payload }
        let parts = payload.dropFirst().split(separator: Self.separator, maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let index = Int(parts[1]), let count = Int(parts[2]), (1...64).contains(count), (0..<count).contains(index)
        else { return nil }
        let id = String(parts[0])
        if pending[id] == nil {
            if order.count >= Self.maxPending { pending[order.removeFirst()] = nil }
            pending[id] = Array(repeating: nil, count: count)
            order.append(id)
        }
        guard var pieces = pending[id], pieces.count == count else { return nil }
        pieces[index] = String(parts[3])
        guard pieces.allSatisfy({ $0 != nil }) else {
            pending[id] = pieces
            return nil
        }
        pending[id] = nil
        order.removeAll { $0 == id }
        return pieces.map { $0 ?? "" }.joined()
    }
}
