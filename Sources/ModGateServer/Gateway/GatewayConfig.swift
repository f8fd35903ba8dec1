import ModGateChain
import ModGateCore
import ModGateRules
import ModGateStorage
import ModGateStore
import Yams

/// Everything `modgate serve` reads: the chain's settings plus the `server` and `store` sections of the same file.
public struct GatewayConfig: Sendable {
    public var chain = ChainConfig()
    public var host = "127.0.0.1"
    public var port = 8080
    /// The store: a SQLite database file (`store.path`), or a PostgreSQL URL (`store.url`) that several gateways share.
    public var database = "modgate.db"
    /// The most connections a PostgreSQL store opens (`store.pool_size`).
    public var poolSize = 8
    public var synchronous = StoreOptions.Synchronous.full
    /// The audit key file (`store.audit_key`); nil: `$MODGATE_AUDIT_KEY_FILE`, else beside the database.
    public var auditKeyFile: String?
    /// A token secret given in the config file (hex); without one the gateway keeps a generated one in its database.
    public var tokenSecret: String?
    /// A file holding the token secret (`server.token_secret_file`), so that it stays out of the config file.
    public var tokenSecretFile: String?
    /// The certificate and key to serve HTTPS and WSS with (`server.tls`); nil: plain HTTP.
    public var tls: TLSFiles?
    /// Whether the database may be opened when other users can read its files (`store.allow_readable`).
    public var allowReadableDatabase = false
    public var limits = Limits()
    /// Whether the sender of a message a moderator rejects gets a `decision` frame (`review.tell_sender`).
    public var tellSender = true
    /// How often the rules directory is checked for changes (`server.rules_watch`); nil turns the watcher off.
    public var rulesWatchInterval: Duration? = .seconds(2)
    /// How many refusals of one sender are stored per window (`server.refusals_stored`, `server.refusal_window`).
    public var refusals = RefusalAllowance()
    /// How calls are governed (the `calls` section).
    public var calls = CallSettings()

    public init() {}

    /// Reads `path`: defaults merged with what the file sets. - Throws: `RulesError` with every problem.
    public static func load(path: String) throws(RulesError) -> GatewayConfig {
        let yaml = try ChainConfigLoader.read(path)
        var config = GatewayConfig()
        config.chain = try ChainConfigLoader.parse(yaml, file: path, otherSections: ["server", "store", "review", "calls"])
        var reader = GatewayConfigReader(nodes: YAMLNodes(file: path))
        reader.read(yaml, into: &config)
        guard reader.nodes.problems.isEmpty else { throw RulesError(problems: reader.nodes.problems) }
        return config
    }
}

/// Reads the `server`, `store`, `review` and `calls` sections.
struct GatewayConfigReader {
    var nodes: YAMLNodes

    mutating func read(_ yaml: String, into config: inout GatewayConfig) {
        guard let root = try? Yams.compose(yaml: yaml), let mapping = root.mapping else { return }
        if let server = mapping["server"] { readServer(server, into: &config) }
        if let store = mapping["store"] { readStore(store, into: &config) }
        if let review = mapping["review"] { readReview(review, into: &config) }
        if let calls = mapping["calls"] { readCalls(calls, into: &config.calls) }
    }

    private mutating func readServer(_ node: Node, into config: inout GatewayConfig) {
        let counts: [String: WritableKeyPath<Limits, Int>] = [
            "max_frame_bytes": \.maxFrameBytes, "max_text_bytes": \.maxTextBytes, "max_room_bytes": \.maxRoomBytes,
            "max_subscriptions": \.maxSubscriptions, "subscriber_buffer": \.subscriberBuffer, "max_page": \.maxPage,
            "max_connections": \.maxConnections, "max_connections_per_user": \.maxConnectionsPerUser,
            "subscribe_burst": \.subscribeBurst, "max_socketio_sessions": \.maxSocketIOSessions,
        ]
        let timeouts: [String: WritableKeyPath<Limits, Double>] = [
            "header_timeout": \.headerTimeout, "idle_timeout": \.idleTimeout, "room_idle": \.roomIdle,
            "socketio_ping_interval": \.socketIOPingInterval, "socketio_ping_timeout": \.socketIOPingTimeout,
        ]
        let known = [
            "host", "port", "token_secret", "token_secret_file", "rules_watch", "write_stall", "refusals_stored", "refusal_window",
            "max_connection_bytes", "subscribe_rate", "tls",
        ] + counts.keys.sorted() + timeouts.keys.sorted()
        for (key, value) in nodes.pairs(node, of: "'server'", known: known) {
            switch key {
            case "host": config.host = nodes.string(value, key) ?? config.host
            case "port": config.port = nodes.wholeNumber(value, key, in: 1...65535) ?? config.port
            case "token_secret": config.tokenSecret = nodes.string(value, key)
            case "token_secret_file": config.tokenSecretFile = nodes.string(value, key)
            case "rules_watch":
                if nodes.string(value, key)?.lowercased() == "off" {
                    config.rulesWatchInterval = nil
                } else if let seconds = nodes.duration(value, key) {
                    config.rulesWatchInterval = seconds > 0 ? .bounded(seconds: seconds) : nil
                }
            case "write_stall":
                if let seconds = nodes.duration(value, key), seconds > 0 { config.limits.writeStall = seconds }
            case "refusals_stored":
                config.refusals.stored = nodes.wholeNumber(value, key, in: 0...10_000) ?? config.refusals.stored
            case "refusal_window":
                config.refusals.window = duration(value, key) ?? config.refusals.window
            case "max_connection_bytes":
                config.limits.maxConnectionBytes =
                    nodes.wholeNumber(value, key, in: 65_536...1_073_741_824) ?? config.limits.maxConnectionBytes
            case "subscribe_rate":
                guard let rate = nodes.rate(value, key) else { continue }
                (config.limits.subscribeCount, config.limits.subscribePeriod) = rate
            case "tls": config.tls = readTLS(value)
            default:
                if let path = counts[key] {
                    config.limits[keyPath: path] = nodes.wholeNumber(value, key, in: 1...1_048_576)
                        ?? config.limits[keyPath: path]
                } else if let path = timeouts[key], let seconds = duration(value, key) {
                    config.limits[keyPath: path] = seconds
                }
            }
        }
    }

