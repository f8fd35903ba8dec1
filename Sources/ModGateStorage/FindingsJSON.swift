import Foundation
import ModGateCore

/// The `findings` column: a JSON array of `{stage, rule, action, score, mode, reason, detail, spans}`.
package enum FindingsJSON {
    private struct Entry: Codable {
        var stage: String
        var rule: String
        var action: Action
        var score: Double
        var mode: Mode
        var reason: String
        var detail: String
        var spans: [[Int]]
    }

    package static func encode(_ findings: [Finding]) throws -> String {
        if findings.isEmpty { return "[]" }  // most messages: no encoder needed
        let entries = findings.map {
            Entry(
                stage: $0.stage, rule: $0.rule, action: $0.action, score: $0.score, mode: $0.mode,
                reason: $0.reason, detail: $0.detail, spans: $0.spans.map { [$0.lowerBound, $0.upperBound] })
        }
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }

    package static func decode(_ json: String) throws -> [Finding] {
        try JSONDecoder().decode([Entry].self, from: Data(json.utf8)).map {
            Finding(
                stage: $0.stage, rule: $0.rule, action: $0.action, score: $0.score, reason: $0.reason,
                detail: $0.detail, mode: $0.mode,
                spans: $0.spans.compactMap { $0.count == 2 && $0[0] <= $0[1] ? $0[0]..<$0[1] : nil })
        }
    }

    /// The reason a stored verdict gives its sender, from its `findings` column; nil when it has no findings.
    package static func reason(action: Action, score: Double, findings json: String) throws -> String? {
        json == "[]" ? nil : Verdict(action: action, score: score, findings: try decode(json)).reason
    }

    /// A JSON array of strings, for rule id lists.
    package static func encode(strings: [String]) throws -> String {
        if strings.isEmpty { return "[]" }
        return String(decoding: try encoder.encode(strings), as: UTF8.self)
    }

    package static func decodeStrings(_ json: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    /// Rule ids behind a verdict: enforced findings that asked for an action or added score, once each.
    package static func ruleIDs(of findings: [Finding]) -> [String] {
        var seen = Set<String>()
        return findings.filter { $0.mode == .enforce && ($0.action != .allow || $0.score != 0) }
            .map(\.rule).filter { seen.insert($0).inserted }
    }

    /// One encoder for every commit: configuring a new one per message shows up in the profile.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
