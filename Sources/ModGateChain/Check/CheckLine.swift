import ModGateCore
import ModGateJSON

/// One line of `modgate check --jsonl` input read straight from its bytes: a JSON object with `text` and
/// optional `user`, `room` and `ts` (RFC 3339 text or Unix seconds); other keys are skipped.
public enum CheckLine {
    /// Unix seconds `ts` may take: 1970 to the end of 9999, the years RFC 3339 can write.
    public static let times = 0.0...253_402_300_799

    /// The message on line `number` (its `ts`, or `number` seconds without one), or what is wrong with the line.
    public static func message(from line: UnsafeBufferPointer<UInt8>, number: Int) -> Result<Message, CheckLineError> {
        do throws(CheckLineError.Problem) {
            let record = try record(from: line)
            let context = MessageContext(
                user: record.user ?? "anonymous", room: record.room ?? "check", time: record.ts ?? Double(number))
            return .success(Message(text: record.text, context: context))
        } catch {
            return .failure(CheckLineError(line: number, message: error.message))
        }
    }

    /// The keys a line may give, each at most once (JSON leaves a repeated key's meaning open, and readers differ on it).
    private static let keys = ["text", "user", "room", "ts"]

    /// How deep skipped arrays and objects may nest.
    static let maxDepth = 32

    /// The fields of one line.
    static func record(from line: UnsafeBufferPointer<UInt8>) throws(CheckLineError.Problem)
        -> (text: String, user: String?, room: String?, ts: Double?)
    {
        var scanner = JSONScanner(line, maxDepth: maxDepth)
        guard scanner.peek == UInt8(ascii: "{") else { throw CheckLineError.Problem("not a JSON object") }
        do {
            return try fields(&scanner)
        } catch let error as JSONScanner.SyntaxError {
            throw CheckLineError.Problem("malformed JSON at byte \(error.offset + 1): \(error.what)")
        } catch {
            throw error as? CheckLineError.Problem ?? CheckLineError.Problem("\(error)")
        }
    }

    /// The fields of the object `scanner` is at. - Throws: a `Problem` with a field, or the scanner's `SyntaxError`.
    private static func fields(_ scanner: inout JSONScanner) throws -> (text: String, user: String?, room: String?, ts: Double?) {
        var fields: (text: String?, user: String?, room: String?, ts: Double?) = (nil, nil, nil, nil)
        try scanner.beginObject()
        var first = true
        var seen: UInt8 = 0
        while let key = try scanner.nextKey(first: first) {
            first = false
            if let bit = keys.firstIndex(of: key) {
                guard seen & 1 << bit == 0 else { throw CheckLineError.Problem("'\(key)' appears more than once; give each key once") }
                seen |= 1 << bit
            }
            switch key {
            case "text":
                guard let text = try string(&scanner, for: key) else { throw CheckLineError.Problem("wrong type for 'text'") }
                fields.text = text
            case "user": fields.user = try string(&scanner, for: key)
            case "room": fields.room = try string(&scanner, for: key)
            case "ts": fields.ts = try time(&scanner)
            default: try scanner.skipValue()
            }
        }
        guard let text = fields.text else {
            throw CheckLineError.Problem(#"missing 'text'; each line needs at least {"text": ...}"#)
        }
        return (text, fields.user, fields.room, fields.ts)
    }

    /// A string value; nil for null. - Throws: "wrong type" for anything else.
    private static func string(_ scanner: inout JSONScanner, for key: String) throws -> String? {
        if try scanner.null() { return nil }
        guard scanner.peek == UInt8(ascii: "\"") else { throw CheckLineError.Problem("wrong type for '\(key)'") }
        return try scanner.string()
    }

    /// `ts`: RFC 3339 text or Unix seconds, within `times`; null reads as absent.
    private static func time(_ scanner: inout JSONScanner) throws -> Double? {
        let seconds: Double?
        switch scanner.peek {
        case UInt8(ascii: "\""):
            seconds = try scanner.stringBytes { RFC3339.seconds($0) }
            guard seconds != nil else {
                throw CheckLineError.Problem("'ts' must be RFC 3339 (2018-05-02T19:38:15Z) or Unix seconds")
            }
        case UInt8(ascii: "n"):
            _ = try scanner.null()
            return nil
        case let first? where first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first):
            seconds = try scanner.number()
        case nil:
            try scanner.skipValue()  // throws: the line ends where the value should be
            return nil
        default:
            throw CheckLineError.Problem("wrong type for 'ts'")
        }
        guard let seconds, times.contains(seconds) else {
            throw CheckLineError.Problem(
                "'ts' must be RFC 3339 or Unix seconds from 0 to 253402300799 (9999-12-31T23:59:59Z), not \(seconds ?? .nan)")
        }
        return seconds
    }
}

/// A `check` input line that could not be judged.
public struct CheckLineError: Error, Sendable, Equatable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// What is wrong with a line, before its number is known.
    struct Problem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
