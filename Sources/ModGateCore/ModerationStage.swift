/// One step of the moderation chain, shaped like a middleware: it looks at a message and adds findings.
///
/// Stages see the findings of the stages before them, so a later stage can build on earlier ones.
/// They run synchronously, in memory: what a stage needs from storage is loaded before the chain runs
/// (as the sender's standing is), so no message waits on I/O halfway through the chain.
public protocol ModerationStage: Sendable {
    /// The stage's name in findings, configuration and metrics.
    var name: String { get }
    /// Adds this stage's findings about `message` to `findings`.
    func evaluate(_ message: Message, findings: inout [Finding])
}
