import Foundation

/// The model file: the settings and, for every table entry that has any, its spam and ham counts.
extension SpamModel: Codable {
    private enum CodingKeys: String, CodingKey {
        case tableBits, smoothing, threshold, spamMessages, hamMessages, buckets, spam, ham
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let used = spamCounts.indices.filter { spamCounts[$0] != 0 || hamCounts[$0] != 0 }
        try container.encode(Self.tableBits, forKey: .tableBits)
        try container.encode(smoothing, forKey: .smoothing)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(spamMessages, forKey: .spamMessages)
        try container.encode(hamMessages, forKey: .hamMessages)
        try container.encode(used, forKey: .buckets)
        try container.encode(used.map { spamCounts[$0] }, forKey: .spam)
        try container.encode(used.map { hamCounts[$0] }, forKey: .ham)
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
        guard spam.count == buckets.count, ham.count == buckets.count,
            buckets.allSatisfy({ (0..<Self.tableSize).contains($0) })
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .buckets, in: container, debugDescription: "buckets, spam and ham must be as long as each other")
        }
        self.init(
            smoothing: try container.decode(Double.self, forKey: .smoothing),
            threshold: try container.decode(Double.self, forKey: .threshold))
        let messages = (
            spam: try container.decode(Int.self, forKey: .spamMessages),
            ham: try container.decode(Int.self, forKey: .hamMessages)
        )
        restore(messages: messages, counts: zip(buckets, zip(spam, ham)).map { ($0, $1.0, $1.1) })
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
}

/// A spam model file that cannot be used.
public struct SpamModelFileError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