    /// A duration of seconds in `range` (`bounds` says it in words, "1s to 1d"), or nil with the problem reported.
    mutating func duration(
        _ value: Node, _ key: String, within range: ClosedRange<Double> = 1...86_400, _ bounds: String = "1s to 1d"
    ) -> Double? {
        guard let seconds = nodes.duration(value, key) else { return nil }
        guard range.contains(seconds) else {
            nodes.report(value, "'\(key)' must be from \(bounds), not '\(seconds)s'")
            return nil
        }
        return seconds
    }

    /// `server.tls`: `certificate` and `key`, both or neither, and `allow_readable_key`.
    private mutating func readTLS(_ node: Node) -> TLSFiles? {
        var certificate: String?
        var keyFile: String?
        var allowReadableKey = false
        for (key, value) in nodes.pairs(node, of: "'server.tls'", known: ["certificate", "key", "allow_readable_key"]) {
            switch key {
            case "certificate": certificate = nodes.string(value, key)
            case "key": keyFile = nodes.string(value, key)
            case "allow_readable_key": allowReadableKey = nodes.bool(value, key) ?? allowReadableKey
            default: break
            }
        }
        guard let certificate, let keyFile else {
            guard node.mapping != nil else { return nil }
            let missing = certificate == nil ? (keyFile == nil ? "'certificate' and 'key'" : "'certificate'") : "'key'"
            nodes.report(
                node, "'server.tls' needs \(missing): give both, the PEM file of the certificate chain and the one of its private key")
            return nil
        }
        return TLSFiles(certificate: certificate, key: keyFile, allowReadableKey: allowReadableKey)
    }

    private mutating func readStore(_ node: Node, into config: inout GatewayConfig) {
        let known = ["path", "url", "pool_size", "synchronous", "audit_key", "allow_readable"]
        for (key, value) in nodes.pairs(node, of: "'store'", known: known) {
            switch key {
            case "path": config.database = nodes.string(value, key) ?? config.database
            case "url":
                guard let url = nodes.string(value, key) else { continue }
                guard StoreLocation.isPostgres(url) else {
                    nodes.report(value, "'url' takes a PostgreSQL URL, postgres://USER@HOST:PORT/DATABASE; a SQLite file goes in 'path'")
                    continue
                }
                config.database = url
            case "pool_size": config.poolSize = nodes.wholeNumber(value, key, in: 1...1000) ?? config.poolSize
            case "audit_key": config.auditKeyFile = nodes.string(value, key) ?? config.auditKeyFile
            case "allow_readable": config.allowReadableDatabase = nodes.bool(value, key) ?? config.allowReadableDatabase
            case "synchronous":
                guard let text = nodes.string(value, key) else { continue }
                guard let mode = StoreOptions.Synchronous(rawValue: text.uppercased()) else {
                    nodes.report(value, "'synchronous' must be normal (survives a process crash) or full (survives a power loss)")
                    continue
                }
                config.synchronous = mode
            default: break
            }
        }
    }

    private mutating func readReview(_ node: Node, into config: inout GatewayConfig) {
        for (key, value) in nodes.pairs(node, of: "'review'", known: ["tell_sender"]) where key == "tell_sender" {
            config.tellSender = nodes.bool(value, key) ?? config.tellSender
        }
    }
}
