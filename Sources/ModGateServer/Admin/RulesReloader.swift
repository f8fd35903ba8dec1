import Foundation
import Logging
import ModGateRules
import ModGateStore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Reloads the rules directory for the admin route, SIGHUP and the file watcher. A reload is all or nothing:
/// a broken file leaves the rules in force as they were. Each reload is logged and audited (`rules.reload`).
public final class RulesReloader: Sendable {
    public let directory: String
    private let rules: LiveRules
    private let store: Store
    private let logger: Logger
    private let now: @Sendable () -> Double
    /// Reloads one at a time, so that a slow old load never replaces a newer one.
    private let serial = Mutex(())

    public init(rules: LiveRules, directory: String, store: Store, logger: Logger, now: @escaping @Sendable () -> Double) {
        self.rules = rules
        self.directory = directory
        self.store = store
        self.logger = logger
        self.now = now
    }

    /// Loads the directory again. - Parameters: `actor` is who asked (a moderator, or "modgate");
    /// `trigger` is how ("admin", "sighup", "watch").
    @discardableResult
    public func reload(by actor: String, trigger: String) async -> Result<RuleSet, RulesError> {
        let outcome = serial.withLock { _ -> Result<RuleSet, RulesError> in
            do throws(RulesError) {
                return .success(try rules.reload())
            } catch {
                return .failure(error)
            }
        }
        var details = ["trigger": trigger]
        let reason: String
        switch outcome {
        case .success(let loaded):
            details["digest"] = loaded.digest
            details["rules"] = "\(loaded.rules.count)"
            reason = "rules reloaded"
            logger.notice(
                "Rules reloaded",
                metadata: ["rules.digest": "\(loaded.digest)", "rules.count": "\(loaded.rules.count)", "trigger": "\(trigger)"])
        case .failure(let error):
            details["problems"] = error.description
            details["kept_digest"] = rules.rules.digest
            reason = "rules invalid; the rules in force stay in force"
            logger.error(
                "Rules not reloaded: the rules in force stay in force",
                metadata: ["rules.problems": "\(error.description)", "trigger": "\(trigger)"])
        }
        do {
            try await store.appendAudit(
                AuditRecord(
                    time: now(), actor: actor, action: "rules.reload", subject: "rules:\(directory)", reason: reason,
                    details: details))
        } catch {
            logger.error("Rules reload not audited", metadata: ["error": "\(String(reflecting: error))"])
        }
        return outcome
    }
}

/// Reloads the rules on SIGHUP.
struct RulesSignalService: Service {
    let reloader: RulesReloader

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            await reloader.reload(by: "modgate", trigger: "sighup")
        }
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
