import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ModGateAuth
import ModGateChain
import ModGateRules
import ModGateSpam
import ModGateStorage
import Prometheus
import ServiceLifecycle
import UnixSignals

/// Assembles the gateway from its config: the store and its writer, the chain, the hub, the HTTP and
/// WebSocket application, each long-running part a `Service`.
public struct GatewayServer: Sendable {
    public let gateway: Gateway
    /// Moderators' operations, as the admin API runs them.
    public let moderation: Moderation
    /// Reloads the rules: for the admin route, SIGHUP and the watcher.
    public let reloader: RulesReloader
    /// The TLS certificate served, which SIGHUP reloads; nil when the gateway speaks plain HTTP.
    public let certificate: LiveCertificate?
    /// The HTTP and WebSocket server with the store writer as a service of its own: on shutdown the server
    /// drains first, then the writer commits what is queued.
    public let application: Application<RouterResponder<GatewayContext>>

    /// Opens the database (creating it and a token secret on first start) and builds everything.
    /// - Parameter now: seconds since 1970; tests inject their own clock.
    public static func make(
        _ config: GatewayConfig, logger: Logger, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) async throws -> GatewayServer {
        // Read before the store opens, so that an unreadable credential or certificate file leaves nothing open.
        let iceServers = try IceServers(config.calls.iceServers, ttl: config.calls.turnCredentialTTL)
        let certificate = try config.tls.map { files throws(TLSConfigError) in try LiveCertificate(files: files, logger: logger) }
        // Trapped before the server listens, so that a SIGHUP early in its life reloads instead of ending it.
        let hangUps = await UnixSignalsSequence(trapping: .sighup)
        let store = try await config.openStore(logger: logger)
        let keyLoader = TokenKeyLoader(given: try config.givenTokenSecret(), store: store)
        let keys = try await keyLoader.start(now: now(), logger: logger)
        if let head = try await store.latestAuditAnchor() {
            logger.notice("Audit log head", metadata: ["audit.head": "\(head)", "hint": "modgate audit verify --anchor CHECKPOINT"])
        }
        let metrics = GatewayMetrics(stages: ChainConfig.stageNames)
        let learned = try await store.spamModel().flatMap { try? JSONDecoder().decode(SpamModel.self, from: $0) }
        let chain = try config.chain.build(
            reputationStore: store.standings, spamModel: learned, observer: ChainObserver(metrics: metrics, logger: logger))
        // A one-off run compiles the rules' RE2 sets as messages need them; the gateway compiles them before it serves.
        chain.rules.rules.compileAllSets()
        let hub = DeliveryHub(buffer: config.limits.subscriberBuffer, maxBytes: config.limits.maxConnectionBytes)
        // Approvals publish through the same sequencer as the writer, so each room goes out in seq order.
        let sequencer = RoomSequencer(
            bus: hub, published: try await store.lastSequences(), forgetAfter: config.limits.roomIdle, now: now,
            metrics: metrics.limits, logger: logger, reportsGaps: store.cluster != nil)
        let announce = Announcer(channel: store.cluster, logger: logger)
        let visibility = Visibility(bus: hub, sequencer: sequencer, tellSender: config.tellSender, announce: announce)
        metrics.reviewQueue.set(to: Double(try await store.pendingReviewCount()))
        let writer = store.makeWriter(batchSize: 512, logger: logger) { committed, duration in
            metrics.committed(batch: committed.count, took: duration)
            let held = committed.count(where: { $0.status == .held })
            if held > 0 { metrics.reviewQueue.increment(by: Double(held)) }
            visibility.committed(committed)
        }
        let gateway = Gateway(
            chain: chain, store: store, writer: writer, visibility: visibility, metrics: metrics, limits: config.limits,
            tokenKeys: TokenKeyRing(TokenSigner(keys: keys), loader: keyLoader, bus: hub), now: now,
            refusals: config.refusals, calls: config.calls, logger: logger)
        gateway.revocations.load(try await store.revocations(now: now()), now: now())
        let keeper = chain.spam.map { SpamModelKeeper(live: $0, store: store, logger: logger) }
        let moderation = Moderation(gateway: gateway, spam: keeper, logger: logger)
        let reloader = RulesReloader(
            rules: chain.rules, directory: config.chain.rulesDirectory, store: store, announce: announce, logger: logger,
            now: now)
        let calls = CallRoutes(calls: gateway.calls, iceServers: iceServers)
        var application = try Self.application(
            gateway, moderation: moderation, reloader: reloader, calls: calls, certificate: certificate, config: config,
            logger: logger, now: now)
        application.addServices(
            WriterService(writer: writer), HangUpService(signals: hangUps, rules: reloader, certificate: certificate),
            RefusalAuditService(ledger: gateway.refusals, store: store, logger: logger, now: now),
            SessionExpiry(bus: hub, now: now), CallExpiry(calls: gateway.calls, now: now))
        if let keeper { application.addServices(keeper) }
        if let channel = store.cluster {
            application.addServices(
                ClusterLink(channel: channel, gateway: gateway, sequencer: sequencer, reloader: reloader, spam: keeper, logger: logger))
        }
        if let interval = config.rulesWatchInterval {
            application.addServices(RulesWatcher(reloader: reloader, interval: interval))
        }
        return GatewayServer(
            gateway: gateway, moderation: moderation, reloader: reloader, certificate: certificate, application: application)
    }

