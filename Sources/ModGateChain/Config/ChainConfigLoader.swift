import Foundation
import ModGateCore
import ModGateRules
import Yams

/// Reads the chain's config file: defaults merged with what the file sets, every key checked up front.
/// A bad file is refused whole, with `file:line:column: message` for each problem.
public enum ChainConfigLoader {
    /// The top-level sections this loader reads.
    public static let sections = ["rules", "verdict", "rate_limits", "flood", "raid", "spam", "toxicity", "reputation"]

    /// Loads `path`. - Throws: `RulesError` listing every problem.
    public static func load(path: String) throws(RulesError) -> ChainConfig {
        try parse(read(path), file: path)
    }

    /// The text of the config file at `path`. - Throws: `RulesError` when it cannot be read.
    public static func read(_ path: String) throws(RulesError) -> String {
        guard let yaml = try? String(contentsOfFile: path, encoding: .utf8) else {
            let location = SourceLocation(file: path, line: 1, column: 1)
            throw RulesError(problems: [RulesProblem(location, "cannot read the config file; check the path")])
        }
        return yaml
    }

    /// Parses config text; `file` names it in problems. Top-level `otherSections` belong to another reader
    /// (the gateway's `server` and `store`) and are passed over here.
    public static func parse(_ yaml: String, file: String, otherSections: [String] = []) throws(RulesError) -> ChainConfig {
        var reader = ChainConfigReader(nodes: YAMLNodes(file: file))
        let config = reader.read(yaml, otherSections: otherSections)
        guard reader.nodes.problems.isEmpty else { throw RulesError(problems: reader.nodes.problems) }
        return config
    }
}
