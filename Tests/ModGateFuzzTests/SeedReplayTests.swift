import Foundation
import ModGateFuzz
import Testing

/// Every seed and every crash reproducer in fixtures/fuzz/HARNESS goes through the harness's entry point, as
/// `make fuzz` feeds them, so `swift test` guards what the fuzzer found without libFuzzer.
struct SeedReplayTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../fixtures/fuzz").standardized

    static func seeds(of harness: String) -> [URL] {
        let folder = fixtures.appendingPathComponent(harness)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzHarness.all.map(\.name))
    func replaysEverySeed(harness name: String) throws {
        let harness = try #require(FuzzHarness.named(name))
        let seeds = Self.seeds(of: name)
        #expect(seeds.count >= 5, "fixtures/fuzz/\(name) holds \(seeds.count) seeds")
        for seed in seeds {
            let bytes = try Data(contentsOf: seed)
            bytes.withUnsafeBytes { harness.run($0) }
        }
    }
}
