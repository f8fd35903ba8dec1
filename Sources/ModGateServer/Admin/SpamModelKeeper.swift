import Foundation
import Logging
import ModGateSpam
import ModGateStorage
import ServiceLifecycle
import Synchronization

/// Keeps the spam model that moderators' decisions teach in the database, off the decision path: decisions
/// only mark it changed; this service writes it (a JSON blob) at most once per `pause`, and once more at shutdown.
final class SpamModelKeeper: Service {
    private let live: LiveSpamModel
    private let store: any SettingsStore
    private let logger: Logger
    private let pause: Duration
    private let changes: AsyncStream<Void>
    private let changed: AsyncStream<Void>.Continuation
    /// Bumped by every lesson; `saved` is the value the last write covered.
    private let lessons = Atomic<Int>(0)
    private let saved = Atomic<Int>(0)

    init(live: LiveSpamModel, store: any SettingsStore, logger: Logger, pause: Duration = .seconds(1)) {
        self.live = live
        self.store = store
        self.logger = logger
        self.pause = pause
        (changes, changed) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Teaches the model one decision and schedules a write.
    func learn(_ text: String, isSpam: Bool) {
        live.learn(text, isSpam: isSpam)
        lessons.add(1, ordering: .relaxed)
        changed.yield()
    }

    func run() async throws {
        for await _ in changes.cancelOnGracefulShutdown() {
            await save()
            try? await Task.sleep(for: pause)
        }
        await save()
    }

    /// Puts the model in the store in force: another gateway saved what its moderators taught it. Lessons of this
    /// gateway's not yet saved are lost; the last gateway to save wins.
    func load() async {
        do {
            guard let data = try await store.spamModel() else { return }
            live.replace(with: try JSONDecoder().decode(SpamModel.self, from: data))
            logger.info("Spam model loaded from the store")
        } catch {
            logger.error("Spam model not loaded", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Writes the model if it learnt anything since the last write.
    func save() async {
        let count = lessons.load(ordering: .relaxed)
        guard count != saved.load(ordering: .relaxed) else { return }
        do {
            try await store.setSpamModel(try JSONEncoder().encode(live.model))
            saved.store(count, ordering: .relaxed)
            logger.debug("Spam model saved", metadata: ["spam.lessons": "\(count)"])
        } catch {
            logger.error("Spam model not saved", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
