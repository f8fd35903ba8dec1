import ArgumentParser
import Logging
import ModGateChain
import ModGateServer

/// `modgate serve`: the gateway.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: WebSocket and HTTP ingestion, the moderation chain, the store and delivery.",
        discussion: "Defaults: ./modgate.db, ./rules, 127.0.0.1:8080. SIGTERM or SIGINT drains and stops it."
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

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port takes 0 to 65535, for example --port 8080") }
    }

    func run() async throws {
        var settings = try GatewayOptions(config: config, db: db).load()
        if let host { settings.host = host }
        if let port { settings.port = port }
        if let rules { settings.chain.rulesDirectory = rules }
        if allowReadableDb { settings.allowReadableDatabase = true }
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
