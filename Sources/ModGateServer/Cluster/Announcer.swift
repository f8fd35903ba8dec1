import Logging
import ModGateStorage

/// Tells the other gateways sharing the store what this one did beyond a commit (whose notice the store sends
/// itself): removals, shadowed messages, rejections, sanctions, reloads. Without a channel (SQLite) it says nothing.
public struct Announcer: Sendable {
    let channel: (any ClusterChannel)?
    let logger: Logger

    /// Sends `notice` after what it reports is committed. A failure is logged, not thrown: the change stands here,
    /// and the other gateways catch up with the store when their channel comes back.
    func callAsFunction(_ notice: ClusterNotice) async {
        guard let channel else { return }
        do {
            try await channel.announce(notice)
        } catch {
            logger.error("Cluster notice not sent", metadata: ["cluster.notice": "\(notice)", "error": "\(String(reflecting: error))"])
        }
    }
}
