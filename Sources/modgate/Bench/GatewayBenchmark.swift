import ArgumentParser
import Foundation
import Logging
import ModGateAuth
import ModGatePostgres
import ModGateStorage
import ModGateServer
import ModGateStore

/// `modgate bench gateway`: a load generator that drives a running gateway over real WebSockets from its own process.
struct GatewayBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Load a running gateway over WebSockets: acked messages/s, deliveries/s and their latencies.",
        discussion: """
            Run it beside `modgate serve` (docs/BENCHMARKS.md). Senders each keep at most --window sends \
            waiting for their ack; subscribers only receive. It stops by itself after --seconds and closes cleanly. \
            With --protocol socketio the clients speak Socket.IO over WebSocket at /socket.io/; with --protocol both \
            it runs /v1/ws, then Socket.IO, and prints both and their ratio.
            """
    )

    @Option(
        name: .customLong("url"),
        help: "A gateway's WebSocket address (loopback only; default ws://127.0.0.1:8080), once per node; /v1/ws is added when the path is empty.")
    var urls: [String] = []

    @Option(name: .customLong("token-db"), help: "The gateway's database (file, read-only, or postgres:// URL) for the secret to mint tokens with.")
    var tokenDB: String?

    @Option(help: "The gateway's token secret in hex (its server.token_secret), instead of --token-db; --secret-file keeps it out of ps.")
    var secret: String?

    @Option(name: .customLong("secret-file"), help: "A file holding the gateway's token secret (its server.token_secret_file).")
    var secretFile: String?

    @Option(help: "Sending connections, one synthetic user each; sender i connects to node i mod N.")
    var clients = 64

    @Option(help: "Rooms; sender i sends to room i mod R.")
    var rooms = 16

    @Option(help: "Receive-only connections per room on every node, one synthetic user each.")
    var subscribers = 0

    @Option(help: "Messages per second from all senders together; 0 sends as fast as acks come back.")
    var rate: Double = 0

    @Option(help: "At most this many sends per connection waiting for their ack.")
    var window = 64

    @Option(help: "How long to send, in seconds (at most 300).")
    var seconds: Double = 10

    @Option(help: "Chat messages to send: JSON lines with a \"text\" field.")
    var messages = "fixtures/chat/chitchat_20k.jsonl"

    @Option(name: .customLong("server-pid"), help: "The gateway's process id, to report its peak RSS (VmHWM) at the end.")
    var serverPID: String?

    @Option(name: .customLong("protocol"), help: "What the clients speak: ws (/v1/ws), socketio (Socket.IO over WebSocket) or both, one after the other.")
    var proto: BenchProtocol = .ws

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    enum BenchProtocol: String, ExpressibleByArgument, CaseIterable {
        case ws, socketio, both

        var runs: [LoadProtocol] {
            switch self {
            case .ws: [.ws]
            case .socketio: [.socketio]
            case .both: [.ws, .socketio]
            }
        }
    }

    func validate() throws {
        guard [tokenDB, secret, secretFile].compactMap({ $0 }).count == 1 else {
            throw ValidationError(
                "pass one of --token-db FILE (the gateway's database), --secret-file FILE or --secret HEX to mint the users' tokens")
        }
        guard (1...10_000).contains(clients) else { throw ValidationError("--clients takes 1 to 10000, for example --clients 64") }
        guard (1...10_000).contains(rooms) else { throw ValidationError("--rooms takes 1 to 10000, for example --rooms 16") }
        guard urls.count <= 16 else { throw ValidationError("--url may be given at most 16 times, once per node") }
        guard subscribers >= 0, subscribers * rooms * nodes.count + clients <= 10_000 else {
            throw ValidationError("--subscribers times --rooms times the nodes (--url) plus --clients may be at most 10000 connections")
        }
        guard rate >= 0, rate.isFinite else { throw ValidationError("--rate must be 0 (flat out) or more, for example --rate 10000") }
        guard (1...1024).contains(window) else { throw ValidationError("--window takes 1 to 1024, for example --window 64") }
        guard seconds > 0, seconds <= 300 else { throw ValidationError("--seconds takes more than 0 and at most 300, for example --seconds 10") }
        for url in nodes { _ = try Self.endpoint(url, .ws) }
    }

    /// The gateways to load: every --url, or the default one.
    var nodes: [String] { urls.isEmpty ? ["ws://127.0.0.1:8080"] : urls }

    func run() async throws {
        let signer = try await makeSigner()
        let texts = try loadTexts(messages).filter { (1...4096).contains($0.utf8.count) }.map(Self.jsonString)
        guard !texts.isEmpty else { throw ValidationError("'\(messages)' has no usable \"text\" lines; pass --messages FILE") }
        let now = Date().timeIntervalSince1970
        func token(_ user: String) throws -> String { try signer.issue(user: user, ttl: 3600, now: now) }
        let senders = try (0..<clients).map {
            LoadUser(node: $0 % nodes.count, room: "bench-\($0 % rooms)", token: try token("bench-sender-\($0)"))
        }
        // Subscriber k of a room on node n is user bench-sub-ROOM-(n*S+k): one node keeps the names it always had.
        let receivers = try (0..<nodes.count).flatMap { node in
            try (0..<rooms).flatMap { room in
                try (0..<subscribers).map {
                    LoadUser(node: node, room: "bench-\(room)", token: try token("bench-sub-\(room)-\(node * subscribers + $0)"))
                }
            }
        }
        var reports: [GatewayReport] = []
        for run in proto.runs {
            let load = LoadRun(
                urls: try nodes.map { try Self.endpoint($0, run) }, proto: run, senders: senders, subscribers: receivers,
                texts: texts, window: window, rate: rate, seconds: seconds)
            reports.append(
                GatewayReport(
                    outcomes: await load.run(), options: self, proto: run, serverRSS: serverPID.flatMap { peakResidentKiB(pid: $0) },
                    generatorRSS: peakResidentKiB(pid: "self")))
        }
        if reports.count == 2 {
            let comparison = ProtocolComparison(ws: reports[0], socketIO: reports[1])
            print(json ? jsonLine(comparison) : comparison.text)
        } else {
            print(json ? jsonLine(reports[0]) : reports[0].text)
        }
    }

    private func makeSigner() async throws -> TokenSigner {
        do {
            if let secret { return TokenSigner(secret: try TokenSecret(text: secret)) }
            if let secretFile { return TokenSigner(secret: try TokenSecret(contentsOfFile: secretFile)) }
            return TokenSigner(keys: try await Self.keptKeys(tokenDB ?? ""))
        } catch let error as AuthConfigError {
            throw ValidationError(error.description)
        } catch let error as TokenKeyError {
            throw ValidationError("\(error); or pass --secret HEX")
        }
    }

    /// The signing keys a gateway keeps in its database (a file, read-only, or a PostgreSQL URL): tokens are minted
    /// with the newest, as `modgate token issue` does.
    private static func keptKeys(_ db: String) async throws -> TokenKeys {
        guard StoreLocation.isPostgres(db) else {
            guard FileManager.default.fileExists(atPath: db) else {
                throw ValidationError("no database at '\(db)'; start 'modgate serve --db \(db)' first")
            }
            return try await TokenKeyLoader(given: nil, store: try await Store(path: db, options: StoreOptions(readOnly: true))).load()
        }
        let store = try await PostgresStore.open(url: db, options: PostgresStoreOptions(poolSize: 1), logger: Logger(label: "modgate.bench"))
        do {
            let keys = try await TokenKeyLoader(given: nil, store: store).load()
            try await store.close()
            return keys
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// The WebSocket URL to dial: loopback only; /v1/ws when no path is given, Socket.IO's path for `socketio`.
    static func endpoint(_ text: String, _ proto: LoadProtocol) throws -> String {
        guard let url = URL(string: text), url.scheme == "ws", let host = url.host else {
            throw ValidationError("--url must be a ws:// address such as ws://127.0.0.1:8080")
        }
        guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
            throw ValidationError("the load generator only dials loopback; use --url ws://127.0.0.1:PORT")
        }
        guard proto == .ws else { return proto.url(base: "ws://\(host)" + (url.port.map { ":\($0)" } ?? "")) }
        return url.path.isEmpty || url.path == "/" ? proto.url(base: text.hasSuffix("/") ? String(text.dropLast()) : text) : text
    }

    /// `text` as a JSON string literal, quotes included.
    static func jsonString(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
