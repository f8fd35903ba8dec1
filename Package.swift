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
        // Naive Bayes spam scoring: training, evaluation, online learning and the spam stage.
        .target(name: "ModGateSpam", dependencies: ["ModGateCore", "ModGateText"], swiftSettings: swiftSettings),
        // The rest of the chain: rate limits, flood and raid detection, reputation, and the chain's config file.
        .target(
            name: "ModGateChain",
            dependencies: [
                "ModGateCore", "ModGateRegex", "ModGateRules", "ModGateSpam", "ModGateText",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "modgate",
            dependencies: [
                "ModGateCore", "ModGateRules", "ModGateRegex", "ModGateText", "ModGateSpam", "ModGateChain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ModGateRegexTests", dependencies: ["ModGateRegex"], swiftSettings: swiftSettings),
        .testTarget(name: "ModGateTextTests", dependencies: ["ModGateText"], swiftSettings: swiftSettings),
        .testTarget(name: "ModGateCoreTests", dependencies: ["ModGateCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ModGateRulesTests",
            dependencies: ["ModGateRules", "ModGateCore", "ModGateText"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ModGateSpamTests", dependencies: ["ModGateSpam"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ModGateChainTests", dependencies: ["ModGateChain", "ModGateCore", "ModGateRules"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ModGateCLITests", dependencies: ["modgate"], swiftSettings: swiftSettings),
    ],
    cxxLanguageStandard: .cxx17
)
