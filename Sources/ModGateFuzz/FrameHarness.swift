import Foundation
import ModGateProtocol

extension FuzzHarness {
    /// The client frame reader: any text is a frame or a `ProtocolError`; a frame it reads is JSON that
    /// `JSONDecoder` reads with the same fields, and reads back the same once written as JSON.
    public static let frame = FuzzHarness(name: "frame") { bytes in
        FrameOracle.check(String(decoding: bytes, as: UTF8.self))
    }
}

/// `JSONDecoder`'s reading of a frame, the reference the hand-written reader is held to.
private struct FrameFields: Codable, Equatable {
    var op: String?
    var room: String?
    var text: String?
    var cid: String?
    var since: Int64?

    init(_ frame: ClientFrame) {
        switch frame {
        case .send(let room, let text, let cid): (op, self.room, self.text, self.cid) = ("send", room, text, cid)
        case .subscribe(let room, let since): (op, self.room, self.since) = ("subscribe", room, since)
        case .unsubscribe(let room): (op, self.room) = ("unsubscribe", room)
        case .call: op = "call"
        }
    }

    /// The frame these fields make, without the fields its op does not use.
    var frame: ClientFrame? {
        guard let room else { return nil }
        switch op {
        case "send": return text.map { .send(room: room, text: $0, cid: cid) }
        case "subscribe": return .subscribe(room: room, since: since)
        case "unsubscribe": return .unsubscribe(room: room)
        default: return nil
        }
    }
}

private enum FrameOracle {
    static let limits = Limits()
    /// The same limits without the frame size, which escaping can change when a frame is written back.
    static let roundTripLimits = {
        var limits = Limits()
        limits.maxFrameBytes = .max
        return limits
    }()

    static func check(_ text: String) {
        let data = Data(text.utf8)
        let reference = try? JSONDecoder().decode(FrameFields.self, from: data)
        do {
            let frame = try ClientFrame.decode(text, limits: limits)
            expect(isJSON(data), "read a frame from text that is not JSON: \(text.debugDescription)")
            // A call frame is read by JSONDecoder itself (see CallSignal.decode).
            if case .call = frame { return }
            expect(reference?.frame == frame, "read \(frame), JSONDecoder reads \(String(describing: reference))")
            roundTrip(frame)
        } catch where error.code == .malformed {
            // The reader may refuse more than JSONDecoder (which skips into fields it ignores, takes trailing commas
            // and deeper nesting, and keeps the first of a repeated field); what it reads, it reads as the standard does.
        } catch {
            expect(reference != nil, "checked the fields of a text JSONDecoder refuses: \(text.debugDescription)")
        }
    }

    /// A frame written back as JSON reads as the same frame.
    private static func roundTrip(_ frame: ClientFrame) {
        guard let json = try? JSONEncoder().encode(FrameFields(frame)) else { return expect(false, "cannot encode \(frame)") }
        let again = try? ClientFrame.decode(String(decoding: json, as: UTF8.self), limits: roundTripLimits)
        expect(again == frame, "\(frame) written as JSON reads as \(String(describing: again))")
    }

    private static func isJSON(_ data: Data) -> Bool { FoundationJSON.accepts(Array(data), fragmentsAllowed: true) }
}
