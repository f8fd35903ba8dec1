import ModGateCore
import ModGateRules
import ModGateToxicity
import Yams

/// Reads each section of the config file into `ChainConfig`, over the defaults.
struct ChainConfigReader {
    var nodes: YAMLNodes
    private var config = ChainConfig()

    init(nodes: YAMLNodes) { self.nodes = nodes }

    mutating func read(_ yaml: String, otherSections: [String]) -> ChainConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            nodes.problems.append(YAMLNodes.problem(from: error, file: nodes.file))
            return config
        }
        guard let root else { return config }
        for (key, value) in nodes.pairs(root, of: "the config file", known: ChainConfigLoader.sections + otherSections) {
            switch key {
            case "rules": readRules(value)
            case "verdict": readVerdict(value)
            case "rate_limits": readRateLimits(value)
            case "flood": readFlood(value)
            case "raid": readRaid(value)
            case "spam": readSpam(value)
            case "toxicity": readToxicity(value)
            case "reputation": readReputation(value)
            default: break
            }
        }
        return config
    }

    private mutating func readRules(_ node: Node) {
        for (key, value) in nodes.pairs(node, of: "'rules'", known: ["directory", "scan_failure"]) {
            if key == "directory" { config.rulesDirectory = nodes.string(value, key) ?? config.rulesDirectory }
            if key == "scan_failure" { config.scanFailure = readFallback(value) ?? config.scanFailure }
        }
    }

    /// What a failed rules scan does: allow (fail open, recorded), shadow, hold or reject.
    private mutating func readFallback(_ node: Node) -> Action? {
        guard let action: Action = nodes.choice(node, "scan_failure") else { return nil }
        guard action != .redact else {
            nodes.report(node, "'scan_failure' must be allow, shadow, hold or reject: a failed scan found nothing to redact")
            return nil
        }
        return action
    }

    private mutating func readVerdict(_ node: Node) {
        for (key, value) in nodes.pairs(node, of: "'verdict'", known: ["hold_score", "reject_score"]) {
            let number = nodes.number(value, key, in: 0...10000)
            if key == "hold_score" { config.policy.holdThreshold = number ?? config.policy.holdThreshold }
            if key == "reject_score" { config.policy.rejectThreshold = number ?? config.policy.rejectThreshold }
        }
        if config.policy.holdThreshold > config.policy.rejectThreshold {
            nodes.report(node, "'hold_score' must not be above 'reject_score'")
        }
    }

    /// Reads `enabled` and `mode` of a stage section; returns false when the section turns the stage off.
    private mutating func readSwitch(_ key: String, _ value: Node, mode: inout Mode) -> Bool {
        if key == "mode" { mode = nodes.choice(value, key) ?? mode }
        return key == "enabled" ? nodes.bool(value, key) ?? true : true
    }

    private mutating func readRateLimits(_ node: Node) {
        var settings = config.rateLimits ?? RateLimitSettings()
        var enabled = true
        let known = ["enabled", "mode", "user", "user_room", "room", "connection", "escalation", "max_tracked"]
        for (key, value) in nodes.pairs(node, of: "'rate_limits'", known: known) {
            enabled = readSwitch(key, value, mode: &settings.mode) && enabled
            switch key {
            case "user": settings.user = readRate(value, key)
            case "user_room": settings.userRoom = readRate(value, key)
            case "room": settings.room = readRate(value, key)
            case "connection": settings.connection = readRate(value, key)
            case "escalation": settings.escalation = readEscalation(value)
            case "max_tracked": settings.maxTracked = nodes.wholeNumber(value, key, in: 1...100_000_000) ?? 100_000
            default: break
            }
        }
        config.rateLimits = enabled ? settings : nil
    }

    /// A rate such as `{rate: 10/10s, burst: 10}`, or `off`.
    private mutating func readRate(_ node: Node, _ name: String) -> GCRA? {
        if node.scalar?.string == "off" { return nil }
        var count = 0
        var period = 0.0
        var burst: Int?
        for (key, value) in nodes.pairs(node, of: "'\(name)'", known: ["rate", "burst"]) {
            if key == "burst" { burst = nodes.wholeNumber(value, key, in: 1...1_000_000) }
            guard key == "rate", let rate = nodes.rate(value, key) else { continue }
            (count, period) = rate
        }
        guard count > 0 else {
            nodes.report(node, "'\(name)' needs a 'rate' such as 10/10s (or write '\(name): off')")
            return nil
        }
        return GCRA(count: count, period: period, burst: burst ?? count)
    }

    private mutating func readEscalation(_ node: Node) -> RateLimitSettings.Escalation? {
        if node.scalar?.string == "off" { return nil }
        var escalation = RateLimitSettings.Escalation()
        for (key, value) in nodes.pairs(node, of: "'escalation'", known: ["overflows", "within", "mute"]) {
            switch key {
            case "overflows": escalation.overflows = nodes.wholeNumber(value, key, in: 1...10000) ?? 5
            case "within": escalation.window = nodes.duration(value, key) ?? escalation.window
            case "mute": escalation.mute = nodes.duration(value, key) ?? escalation.mute
            default: break
            }
        }
        return escalation
    }

    private mutating func readFlood(_ node: Node) {
        var settings = config.flood ?? FloodSettings()
        var enabled = true
        for (key, value) in nodes.pairs(node, of: "'flood'", known: ["enabled", "mode", "repeats", "within", "action"]) {
            enabled = readSwitch(key, value, mode: &settings.mode) && enabled
            switch key {
            case "repeats": settings.floodRepeats = nodes.wholeNumber(value, key, in: 2...1000)
            case "within": settings.floodWindow = nodes.duration(value, key) ?? settings.floodWindow
            case "action": settings.floodAction = readAction(value) ?? settings.floodAction
            default: break
            }
        }
        if !enabled { settings.floodRepeats = nil }
        config.flood = settings
    }

    private mutating func readRaid(_ node: Node) {
        var settings = config.flood ?? FloodSettings()
        var enabled = true
        let known = ["enabled", "mode", "users", "within", "min_length", "action"]
        for (key, value) in nodes.pairs(node, of: "'raid'", known: known) {
            enabled = readSwitch(key, value, mode: &settings.mode) && enabled
            switch key {
            case "users": settings.raidUsers = nodes.wholeNumber(value, key, in: 2...100_000)
            case "within": settings.raidWindow = nodes.duration(value, key) ?? settings.raidWindow
            case "min_length": settings.raidMinimumLength = nodes.wholeNumber(value, key, in: 1...10000) ?? 12
            case "action": settings.raidAction = readAction(value) ?? settings.raidAction
            default: break
            }
        }
        if !enabled { settings.raidUsers = nil }
        config.flood = settings
    }

    private mutating func readAction(_ node: Node) -> Action? {
        guard let action: Action = nodes.choice(node, "action") else { return nil }
        guard action == .hold || action == .reject || action == .shadow else {
            nodes.report(node, "'action' must be hold, reject or shadow here")
            return nil
        }
        return action
    }

    private mutating func readSpam(_ node: Node) {
        var settings = config.spam ?? SpamSettings()
        var enabled = true
        let known = ["enabled", "mode", "model", "min_probability", "max_score"]
        for (key, value) in nodes.pairs(node, of: "'spam'", known: known) {
            enabled = readSwitch(key, value, mode: &settings.mode) && enabled
            switch key {
            case "model": settings.model = nodes.string(value, key) ?? settings.model
            case "min_probability": settings.minimumProbability = nodes.number(value, key, in: 0...1) ?? 0.5
            case "max_score": settings.maxScore = nodes.number(value, key, in: 0...1000) ?? 7
            default: break
            }
        }
        config.spam = enabled ? settings : nil
    }

    private mutating func readToxicity(_ node: Node) {
        var settings = config.toxicity ?? ToxicitySettings()
        var enabled = true
        for (key, value) in nodes.pairs(node, of: "'toxicity'", known: ["enabled", "mode", "model", "min_probability", "scores"]) {
            enabled = readSwitch(key, value, mode: &settings.mode) && enabled
            switch key {
            case "model": settings.model = nodes.string(value, key) ?? settings.model
            case "min_probability": settings.minimumProbability = nodes.number(value, key, in: 0...1) ?? 0.5
            case "scores":
                let names = ToxicityCategory.allCases.map(\.rawValue)
                for (name, score) in nodes.pairs(value, of: "'toxicity.scores'", known: names) {
                    guard let category = ToxicityCategory(rawValue: name) else { continue }
                    settings.scores[category] = nodes.number(score, name, in: -1000...1000) ?? settings.scores[category]
                }
            default: break
            }
        }
        config.toxicity = enabled ? settings : nil
    }

    private mutating func readReputation(_ node: Node) {
        var settings = config.reputation ?? ReputationSettings()
        var enabled = true
        let fractions: [String: WritableKeyPath<ReputationModel, Double>] = [
            "prior": \.prior, "clean_rise": \.cleanRise, "approval_rise": \.approvalRise, "hold_fall": \.holdFall,
            "reject_fall": \.rejectFall, "violation_fall": \.violationFall, "untrusted_below": \.untrustedBelow,
            "trusted_above": \.trustedAbove,
        ]
        let known = ["enabled", "mode", "half_life", "trusted_spam_discount"] + fractions.keys.sorted()
        for (key, value) in nodes.pairs(node, of: "'reputation'", known: known) {
            enabled = readSwitch(key, value, mode: &settings.mode) && enabled
            if let path = fractions[key] {
                settings.model[keyPath: path] = nodes.number(value, key, in: 0...1) ?? settings.model[keyPath: path]
            } else if key == "half_life" {
                settings.model.halfLife = nodes.duration(value, key) ?? settings.model.halfLife
            } else if key == "trusted_spam_discount" {
                settings.model.trustedSpamDiscount = nodes.number(value, key, in: 0...1000) ?? 2
            }
        }
        config.reputation = enabled ? settings : nil
    }
}
