import Foundation
import ModGateCore
import ModGateRules
import Yams

/// Reads the chain's config file: defaults merged with what the file sets, every key checked up front.
/// A bad file is refused whole, with `file:line:column: message` for each problem.
public enum ChainConfigLoader {
    /// The top-level sections this loader reads.
    public static let sections = ["rules", "verdict", "rate_limits", "flood", "raid", "spam", "reputation"]

    /// Loads `path`. - Throws: `RulesError` listing every problem.
    public static func load(path: String) throws(RulesError) -> ChainConfig {
        guard let yaml = try? String(contentsOfFile: path, encoding: .utf8) else {
            let location = SourceLocation(file: path, line: 1, column: 1)
            throw RulesError(problems: [RulesProblem(location, "cannot read the config file; check the path")])
        }
        return try parse(yaml, file: path)
    }

    /// Parses config text; `file` names it in problems.
    public static func parse(_ yaml: String, file: String) throws(RulesError) -> ChainConfig {
        var reader = ChainConfigReader(nodes: YAMLNodes(file: file))
        let config = reader.read(yaml)
        guard reader.nodes.problems.isEmpty else { throw RulesError(problems: reader.nodes.problems) }
        return config
    }
}
