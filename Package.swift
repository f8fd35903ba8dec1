// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "modgate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "modgate", targets: ["modgate"]),
        .library(name: "ModGateCore", targets: ["ModGateCore"]),
        .library(name: "ModGateRules", targets: ["ModGateRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64", from: "1.2.0"),
    ],
    targets: [
        // Debian's libre2 behind a small extern "C" API (Swift cannot import re2::RE2 directly).
        .target(
            name: "CRE2",
            linkerSettings: [.linkedLibrary("re2")]
        ),
        // Swift types over CRE2: a compiled pattern and a pattern set.
        .target(name: "ModGateRegex", dependencies: ["CRE2"], swiftSettings: swiftSettings),
        // Text normalisation with a map back to the original text.
        .target(name: "ModGateText", swiftSettings: swiftSettings),
        // Messages, findings, verdicts, the stage protocol and the pipeline.
        .target(name: "ModGateCore", swiftSettings: swiftSettings),
        // Rules files: loading, checking, compiling into one RE2 set, and the rules stage.
        .target(
            name: "ModGateRules",
            dependencies: ["ModGateCore", "ModGateText", "ModGateRegex", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The default spam model's bytes (rules/spam-model.json), embedded at compile time.
        .target(name: "CSpamModel"),
        // Naive Bayes spam scoring: training, evaluation, online learning and the spam stage.
        .target(name: "ModGateSpam", dependencies: ["ModGateCore", "ModGateText", "CSpamModel"], swiftSettings: swiftSettings),
        // The default toxicity model's text (rules/toxicity-model.tsv), embedded at compile time.
        .target(name: "CToxicityModel"),
        // Toxicity scoring by category: the linear model over words, its training and the toxicity stage.
        .target(
            name: "ModGateToxicity", dependencies: ["ModGateCore", "ModGateText", "CToxicityModel"], swiftSettings: swiftSettings),
        // The rest of the chain: rate limits, flood and raid detection, reputation, and the chain's config file.
        .target(
            name: "ModGateChain",
            dependencies: [
                "ModGateCore", "ModGateJSON", "ModGateRegex", "ModGateRules", "ModGateSpam", "ModGateText", "ModGateToxicity",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // A strict one-pass JSON reader for flat objects: client frames, `check --jsonl` lines.
        .target(name: "ModGateJSON", swiftSettings: swiftSettings),
        // The wire protocol's client frames and the limits on what a client sends; plain Swift, no NIO.
        .target(name: "ModGateProtocol", dependencies: ["ModGateJSON"], swiftSettings: swiftSettings),
        // Signed tokens: HS256 JWTs carrying user id, role and expiry, read and written through jwt-kit.
        .target(
            name: "ModGateAuth",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
            ],
            swiftSettings: swiftSettings
        ),
        // What the gateway keeps, as protocols and the values they pass: messages with per-room sequence numbers
        // and group commit, review items, sanctions, the audit trail, settings. No database here.
        .target(
            name: "ModGateStorage",
            dependencies: [
                "ModGateCore", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The SQLite store behind ModGateStorage's protocols: a file, WAL, GRDB.
        .target(
            name: "ModGateStore",
            dependencies: [
                "ModGateCore", "ModGateStorage", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL store behind ModGateStorage's protocols: one database shared by several gateways, LISTEN/NOTIFY between them.
        .target(
            name: "ModGatePostgres",
            dependencies: [
                "ModGateCore", "ModGateStorage", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP API's contract: the OpenAPI document (openapi.yaml), embedded at compile time, and the admin API's
        // types, server code and client code that `make generate` makes from it (Generated/, committed).
        .target(
            name: "ModGateAPI", dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            exclude: ["openapi-generator-config.yaml", "Generated/openapi.stamp"], resources: [.embedInCode("openapi.yaml")],
            swiftSettings: swiftSettings),
        // The gateway: WebSocket and HTTP ingestion (plain, or TLS with a certificate SIGHUP reloads), the delivery hub,
        // metrics, the chat page and the service group.
        .target(
            name: "ModGateServer",
            dependencies: [
                "ModGateCore", "ModGateChain", "ModGateRules", "ModGateSpam", "ModGateStorage", "ModGateStore", "ModGatePostgres",
                "ModGateAuth", "ModGateProtocol", "ModGateAPI",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The chat page's files, compiled into the binary as byte arrays (`PackageResources`).
            resources: ["index.html", "page.js", "page.css", "page-icon.svg"].map { .embedInCode("Page/\($0)") },
            swiftSettings: swiftSettings
        ),
        // The command line. Its admin commands call ModGateAPI's generated client over AsyncHTTPClient, which (unlike
        // URLSession on Linux) can trust a private CA (`--cacert`).
        .executableTarget(
            name: "modgate",
            dependencies: [
                "ModGateCore", "ModGateRules", "ModGateRegex", "ModGateText", "ModGateSpam", "ModGateToxicity", "ModGateChain",
                "ModGateAuth", "ModGateStorage", "ModGateStore", "ModGatePostgres", "ModGateServer", "ModGateAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The fuzz harnesses' entry points: each feeds one input to a parser and checks what it returns.
        // `make fuzz` links them into the libFuzzer driver (`modgate-fuzz`, below); `swift test` replays their seeds.
        .target(
            name: "ModGateFuzz",
            dependencies: [
                "ModGateProtocol", "ModGateAuth", "ModGateRules", "ModGateChain", "ModGateText", "ModGateCore", "ModGateSpam",
                "ModGateToxicity", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared by the test targets: the `modgate` binary with a time limit, scratch folders, loopback ports.
        .target(
            name: "ModGateTestSupport",
            dependencies: [
                "ModGateStorage",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ModGateTestSupport",
            // The WebSocket client uses types that HummingbirdWSClient re-exports from NIO and HTTPTypes.
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .testTarget(name: "ModGateRegexTests", dependencies: ["ModGateRegex"], swiftSettings: swiftSettings),
        .testTarget(name: "ModGateTextTests", dependencies: ["ModGateText"], swiftSettings: swiftSettings),
        .testTarget(name: "ModGateCoreTests", dependencies: ["ModGateCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ModGateRulesTests",
            dependencies: ["ModGateRules", "ModGateCore", "ModGateText"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ModGateSpamTests", dependencies: ["ModGateSpam"], swiftSettings: swiftSettings),
        .testTarget(name: "ModGateToxicityTests", dependencies: ["ModGateToxicity", "ModGateCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ModGateChainTests", dependencies: ["ModGateChain", "ModGateCore", "ModGateRules", "ModGateToxicity", "ModGateTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ModGateAuthTests", dependencies: ["ModGateAuth"], swiftSettings: swiftSettings),
        .testTarget(name: "ModGateJSONTests", dependencies: ["ModGateJSON"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ModGateStoreTests", dependencies: ["ModGateStore", "ModGateStorage", "ModGateCore", "ModGateChain", "ModGateTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ModGatePostgresTests",
            dependencies: [
                "ModGatePostgres", "ModGateStorage", "ModGateCore", "ModGateTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ModGateStorageTests", dependencies: ["ModGateStorage"], swiftSettings: swiftSettings),
        .testTarget(name: "ModGateFuzzTests", dependencies: ["ModGateFuzz"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ModGateServerTests",
            dependencies: [
                "ModGateServer", "ModGateProtocol", "ModGateStorage", "ModGateStore", "ModGateAuth", "ModGateChain", "ModGateCore", "ModGateSpam", "ModGateTestSupport",
                "modgate",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // These tests use types that Hummingbird re-exports from NIO and HTTPTypes.
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "ModGateCLITests", dependencies: ["modgate", "ModGateAPI", "ModGateStorage", "ModGateStore", "ModGateTestSupport"], swiftSettings: swiftSettings),
    ],
    cxxLanguageStandard: .cxx17
)

// The libFuzzer driver, only in `make fuzz` builds (MODGATE_FUZZ=1, with -sanitize=fuzzer): a plain build
// has no libFuzzer to link. It depends on the harnesses alone, so the fuzz build skips NIO and the store.
if Context.environment["MODGATE_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .executableTarget(name: "modgate-fuzz", dependencies: ["CLibFuzzer", "ModGateFuzz"], path: "Fuzz/modgate-fuzz"),
    ]
}
