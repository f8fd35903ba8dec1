import Foundation
import ModGateCore

/// One line of `modgate check --jsonl` input.
struct CheckRecord: Decodable {
    var text: String
    var user: String?
    var room: String?
    var ts: Timestamp?

    /// `ts` as RFC 3339 text or Unix seconds.
    struct Timestamp: Decodable {
        var seconds: Double
        /// Unix seconds from 1970 to the end of year 9999, the years RFC 3339 can write.
        static let range = 0.0...253_402_300_799

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                guard Self.range.contains(number) else {
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "'ts' must be RFC 3339 or Unix seconds from 0 to 253402300799 (9999-12-31T23:59:59Z), not \(number)")
                }
                seconds = number
                return
            }
            let text = try container.decode(String.self)
            guard let date = Self.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'ts' must be RFC 3339 (2018-05-02T19:38:15Z) or Unix seconds")
            }
            seconds = date.timeIntervalSince1970
        }

        private static func parse(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions.insert(.withFractionalSeconds)
            return formatter.date(from: text)
        }
    }
}

/// Turns `check` input lines into messages.
struct CheckInput {
    let jsonl: Bool
    private let decoder = JSONDecoder()

    init(jsonl: Bool) { self.jsonl = jsonl }

    /// The message on line `number`, or a description of what is wrong with the line.
    func message(from line: String, number: Int) -> Result<Message, CheckLineError> {
        guard jsonl else {
            // Plain lines: a sender per line, one message a second, so lines do not rate-limit each other.
            let context = MessageContext(user: "line-\(number)", room: "check", time: Double(number))
            return .success(Message(text: line, context: context))
        }
        do {
            let record = try decoder.decode(CheckRecord.self, from: Data(line.utf8))
            let context = MessageContext(
                user: record.user ?? "anonymous", room: record.room ?? "check", time: record.ts?.seconds ?? Double(number))
            return .success(Message(text: record.text, context: context))
        } catch {
            return .failure(CheckLineError(line: number, message: Self.describe(error)))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing '\(key.stringValue)'; each line needs at least {\"text\": ...}"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type for '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "not a JSON object" : context.debugDescription
        default: "not a JSON object"
        }
    }
}

/// A `check` input line that could not be judged.
struct CheckLineError: Error, Encodable {
    var line: Int
    var message: String

    private enum CodingKeys: String, CodingKey {
        case line
        case message = "error"
    }
}
