import Foundation
import ModGateChain
import ModGateCore
import Testing

private let model = ReputationModel()

private func standing(_ trust: Double, at time: Double = 0) -> Standing {
    Standing(trust: trust, firstSeen: 0, updated: time)
}

@Test func aNewUserStartsAtThePrior() async {
    let tracker = ReputationTracker(model: model, store: InMemoryReputationStore())
    #expect(await tracker.standing(of: "new", at: 500) == Standing(trust: 0.5, firstSeen: 500, updated: 500))
    var strict = ReputationModel()
    strict.prior = 0.2
    #expect(await ReputationTracker(model: strict, store: InMemoryReputationStore()).standing(of: "new", at: 0).trust == 0.2)
}

@Test func cleanMessagesRaiseTrustSlowly() {
    var current = standing(0.5)
    for _ in 0..<10 { current = model.applying(.clean, to: current, at: 0) }
    // Ten clean messages move trust 1 - 0.99^10 ≈ 9.6% of the way to 1.
    #expect(abs(current.trust - (1 - 0.5 * pow(0.99, 10))) < 1e-12)
    #expect(current.trust < 0.55)
    #expect(model.applying(.approved, to: standing(0.5), at: 0).trust == 0.525)
}

@Test(arguments: [(ReputationEvent.held, 0.45), (.rejected, 0.375), (.confirmedViolation, 0.3)])
func badOutcomesLowerTrust(event: ReputationEvent, expected: Double) {
    #expect(abs(model.applying(event, to: standing(0.5), at: 0).trust - expected) < 1e-12)
}

@Test func eachBadOutcomeFallsFasterThanTheLast() {
    let falls = [ReputationEvent.held, .rejected, .confirmedViolation].map {
        0.8 - model.applying($0, to: standing(0.8), at: 0).trust
    }
    #expect(falls[0] > 0 && falls[0] < falls[1] && falls[1] < falls[2])
    // One rejection undoes far more than one clean message earns.
    #expect(falls[1] > 10 * (model.applying(.clean, to: standing(0.8), at: 0).trust - 0.8))
}

@Test(arguments: [(0.9, 0.7), (0.1, 0.3), (0.5, 0.5), (1.0, 0.75)])
func oneHalfLifeHalvesTheDistanceToThePrior(trust: Double, expected: Double) {
    let later = model.decayed(standing(trust, at: 1000), to: 1000 + model.halfLife)
    #expect(abs(later.trust - expected) < 1e-12)
    #expect(later.updated == 1000 + model.halfLife && later.firstSeen == 0)
    let twice = model.decayed(standing(trust, at: 1000), to: 1000 + 2 * model.halfLife)
    #expect(abs(twice.trust - (0.5 + (trust - 0.5) / 4)) < 1e-12)
}

@Test func decayHappensBeforeAnEventIsApplied() {
    let after = model.applying(.held, to: standing(0.9, at: 0), at: model.halfLife)
    #expect(abs(after.trust - 0.7 * 0.9) < 1e-12 && after.updated == model.halfLife)
    // Time running backwards changes nothing.
    #expect(model.decayed(standing(0.9, at: 100), to: 50) == standing(0.9, at: 100))
}

@Test(arguments: [ReputationEvent.clean, .approved, .held, .rejected, .confirmedViolation])
func trustStaysWithinZeroAndOne(event: ReputationEvent) {
    var extreme = ReputationModel()
    (extreme.cleanRise, extreme.approvalRise, extreme.holdFall) = (1, 1, 1)
    (extreme.rejectFall, extreme.violationFall) = (1, 1)
    for trust in [-0.5, 0, 0.3, 1, 1.5] {
        for model in [model, extreme] {
            let result = model.applying(event, to: standing(trust), at: 0).trust
            #expect((0...1).contains(result), "\(event) from \(trust) gave \(result)")
        }
    }
}
