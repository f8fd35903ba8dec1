import ModGateCore
import Testing

@Test(arguments: [("30s", 30.0), ("10m", 600), ("24h", 86400), ("7d", 604_800), ("2w", 1_209_600), ("1.5h", 5400)])
func parsesDurations(text: String, seconds: Double) {
    #expect(DurationText.seconds(text) == seconds)
}

@Test(arguments: ["", "10", "m", "10x", "-5m", "tenm", "infm", "10 m"])
func refusesMalformedDurations(text: String) {
    #expect(DurationText.seconds(text) == nil)
}

@Test(arguments: [(90.0, "90s"), (600, "10m"), (3600, "1h"), (5400, "90m"), (86400, "1d"), (1_209_600, "2w"), (0, "0s"), (1.5, "1.5s")])
func formatsShortestExactSpelling(seconds: Double, text: String) {
    #expect(DurationText.format(seconds) == text)
    #expect(DurationText.seconds(text) == seconds)
}
