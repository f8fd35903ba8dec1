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
    /// The stage's work that can be done before the chain reaches the message (`PrecomputingStage`), or nil.
    func workAhead(on message: Message) -> (any Sendable)?
    /// Adds this stage's findings, given what `workAhead(on:)` returned for `message`.
    func evaluate(_ message: Message, ahead work: any Sendable, findings: inout [Finding])
}

extension ModerationStage {
    public func workAhead(on message: Message) -> (any Sendable)? { nil }

    public func evaluate(_ message: Message, ahead work: any Sendable, findings: inout [Finding]) {
        evaluate(message, findings: &findings)
    }
}

/// A stage whose costly part reads only what a message arrives with (its text, sender and room; not the
/// standing the chain fills in) and no state of its own. A backtest does that part ahead, on another core,
/// while the chain judges the messages before.
public protocol PrecomputingStage: ModerationStage {
    associatedtype Precomputed: Sendable
    /// The part of the work that can be done ahead.
    func precompute(_ message: Message) -> Precomputed
    /// Adds this stage's findings about `message`, given `precompute(message)`.
    func evaluate(_ message: Message, precomputed: Precomputed, findings: inout [Finding])
}

extension PrecomputingStage {
    public func evaluate(_ message: Message, findings: inout [Finding]) {
        evaluate(message, precomputed: precompute(message), findings: &findings)
    }

    public func workAhead(on message: Message) -> (any Sendable)? { precompute(message) }

    public func evaluate(_ message: Message, ahead work: any Sendable, findings: inout [Finding]) {
        guard let work = work as? Precomputed else { return evaluate(message, findings: &findings) }
        evaluate(message, precomputed: work, findings: &findings)
    }
}
