import Foundation
import Logging
import ModGateRules
import ModGateStorage
import ServiceLifecycle
import Synchronization

/// Reloads the rules directory for the admin route, SIGHUP and the file watcher. A reload is all or nothing:
/// a broken file leaves the rules in force as they were. Each reload is logged and audited (`rules.reload`), and
/// new rules go into force only once their audit entry is written: the swap and its entry succeed or fail together.
public final class RulesReloader: Sendable {
    public let directory: String
    private let rules: LiveRules
    private let store: any AuditTrail
    private let announce: Announcer
    private let logger: Logger
    private let now: @Sendable () -> Double
    /// The last reload started: each waits for the one before, so that a slow old load never replaces a newer one.
    private let last = Mutex<Task<Void, Never>?>(nil)

    init(
        rules: LiveRules, directory: String, store: any AuditTrail, announce: Announcer, logger: Logger,
        now: @escaping @Sendable () -> Double
    ) {
        self.rules = rules
        self.directory = directory
        self.store = store
        self.announce = announce
        self.logger = logger
        self.now = now
    }

    /// The trigger of a moderator's reload through the admin API: the only one the other gateways repeat (a
    /// signal or a file change reaches each gateway by itself).
    static let adminTrigger = "admin"
    /// The trigger of a reload another gateway's moderator asked for.
    static let clusterTrigger = "cluster"

    /// Loads the directory again; after a moderator's reload, the other gateways sharing the store reload theirs.
    /// - Parameters: `actor` is who asked (a moderator, or "modgate"); `trigger` is how ("admin", "sighup",
    ///   "watch", "cluster").
    @discardableResult
    public func reload(by actor: String, trigger: String) async -> Result<RuleSet, RulesReloadError> {
        let reload = last.withLock { last in
            let previous = last
            let reload = Task {
                await previous?.value
                return await self.reloadNow(by: actor, trigger: trigger)
            }
            last = Task { _ = await reload.value }
            return reload
        }
        return await reload.value
    }

    private func reloadNow(by actor: String, trigger: String) async -> Result<RuleSet, RulesReloadError> {
        let record = AuditRecord(time: now(), actor: actor, action: "rules.reload", subject: "rules:\(directory)")
        switch Result(catching: { () throws(RulesError) in try rules.load() }) {
        case .success(let loaded):
            do {
                try await store.appendAudit(loaded.audited(record, trigger: trigger))
            } catch {
                logger.error(
                    "Rules not reloaded: the reload could not be audited; the rules in force stay in force",
                    metadata: ["rules.digest": "\(loaded.digest)", "trigger": "\(trigger)", "error": "\(String(reflecting: error))"])
                return .failure(.notAudited(cause: String(describing: error)))
            }
            rules.install(loaded)
            if trigger == Self.adminTrigger { await announce(.rulesReloaded) }
            logger.notice(
                "Rules reloaded",
                metadata: ["rules.digest": "\(loaded.digest)", "rules.count": "\(loaded.rules.count)", "trigger": "\(trigger)"])
            return .success(loaded)
        case .failure(let error):
            logger.error(
                "Rules not reloaded: the rules in force stay in force",
                metadata: ["rules.problems": "\(error.description)", "trigger": "\(trigger)"])
            var refused = record
            refused.reason = "rules invalid; the rules in force stay in force"
            refused.details = ["trigger": trigger, "problems": error.description, "kept_digest": rules.rules.digest]
            do {
                try await store.appendAudit(refused)
            } catch {
                logger.error("Rules reload not audited", metadata: ["error": "\(String(reflecting: error))"])
            }
            return .failure(.invalid(error))
        }
    }
}

/// Why a reload left the rules in force as they were.
public enum RulesReloadError: Error, Sendable {
    /// The rules do not load: every problem with its file and line.
    case invalid(RulesError)
    /// The rules load, but their audit entry could not be written, so they were not put in force.
    case notAudited(cause: String)
}

extension RuleSet {
    /// `record` as the audit entry of putting these rules in force.
    fileprivate func audited(_ record: AuditRecord, trigger: String) -> AuditRecord {
        var record = record
        record.reason = "rules reloaded"
        record.details = ["trigger": trigger, "digest": digest, "rules": "\(rules.count)"]
        return record
    }
}

/// Polls the rules directory every `interval` and reloads when a rules file or word list changed
/// (its modification time or size), appeared or disappeared.
struct RulesWatcher: Service {
    let reloader: RulesReloader
    let interval: Duration
    /// The files as they were when the rules in force were loaded, so that a change made before `run` starts counts.
    private let loaded: [String: RulesFiles.Stamp]

    init(reloader: RulesReloader, interval: Duration) {
        self.reloader = reloader
        self.interval = interval
        loaded = RulesFiles.snapshot(of: reloader.directory)
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var seen = loaded
            while true {
                try await Task.sleep(for: interval)
                let current = RulesFiles.snapshot(of: reloader.directory)
                guard current != seen else { continue }
                seen = current
                await reloader.reload(by: "modgate", trigger: "watch")
            }
        }
    }
}

/// The files a rules directory's rules come from: its `*.yaml`, `*.yml` and `*.txt` files, and every file in
/// its subdirectories (word lists), hidden files left out.
enum RulesFiles {
    struct Stamp: Equatable {
        var modified: Date?
        var size: Int?
    }

    static func snapshot(of directory: String) -> [String: Stamp] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: directory) else { return [:] }
        var stamps: [String: Stamp] = [:]
        while let path = enumerator.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            let nested = path.contains("/")
            guard nested || [".yaml", ".yml", ".txt"].contains(where: name.hasSuffix) else { continue }
            guard let attributes = try? manager.attributesOfItem(atPath: directory + "/" + path),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            stamps[path] = Stamp(
                modified: attributes[.modificationDate] as? Date, size: (attributes[.size] as? NSNumber)?.intValue)
        }
        return stamps
    }
}
