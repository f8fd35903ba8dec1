import ModGateCore
import Testing

@Test(arguments: [
    ("30s", 30.0), ("10m", 600), ("24h", 86400), ("7d", 604_800), ("2w", 1_209_600), ("1.5h", 5400), ("365d", 31_536_000),
])
func parsesDurations(text: String, seconds: Double) {
    #expect(DurationText.seconds(text) == seconds)
}

@Test(arguments: [
    "", "10", "m", "10x", "-5m", "+5m", "tenm", "infm", "nans", "10 m", "1e19s", "1e3m", "0x10s", ".5m", "5.m", "1.2.3s",
    "10M",
])
func refusesMalformedDurations(text: String) throws {
    #expect(DurationText.seconds(text) == nil)
    let error = #expect(throws: DurationError.self) { try DurationText.seconds(text, for: "for") }
    #expect(error?.message == "'for' must be a duration: \(DurationText.examples); not '\(text)'")
}

/// The maximum holds at every edge: nothing longer reaches a conversion.
@Test(arguments: ["366d", "53w", "9999999999999999d", "8761h", "99999999999999999999s"])
func refusesDurationsAboveTheMaximum(text: String) {
    #expect(DurationText.seconds(text) == nil)
    let error = #expect(throws: DurationError.self) { try DurationText.seconds(text, for: "mute") }
    #expect(error?.message == "'mute' must be at most 365d, not '\(text)'")
}

@Test(arguments: [(90.0, "90s"), (600, "10m"), (3600, "1h"), (5400, "90m"), (86400, "1d"), (1_209_600, "2w"), (0, "0s"), (1.5, "1.5s")])
func formatsShortestExactSpelling(seconds: Double, text: String) {
    #expect(DurationText.format(seconds) == text)
    #expect(DurationText.seconds(text) == seconds)
}

@Test func formatsAnySizeWithoutTrapping() {
    #expect(DurationText.format(1e300) == "1e+300s")
    #expect(DurationText.format(.infinity) == "infs")
}

@Test func saturatingConversionsCannotTrap() {
    #expect(Int(saturating: 1e19) == .max && Int(saturating: -1e19) == .min && Int(saturating: .nan) == 0)
    #expect(Int64(saturating: .infinity) == .max && Int(saturating: 41.9) == 41 && Int32(saturating: 1e10) == .max)
    #expect(Duration.bounded(seconds: 1e16) == .seconds(DurationText.maximum))
    #expect(Duration.bounded(seconds: -5) == .zero && Duration.bounded(seconds: .nan) == .zero)
    #expect(Duration.bounded(seconds: 1.5) == .milliseconds(1500))
}
