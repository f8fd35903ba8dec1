import Foundation

/// How training runs.
public struct ToxicityTrainingSettings: Sendable {
    /// How strongly weights stay near their prior (L2 per weight), 0 to 1000.
    public var priorStrength: Float = 0.0001
    /// Full passes of gradient descent (Adam), 0 to 100,000.
    public var iterations = 300
    /// Adam's step, above 0 and at most 1.
    public var learningRate: Float = 0.05
    /// The share of clean training messages allowed at or above the threshold, above 0 and below 1: it sets the threshold.
    public var cleanNoticeRate = 0.004

    public init() {}

    /// The settings with every value brought within its bounds (a value that is not a number takes the default).
    var bounded: ToxicityTrainingSettings {
        var bounded = ToxicityTrainingSettings()
        if (0...1000).contains(priorStrength) { bounded.priorStrength = priorStrength }
        bounded.iterations = min(max(iterations, 0), 100_000)
        if learningRate > 0 && learningRate <= 1 { bounded.learningRate = learningRate }
        if cleanNoticeRate > 0 && cleanNoticeRate < 1 { bounded.cleanNoticeRate = cleanNoticeRate }
        return bounded
    }
}

extension ToxicityModel {
    /// Trains every output by logistic regression from `prior` on `examples`.
    ///
    /// Toxicity learns from every message; a category learns from its own messages against the clean ones.
    /// Each output's classes are weighted to balance, and the threshold is then set so that `cleanNoticeRate`
    /// of the clean training messages reach it.
    /// Every weight, intercept and the threshold stay within what a model file may hold (±1000).
    ///
    /// - Precondition: `prior` holds at most `maxWords` words.
    public init(training examples: [ToxicityExample], prior: ToxicityPrior, settings: ToxicityTrainingSettings, provenance: [String]) {
        let settings = settings.bounded
        let start = ToxicityModel(
            words: prior.words, idf: prior.idf, weights: prior.weights, bias: SIMD8(repeating: prior.intercept), threshold: 0,
            provenance: [])
        let data = TrainingData(examples, model: start)
        var weights = prior.weights
        var bias = SIMD8<Float>(repeating: prior.intercept)
        var optimiser = Adam(count: weights.count + 1, rate: settings.learningRate)
        // Labelled messages may only weaken what the prior says of a word's toxicity, never reverse or strengthen
        // it: the toxic openings are news and web text, and a word they share with no clean chat ("said",
        // "police") is no sign of abuse. The categories, which only sort what is already toxic, learn freely upwards.
        let most = Self.weightRange.upperBound
        let lower = prior.weights.map { prior in SIMD8(Swift.min(prior[0], 0), 0, 0, 0, 0, 0, 0, 0) }
        let upper = prior.weights.map { prior in SIMD8(Swift.max(prior[0], 0), most, most, most, most, most, 0, 0) }
        for _ in 0..<settings.iterations {
            var gradients = [SIMD8<Float>](repeating: SIMD8(), count: weights.count + 1)
            for example in data.examples {
                var logits = bias
                for (entry, value) in example.features { logits += weights[entry] * value }
                let probabilities = 1 / (1 + exp(-logits))
                let error = (probabilities - example.targets) * example.classWeights
                for (entry, value) in example.features { gradients[entry] += error * value }
                gradients[weights.count] += error
            }
            for entry in weights.indices {
                gradients[entry] = gradients[entry] / data.totalWeight + (weights[entry] - prior.weights[entry]) * (2 * settings.priorStrength)
            }
            gradients[weights.count] /= data.totalWeight
            optimiser.step(&weights, &bias, gradients)
            for entry in weights.indices { weights[entry] = weights[entry].clamped(lowerBound: lower[entry], upperBound: upper[entry]) }
            bias = bias.clamped(lowerBound: SIMD8(repeating: -most), upperBound: SIMD8(repeating: most))
        }
        let trained = ToxicityModel(
            words: prior.words, idf: prior.idf, weights: weights, bias: bias, threshold: 0, provenance: [])
        let clean = examples.filter { $0.label == .clean }.map { trained.logits($0.text)[0] }.sorted()
        // Just above the clean message at the asked share, so that ties fall below.
        let quantile = clean.isEmpty ? 0 : clean[min(clean.count - 1, Int(Double(clean.count) * (1 - settings.cleanNoticeRate)))].nextUp
        let threshold = Swift.min(Swift.max(quantile, -most), most)
        self.init(words: prior.words, idf: prior.idf, weights: weights, bias: bias, threshold: threshold, provenance: provenance)
    }
}

