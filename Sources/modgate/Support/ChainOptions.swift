import ArgumentParser
import ModGateChain
import ModGateRules

/// Where the chain's settings come from: a config file, the defaults, and a rules directory that overrides both.
struct ChainOptions {
    var config: String?
    var rules: String?

    /// The settings, or exit 2 with every problem in the config file.
    func load() throws -> ChainConfig {
        var settings = ChainConfig()
        if let config {
            do {
                settings = try ChainConfigLoader.load(path: config)
            } catch {
                throw ValidationError("the config file cannot be used:\n\(error)")
            }
        }
        if let rules { settings.rulesDirectory = rules }
        return settings
    }

    /// The assembled chain, or exit 2 saying which file is broken.
    func build(scanLayout: ScanLayout = .shared) throws -> BuiltChain {
        try Self.build(load(), scanLayout: scanLayout)
    }

    /// The chain `settings` assemble, or exit 2 saying which file is broken.
    static func build(_ settings: ChainConfig, scanLayout: ScanLayout = .shared) throws -> BuiltChain {
        do {
            return try settings.build(scanLayout: scanLayout)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
