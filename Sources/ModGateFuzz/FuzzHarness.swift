/// One fuzz target: a name (its seeds are in fixtures/fuzz/NAME) and what it does with one input.
/// A harness traps, so that libFuzzer keeps the input, when the code under test traps or breaks a promise.
public struct FuzzHarness: Sendable {
    public let name: String
    /// Feeds one input to the code under test and checks what comes back.
    public let run: @Sendable (UnsafeRawBufferPointer) -> Void

    /// Every harness, in the order `make fuzz` runs them.
    public static let all: [FuzzHarness] = [.frame, .token, .normalizer, .check, .rules, .chainConfig, .toxicity]

    /// The harness called `name`, if there is one.
    public static func named(_ name: String) -> FuzzHarness? { all.first { $0.name == name } }
}

/// Stops the process with `message` when `condition` is false, in release builds too (unlike `assert`).
func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz: \(message())") }
}