private func exp(_ values: SIMD8<Float>) -> SIMD8<Float> {
    var result = values
    for lane in 0..<8 { result[lane] = Foundation.exp(max(-50, min(50, values[lane]))) }
    return result
}

/// The labelled messages as training reads them: sparse features, a target and a class weight per output.
private struct TrainingData {
    struct Example {
        var features: [(entry: Int, value: Float)]
        var targets: SIMD8<Float>
        /// 0 where the output does not learn from this message.
        var classWeights: SIMD8<Float>
    }

    var examples: [Example] = []
    /// Every output's weights sum to the same total, so that one scale fits all.
    var totalWeight: SIMD8<Float> = SIMD8(repeating: 1)

    init(_ labelled: [ToxicityExample], model: ToxicityModel) {
        var positives = SIMD8<Float>()
        var negatives = SIMD8<Float>()
        var masks: [(targets: SIMD8<Float>, mask: SIMD8<Float>)] = []
        for example in labelled {
            var targets = SIMD8<Float>()
            var mask = SIMD8<Float>()
            switch example.label {
            case .clean:
                mask = SIMD8(1, 1, 1, 1, 1, 1, 0, 0)
            case .toxic(let category):
                targets[0] = 1
                mask[0] = 1
                if let category {
                    targets[category.output] = 1
                    mask[category.output] = 1
                }
            }
            positives += targets * mask
            negatives += (1 - targets) * mask
            masks.append((targets, mask))
        }
        // Each class of each output weighs half of the output's total.
        let one = SIMD8<Float>(repeating: 1)
        let positiveWeight = (positives + negatives) / (2 * positives.replacing(with: one, where: positives .< one))
        let negativeWeight = (positives + negatives) / (2 * negatives.replacing(with: one, where: negatives .< one))
        for (example, (targets, mask)) in zip(labelled, masks) {
            let entries = model.entries(in: example.text)
            let norm = entries.reduce(Float(0)) { $0 + model.idf[$1] * model.idf[$1] }.squareRoot()
            var features: [Int: Float] = [:]
            if norm > 0 {
                for entry in entries { features[entry, default: 0] += model.idf[entry] / norm }
            }
            let weights = (targets * positiveWeight + (1 - targets) * negativeWeight) * mask
            // In entry order, so that the sums, and so the model file, come out the same on every run.
            let sorted = features.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            examples.append(Example(features: sorted, targets: targets, classWeights: weights))
        }
        let total = positives + negatives
        totalWeight = total.replacing(with: one, where: total .< one)
    }
}

/// Adam over the weight rows and the intercepts (the last row).
private struct Adam {
    private var first: [SIMD8<Float>]
    private var second: [SIMD8<Float>]
    private var steps: Float = 0
    private let rate: Float

    init(count: Int, rate: Float) {
        first = Array(repeating: SIMD8(), count: count)
        second = Array(repeating: SIMD8(), count: count)
        self.rate = rate
    }

    mutating func step(_ weights: inout [SIMD8<Float>], _ bias: inout SIMD8<Float>, _ gradients: [SIMD8<Float>]) {
        steps += 1
        let correction1 = 1 - Float(pow(0.9, Double(steps)))
        let correction2 = 1 - Float(pow(0.999, Double(steps)))
        for row in gradients.indices {
            first[row] = first[row] * 0.9 + gradients[row] * 0.1
            second[row] = second[row] * 0.999 + gradients[row] * gradients[row] * 0.001
            let update = rate * (first[row] / correction1) / ((second[row] / correction2).squareRoot() + 1e-8)
            if row < weights.count { weights[row] -= update } else { bias -= update }
        }
    }
}
