import Foundation
import ModGateCore
import ModGateRules
import ModGateSpam
import ModGateToxicity

/// The chain a config assembles, with the parts that moderators' actions reach into later.
public struct BuiltChain: Sendable {
    public let chain: ModerationChain
    /// The rules in force, reloadable.
    public let rules: LiveRules
    /// The spam model, when the spam stage is on; moderator decisions teach it.
    public let spam: LiveSpamModel?
}

/// A config whose files cannot be used: a broken rules directory or an unreadable spam or toxicity model.
public struct ChainBuildError: Error, CustomStringConvertible {
    public var description: String
}

extension ChainConfig {
    /// Assembles the chain, cheap stages first: rate limits, flood and raid, rules, spam, toxicity, reputation.
    /// - Parameters:
    ///   - reputationStore: where standings live; in memory unless the gateway passes its database.
    ///   - spamModel: a model to use instead of the `spam.model` file (the gateway's learned one).
    ///   - observer: told how long each stage takes (the gateway's metrics).
    ///   - scanLayout: how the rules' patterns are grouped into RE2 sets; `.perLevel` for one pass over a file.
    public func build(
        reputationStore: any ReputationStore = InMemoryReputationStore(), spamModel: SpamModel? = nil,
        observer: (any PipelineObserver)? = nil, scanLayout: ScanLayout = .shared
    ) throws(ChainBuildError) -> BuiltChain {
        let config = self
        // The models are read while the rules compile.
        let modelLoad = spam.map { spam in
            BackgroundLoad { () throws(ChainBuildError) -> SpamModel in
                if let spamModel { return spamModel }
                return try config.loadSpamModel(spam.model)
            }
        }
        let toxicityLoad = toxicity.map { toxicity in
            BackgroundLoad { () throws(ChainBuildError) -> ToxicityModel in try config.loadToxicityModel(toxicity.model) }
        }
        let rules: LiveRules
        do {
            rules = try LiveRules(directory: rulesDirectory, layout: scanLayout)
        } catch {
            throw ChainBuildError(description: "the rules in '\(rulesDirectory)' cannot be used:\n\(error)")
        }
        var stages: [any ModerationStage] = []
        if let rateLimits { stages.append(RateLimitStage(rateLimits)) }
        if let flood, flood.floodRepeats != nil || flood.raidUsers != nil { stages.append(FloodStage(flood)) }
        stages.append(RulesStage(rules, onScanFailure: scanFailure, observer: observer))
        var live: LiveSpamModel?
        if let spam, let modelLoad {
            let stage = SpamStage(LiveSpamModel(try modelLoad.value()), minimum: spam.minimumProbability, maxScore: spam.maxScore, mode: spam.mode)
            live = stage.live
            stages.append(stage)
        }
        if let toxicity, let toxicityLoad {
            stages.append(
                ToxicityStage(
                    try toxicityLoad.value(), minimum: toxicity.minimumProbability, scores: toxicity.scores, mode: toxicity.mode))
        }
        var tracker: ReputationTracker?
        if let reputation {
            stages.append(ReputationStage(model: reputation.model, mode: reputation.mode))
            tracker = ReputationTracker(model: reputation.model, store: reputationStore)
        }
        var pipeline = Pipeline(stages: stages, policy: policy)
        pipeline.observer = observer
        let chain = ModerationChain(pipeline: pipeline, reputation: tracker)
        return BuiltChain(chain: chain, rules: rules, spam: live)
    }

    /// The model at `path`; without one, `spam-model.json` beside the rules, else the built-in default.
    private func loadSpamModel(_ path: String?) throws(ChainBuildError) -> SpamModel {
        let beside = rulesDirectory.hasSuffix("/") ? rulesDirectory + Self.spamModelFile : rulesDirectory + "/" + Self.spamModelFile
        do {
            if let path { return try SpamModel.load(path: path) }
            return FileManager.default.fileExists(atPath: beside) ? try SpamModel.load(path: beside) : try SpamModel.builtIn()
        } catch {
            throw ChainBuildError(description: "\(error.message) (set spam.model in the config, or spam.enabled: false)")
        }
    }

    /// The model file a rules directory may hold, used when `spam.model` is not set.
    public static let spamModelFile = "spam-model.json"

    /// The model at `path`; without one, `toxicity-model.tsv` beside the rules, else the built-in default.
    private func loadToxicityModel(_ path: String?) throws(ChainBuildError) -> ToxicityModel {
        do {
            return try ToxicityModel.resolve(path: path, rulesDirectory: rulesDirectory)
        } catch {
            throw ChainBuildError(description: "\(error) (set toxicity.model in the config, or toxicity.enabled: false)")
        }
    }
}
