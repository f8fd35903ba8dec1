import CSpamModel
import Foundation

/// The model file: the settings and, for every table entry that has any, its spam and ham counts.
/// A model that learnt from chat adds `chatMessages` and `chat`, the chat counts of the same entries;
/// older readers skip both and score as if it had learnt from the labelled messages alone.
extension SpamModel: Codable {
    private enum CodingKeys: String, CodingKey {
        case tableBits, smoothing, threshold, spamMessages, hamMessages, chatMessages, buckets, spam, ham, chat
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let used = spam.table.indices.filter { spam.table[$0] != 0 || ham.table[$0] != 0 || chat.table[$0] != 0 }
        try container.encode(Self.tableBits, forKey: .tableBits)
        try container.encode(smoothing, forKey: .smoothing)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(spamMessages, forKey: .spamMessages)
        try container.encode(hamMessages, forKey: .hamMessages)
        try container.encode(used, forKey: .buckets)
        try container.encode(used.map { spam.table[$0] }, forKey: .spam)
        try container.encode(used.map { ham.table[$0] }, forKey: .ham)
        if chatMessages > 0 {
            try container.encode(chatMessages, forKey: .chatMessages)
            try container.encode(used.map { chat.table[$0] }, forKey: .chat)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decode(Int.self, forKey: .tableBits) == Self.tableBits else {
            throw DecodingError.dataCorruptedError(
                forKey: .tableBits, in: container, debugDescription: "this build reads tables of \(Self.tableBits) bits")
        }
        let buckets = try container.decode([Int].self, forKey: .buckets)
        let spam = try container.decode([UInt32].self, forKey: .spam)
        let ham = try container.decode([UInt32].self, forKey: .ham)
        let chat = try container.decodeIfPresent([UInt32].self, forKey: .chat) ?? Array(repeating: 0, count: buckets.count)
        guard spam.count == buckets.count, ham.count == buckets.count, chat.count == buckets.count,
            buckets.allSatisfy({ (0..<Self.tableSize).contains($0) })
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .buckets, in: container,
                debugDescription: "buckets, spam, ham and chat must be as long as each other")
        }
        guard Set(buckets).count == buckets.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .buckets, in: container, debugDescription: "a bucket appears twice in 'buckets'")
        }
        guard container.contains(.chat) == container.contains(.chatMessages) else {
            throw DecodingError.dataCorruptedError(
                forKey: .chat, in: container, debugDescription: "'chat' and 'chatMessages' come together or not at all")
        }
        self.init(
            smoothing: try Self.number(.smoothing, in: 1e-6...1000, "a number from 0.000001 to 1000", container),
            threshold: try Self.number(.threshold, in: -1000...1000, "a number from -1000 to 1000", container))
        let messages = (
            spam: try Self.count(.spamMessages, container),
            ham: try Self.count(.hamMessages, container),
            chat: container.contains(.chatMessages) ? try Self.count(.chatMessages, container) : 0
        )
        let counts = buckets.indices.map { (buckets[$0], spam[$0], ham[$0], chat[$0]) }
        restore(messages: messages, counts: counts)
    }

    /// The most messages a model file may say it learnt from: a trillion, which leaves room to learn.
    static let maxMessages = 1_000_000_000_000

    private static func count(_ key: CodingKeys, _ container: KeyedDecodingContainer<CodingKeys>) throws -> Int {
        let value = try number(key, in: 0...Double(maxMessages), "a whole number from 0 to \(maxMessages)", container)
        guard let count = Int(exactly: value) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "'\(key.stringValue)' must be a whole number, not \(value)")
        }
        return count
    }

    /// The number under `key`, which must lie in `range` (`spelled` says so in the error).
    private static func number(
        _ key: CodingKeys, in range: ClosedRange<Double>, _ spelled: String, _ container: KeyedDecodingContainer<CodingKeys>
    ) throws -> Double {
        let value = try container.decode(Double.self, forKey: key)
        guard range.contains(value) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "'\(key.stringValue)' must be \(spelled), not \(value)")
        }
        return value
    }
}

extension SpamModel {
    /// The model saved at `path`. - Throws: `SpamModelFileError` saying what is wrong with the file.
    public static func load(path: String) throws(SpamModelFileError) -> SpamModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpamModelFileError(message: "cannot read the spam model '\(path)': no such file or not readable")
        }
        do {
            return try JSONDecoder().decode(SpamModel.self, from: data)
        } catch {
            throw SpamModelFileError(message: "'\(path)' is not a spam model: \(error)")
        }
    }

    /// The default model compiled into the binary (rules/spam-model.json when it was built).
    public static func builtIn() throws(SpamModelFileError) -> SpamModel {
        let bytes = UnsafeBufferPointer(start: modgate_default_spam_model(), count: modgate_default_spam_model_size())
        do {
            return try JSONDecoder().decode(SpamModel.self, from: Data(bytes))
        } catch {
            throw SpamModelFileError(message: "the built-in spam model is not a spam model: \(error)")
        }
    }
}

/// A spam model file that cannot be used.
public struct SpamModelFileError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
