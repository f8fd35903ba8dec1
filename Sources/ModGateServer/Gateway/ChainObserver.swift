import Logging
import ModGateCore

/// What the gateway does with what the chain reports: stage latencies and fallbacks go to the metrics, and a
/// fallback (a rules scan RE2 could not finish) is logged as well, since it means a message was not judged.
struct ChainObserver: PipelineObserver {
    let metrics: GatewayMetrics
    let logger: Logger

    func stage(_ name: String, took duration: Duration) { metrics.stage(name, took: duration) }

    func stage(_ name: String, fellBack finding: Finding, on message: Message) {
        metrics.fellBack(stage: name)
        logger.error(
            "Stage could not judge a message; its fallback applies",
            metadata: [
                "stage.name": "\(name)", "rule.id": "\(finding.rule)", "verdict.action": "\(finding.action.rawValue)",
                "message.user": "\(message.context.user)", "message.room": "\(message.context.room)",
                "message.bytes": "\(message.text.utf8.count)", "error": "\(finding.detail)",
            ])
    }
}
