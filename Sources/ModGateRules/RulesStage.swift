import ModGateCore
import Synchronization

/// The rules in force, replaced as a whole on reload: a broken rules directory never replaces working rules.
public final class LiveRules: Sendable {
    private let current: Mutex<RuleSet>
    private let directory: String

    /// Loads `directory`, its patterns grouped into RE2 sets by `layout`. - Throws: `RulesError` when it is broken.
    public init(directory: String, layout: ScanLayout = .shared) throws(RulesError) {
        self.directory = directory
        self.current = Mutex(try RulesLoader.load(directory: directory, layout: layout))
    }

    public init(_ rules: RuleSet, directory: String) {
        self.directory = directory
        self.current = Mutex(rules)
    }

    /// The rules in force now.
    public var rules: RuleSet { current.withLock { $0 } }

    /// Loads the directory again and puts it in force; on any problem, keeps the rules in force and throws.
    @discardableResult
    public func reload() throws(RulesError) -> RuleSet {
        let fresh = try load()
        install(fresh)
        return fresh
    }

    /// Loads the directory again without putting it in force (a reload that is audited first).
    public func load() throws(RulesError) -> RuleSet { try RulesLoader.load(directory: directory, layout: rules.layout) }

    /// Puts `rules` in force, every RE2 set compiled first so that no message waits for one.
    public func install(_ rules: RuleSet) {
        rules.compileAllSets()
        current.withLock { $0 = rules }
    }
}

/// The chain's rules stage: one RE2 scan per field and normalisation level, then the rules that hit. The
/// scans can run ahead of the chain; the rules' conditions, which read the sender's standing, cannot.
public struct RulesStage: PrecomputingStage {
    public static let name = "rules"
    public var name: String { Self.name }
    private let live: LiveRules
    private let fallback: Action
    private let observer: (any PipelineObserver)?

    /// - Parameters:
    ///   - fallback: what a message whose scan fails gets (`rules.scan_failure`).
    ///   - observer: told of each failed scan (the gateway logs and counts them).
    public init(_ live: LiveRules, onScanFailure fallback: Action = .hold, observer: (any PipelineObserver)? = nil) {
        self.live = live
        self.fallback = fallback
        self.observer = observer
    }

    public func precompute(_ message: Message) -> RuleScan { live.rules.scan(message) }

    public func evaluate(_ message: Message, precomputed scan: RuleScan, findings: inout [Finding]) {
        let found = scan.findings(for: message, onScanFailure: fallback)
        if let observer, let failed = found.first(where: { $0.rule == RuleSet.scanFailedRule }) {
            observer.stage(name, fellBack: failed, on: message)
        }
        findings += found
    }
}
