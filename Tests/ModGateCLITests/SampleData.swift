import Foundation
import ModGateTestSupport
import Testing

/// A JSON object from one output line.
func object(_ line: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
}

/// A small rules directory: one rule that holds "free money", one that scores "casino", one disabled.
let sampleRules = [
    "rules/scams.yaml": """
        rules:
          - id: scam.free-money
            words: [free money]
            action: hold
            reason: Looks like a scam.
            examples:
              match: [fr33 m0ney]
              no_match: [money for free]
          - id: gambling
            words: [casino]
            score: 2.5
          - id: draft
            words: [draft]
            action: reject
            enabled: false
        """
]
