import ModGateCore
import ModGateRegex

/// Acts on the sender's trust, read from the message context: an untrusted user's links are held,
/// a trusted user's spam score is discounted so that borderline messages pass.
public struct ReputationStage: ModerationStage {
    public static let name = "reputation"
    public var name: String { Self.name }
    private let model: ReputationModel
    private let mode: Mode
    private static let link = try! RE2Regex(
        #"(?i)(?:https?://|www\.|\b[a-z0-9-]+\.(?:com|net|org|io|gg|ru|xyz|ly|me|co|info|biz|link|click|top|app|site|online|shop)\b)"#)

    public init(model: ReputationModel, mode: Mode = .enforce) {
        self.model = model
        self.mode = mode
    }

    public func evaluate(_ message: Message, findings: inout [Finding]) {
        let trust = message.context.reputation ?? model.prior
        if trust < model.untrustedBelow, Self.link.matches(message.text) {
            findings.append(
                Finding(
                    stage: name, rule: "reputation.untrusted-link", action: .hold,
                    reason: "Links from new or untrusted accounts are reviewed before they are shown.",
                    detail: "sender trust \(trust.rounded3) is below \(model.untrustedBelow)", mode: mode))
        }
        if trust > model.trustedAbove, findings.contains(where: { $0.stage == "spam" && $0.mode == .enforce }) {
            findings.append(
                Finding(
                    stage: name, rule: "reputation.trusted", score: -model.trustedSpamDiscount,
                    detail: "sender trust \(trust.rounded3) is above \(model.trustedAbove): spam score discounted",
                    mode: mode))
        }
    }
}

extension Double {
    var rounded3: Double { (self * 1000).rounded() / 1000 }
}
