import ArgumentParser
import Logging
import ModGateChain
import ModGateServer

/// `modgate serve`: the gateway.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: WebSocket and HTTP ingestion, the moderation chain, the store and delivery.",
        discussion: """
            Defaults: ./modgate.db, ./rules, 127.0.0.1:8080, plain HTTP; with --tls-cert and --tls-key, HTTPS and WSS on the same port. \
            SIGHUP reloads the rules and the TLS certificate; SIGTERM or SIGINT drains and stops the gateway.
            """
    )

    @Option(help: "The config file (docs/configuration.md); flags override it.")
    var config: String?

    @Option(help: "The address to listen on.")
    var host: String?

    @Option(help: "The port to listen on.")
    var port: Int?

    @Option(help: "The database: a SQLite file, or a postgres://USER@HOST/DATABASE URL shared with other gateways (docs/deployment.md).")
    var db: String?

    @Option(help: "The rules directory.")
    var rules: String?

    @Flag(help: "Open the database even when other users can read its files (store.allow_readable).")
    var allowReadableDb = false

    @Option(help: "The TLS certificate chain, a PEM file, the gateway's own certificate first (server.tls.certificate); with --tls-key.")
    var tlsCert: String?

    @Option(help: "The TLS certificate's private key, an unencrypted PEM file of mode 0600 (server.tls.key); with --tls-cert.")
    var tlsKey: String?

    @Flag(help: "Use the TLS key even when other users can read it (server.tls.allow_readable_key).")
    var allowReadableTlsKey = false

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port takes 0 to 65535, for example --port 8080") }
        if tlsCert == nil, tlsKey != nil {
            throw ValidationError("--tls-key needs --tls-cert: give both, the certificate chain (PEM) and its private key")
        }
        if tlsCert != nil, tlsKey == nil {
            throw ValidationError("--tls-cert needs --tls-key: give both, the certificate chain (PEM) and its private key")
        }
    }

    func run() async throws {
        var settings = try GatewayOptions(config: config, db: db).load()
        if let host { settings.host = host }
        if let port { settings.port = port }
        if let rules { settings.chain.rulesDirectory = rules }
        if allowReadableDb { settings.allowReadableDatabase = true }
        if let tlsCert, let tlsKey {
            settings.tls = TLSFiles(certificate: tlsCert, key: tlsKey, allowReadableKey: settings.tls?.allowReadableKey ?? false)
        }
        if allowReadableTlsKey { settings.tls?.allowReadableKey = true }
        let logger = Logger(label: "modgate")
        let server: GatewayServer
        do {
            server = try await GatewayServer.make(settings, logger: logger)
        } catch {
            throw ValidationError("the gateway cannot start: \(error)")
        }
        try await server.run()
    }
}

/// Where the gateway's settings come from: a config file, the defaults, and `--db`.
struct GatewayOptions {
    var config: String?
    var db: String?

    func load() throws -> GatewayConfig {
        var settings = GatewayConfig()
        if let config {
            do {
                settings = try GatewayConfig.load(path: config)
            } catch {
                throw ValidationError("the config file cannot be used:\n\(error)")
            }
        }
        if let db { settings.database = db }
        return settings
    }
}
