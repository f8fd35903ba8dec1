import ModGateChain
import Testing

/// Arrivals at `times`, keeping the TAT of each admitted one as the limiter's table does.
private func decisions(_ rate: GCRA, at times: [Double]) -> [GCRA.Decision] {
    var tat: Double?
    return times.map { now in
        let decision = rate.decide(tat: tat, now: now)
        if case .admit(let next) = decision { tat = next }
        return decision
    }
}

private func retryAfter(_ decision: GCRA.Decision) -> Double? {
    if case .deny(let wait) = decision { return wait }
    return nil
}

@Test(arguments: [(10, 10.0, 10), (5, 10.0, 5), (2, 10.0, 3), (200, 1.0, 400), (20, 1.0, 40)])
func burstIsAdmittedThenDenied(count: Int, period: Double, burst: Int) throws {
    let rate = GCRA(count: count, period: period, burst: burst)
    let results = decisions(rate, at: Array(repeating: 100, count: burst + 1))
    #expect(results.prefix(burst).allSatisfy { retryAfter($0) == nil })
    // One message's worth of waiting: the interval of the sustained rate.
    let wait = try #require(retryAfter(results[burst]))
    #expect(abs(wait - period / Double(count)) < 1e-6)
}

@Test func aDeniedArrivalChangesNothing() {
    let rate = GCRA(count: 2, period: 10, burst: 3)
    let results = decisions(rate, at: [0, 0, 0, 0, 1, 2, 5])
    #expect(results.map(retryAfter) == [nil, nil, nil, 5, 4, 3, nil])
}

@Test(arguments: [0.0, 0.5])
func theSustainedRateIsAdmitted(slack: Double) {
    let rate = GCRA(count: 10, period: 10, burst: 1)
    let times = (0..<1000).map { Double($0) * (1 + slack) }
    #expect(decisions(rate, at: times).allSatisfy { retryAfter($0) == nil })
}

@Test func fasterThanTheRateIsDeniedOnceTheBurstIsSpent() {
    let rate = GCRA(count: 10, period: 10, burst: 5)
    let results = decisions(rate, at: (0..<40).map { Double($0) * 0.5 })
    #expect(results.prefix(9).allSatisfy { retryAfter($0) == nil })
    #expect(results.contains { retryAfter($0) != nil })
}

@Test func waitingRestoresTheWholeBurst() {
    let rate = GCRA(count: 2, period: 10, burst: 4)
    var tat: Double?
    for _ in 0..<4 {
        guard case .admit(let next) = rate.decide(tat: tat, now: 0) else { Issue.record("burst denied"); return }
        tat = next
    }
    #expect(rate.decide(tat: tat, now: 0) == .deny(retryAfter: 5))
    #expect(rate.decide(tat: tat, now: 4) == .deny(retryAfter: 1))
    #expect(rate.decide(tat: tat, now: 5) == .admit(tat: 25))
    // After burst × interval the key is as good as new.
    #expect(rate.decide(tat: tat, now: 20) == rate.decide(tat: nil, now: 20))
    var later = tat
    for _ in 0..<4 {
        guard case .admit(let next) = rate.decide(tat: later, now: 20) else { Issue.record("burst denied"); return }
        later = next
    }
}
