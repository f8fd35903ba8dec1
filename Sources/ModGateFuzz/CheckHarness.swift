import Foundation
import ModGateChain
import ModGateCore

extension FuzzHarness {
    /// The `modgate check --jsonl` line reader: a line it reads has the fields `JSONDecoder` and Foundation's
    /// ISO 8601 reader give it, and a `ts` within `CheckLine.times`; a line it refuses is named by its number.
    public static let check = FuzzHarness(name: "check") { bytes in
        CheckOracle.check(bytes.assumingMemoryBound(to: UInt8.self), number: bytes.count + 1)
    }
}

/// `JSONDecoder`'s reading of a line, the reference.
private struct CheckRecord: Decodable {
    var text: String
    var user: String?
    var room: String?
    var ts: Stamp?
}

/// A `ts` as `JSONDecoder` reads it.
private enum Stamp: Decodable {
    case seconds(Double)
    case text(String)
    /// Neither: another type, or a number `JSONDecoder` refuses to round (1e-400).
    case unreadable

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let seconds = try? value.decode(Double.self) {
            self = .seconds(seconds)
        } else if let text = try? value.decode(String.self) {
            self = .text(text)
        } else {
            self = .unreadable
        }
    }
}

private enum CheckOracle {
    static func check(_ line: UnsafeBufferPointer<UInt8>, number: Int) {
        let reference = try? JSONDecoder().decode(CheckRecord.self, from: Data(line))
        switch CheckLine.message(from: line, number: number) {
        case .success(let message):
            expect(isJSON(line), "read a line that is not JSON: \(describe(line))")
            guard let reference else { return expect(false, "read a line JSONDecoder refuses: \(describe(line))") }
            compare(message, with: reference, number: number, line: line)
        case .failure(let error):
            expect(error.line == number && !error.message.isEmpty, "line \(number) refused as \(error)")
            expect(!mustRead(reference, line: line, refusal: error.message), "refused \(describe(line)): \(error.message)")
        }
    }

    private static func compare(_ message: Message, with reference: CheckRecord, number: Int, line: UnsafeBufferPointer<UInt8>) {
        let context = message.context
        expect(
            message.text == reference.text && context.user == reference.user ?? "anonymous" && context.room == reference.room ?? "check",
            "read \(message.text.debugDescription) from \(context.user.debugDescription) in \(context.room.debugDescription);"
                + " JSONDecoder reads \(reference)")
        let time = context.time
        guard let ts = reference.ts else { return expect(time == Double(number), "no ts on line \(number) reads as \(time)") }
        expect(CheckLine.times.contains(time), "ts \(time) out of bounds in \(describe(line))")
        switch ts {
        case .seconds(let seconds): expect(time == seconds, "ts \(time), JSONDecoder reads \(seconds), in \(describe(line))")
        case .text(let text):
            guard let foundation = ISO8601.seconds(text) else { return }
            expect(abs(time - foundation) <= 1e-3, "ts \(text.debugDescription) reads as \(time), Foundation reads \(foundation)")
        case .unreadable: expect(time == 0, "ts JSONDecoder cannot read reads as \(time) in \(describe(line))")
        }
    }

    /// Whether a line is one the reader must read: strict JSON that `JSONDecoder` reads, with no `ts` or Unix
    /// seconds in bounds (RFC 3339 text is held to Foundation only where both read it), unless the refusal is one
    /// the reader makes on purpose (a repeated key, nesting deeper than 32).
    private static func mustRead(_ reference: CheckRecord?, line: UnsafeBufferPointer<UInt8>, refusal: String) -> Bool {
        guard let reference, isJSON(line) else { return false }
        if refusal.contains("more than once") || refusal.contains("nested more than") { return false }
        switch reference.ts {
        case nil: return true
        case .seconds(let seconds): return CheckLine.times.contains(seconds)
        case .text, .unreadable: return false
        }
    }

    /// Whether `line` is JSON by RFC 8259, as `JSONSerialization` reads it less a trailing comma (which it takes)
    /// and with numbers beyond `Double`'s range allowed (`FoundationJSON`).
    private static func isJSON(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        !hasTrailingComma(line) && FoundationJSON.accepts(Array(line))
    }

    /// Whether a comma comes just before a closing bracket, outside strings.
    private static func hasTrailingComma(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var (inString, escaped, afterComma) = (false, false, false)
        for byte in line {
            if inString {
                if escaped {
                    escaped = false
                } else {
                    escaped = byte == UInt8(ascii: "\\")
                    inString = byte != UInt8(ascii: "\"")
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","): afterComma = true
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if afterComma { return true }
            case 0x20, 0x09, 0x0A, 0x0D: break
            default:
                afterComma = false
                inString = byte == UInt8(ascii: "\"")
            }
        }
        return false
    }

    private static func describe(_ line: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: line, as: UTF8.self).debugDescription
    }
}

/// Foundation's reading of RFC 3339 text, where it is right: `ISO8601DateFormatter` on Linux misreads a fraction
/// of ten digits or more (docs/fuzzing.md), so those are left out.
private enum ISO8601 {
    nonisolated(unsafe) static let withFraction = formatter([.withInternetDateTime, .withFractionalSeconds])
    nonisolated(unsafe) static let withoutFraction = formatter([.withInternetDateTime])

    static func seconds(_ text: String) -> Double? {
        // RFC 3339 allows "t", "z" and a space for "T"; the formatter takes only "T" and "Z".
        let text = String(text.uppercased().map { $0 == " " ? "T" : $0 })
        let fraction = text.split(separator: ".", maxSplits: 1).dropFirst().first?.prefix { $0.isASCII && $0.isNumber }
        guard (fraction?.count ?? 0) < 10 else { return nil }
        let formatter = fraction == nil ? withoutFraction : withFraction
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    private static func formatter(_ options: ISO8601DateFormatter.Options) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = options
        return formatter
    }
}