    /// Signs with the newest token key and verifies with every live one, as the gateway does now.
    public var signer: TokenSigner { gateway.tokenKeys.signer }

    /// Runs until SIGTERM or SIGINT, then drains: stop accepting, finish in-flight requests, close WebSockets
    /// with "going away", commit what is queued.
    public func run() async throws {
        var configuration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
            logger: application.logger)
        configuration.maximumGracefulShutdownDuration = Self.maximumDrain
        try await ServiceGroup(configuration: configuration).run()
    }

    /// How long a drain may take before what remains is cancelled; acked messages are committed already.
    static let maximumDrain = Duration.seconds(30)

    /// The drain log, the application and the shutdown notice, in start order; shutdown runs in reverse, so
    /// WebSockets hear "going away" before the server drains and the store writer commits the rest, and the
    /// drain's end is logged last.
    public var services: [any Service] {
        let drain = DrainLog(bus: gateway.bus, writer: gateway.writer, logger: application.logger)
        return [drain, application, ShutdownNotice(bus: gateway.bus, drain: drain)]
    }

    static func application(
        _ gateway: Gateway, moderation: Moderation, reloader: RulesReloader, calls: CallRoutes,
        certificate: LiveCertificate?, config: GatewayConfig, logger: Logger, now: @escaping @Sendable () -> Double
    ) throws -> Application<RouterResponder<GatewayContext>> {
        let authenticator = TokenAuthenticator(keys: gateway.tokenKeys, revocations: gateway.revocations, now: now)
        let router = Router(context: GatewayContext.self)
        router.middlewares.add(authenticator)
        Routes(gateway: gateway).add(to: router)
        ChatPage().add(to: router)
        OpenAPIRoute().add(to: router)
        calls.add(to: router)
        try AdminRoutes(moderation: moderation, reloader: reloader, calls: calls).add(to: router)
        let limits = config.limits
        let gate = ConnectionGate(
            maxConnections: limits.maxConnections, maxSessionsPerUser: limits.maxConnectionsPerUser, metrics: gateway.metrics.limits)
        let sessions = EngineSessions(limits: limits, now: now)
        SocketIOPolling(sessions: sessions, authenticator: authenticator).add(to: router)
        let upgrade = WebSocketUpgrade(
            gateway: gateway, authenticator: authenticator, gate: gate, writeStall: limits.writeStall,
            socketIO: SocketIOWebSocket(sessions: sessions, authenticator: authenticator, writeStall: limits.writeStall))
        var application = Application(
            router: router,
            server: .gateway(upgrade: upgrade, tls: certificate, gate: gate, limits: limits, metrics: gateway.metrics.limits),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "modgate"),
            logger: logger)
        application.addServices(
            SocketIOService(sessions: sessions, gateway: gateway, authenticator: authenticator, gate: gate, logger: logger))
        return application
    }
}

/// The store writer as a service: it commits until graceful shutdown reaches it, after the server has drained.
struct WriterService: Service {
    let writer: any MessageWriter

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await writer.run() }
    }
}
