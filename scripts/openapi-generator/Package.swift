// swift-tools-version: 6.1
// The swift-openapi-generator command that `make generate` runs on Sources/ModGateAPI/openapi.yaml; a package of its
// own, so that the gateway's build never builds the generator.
import PackageDescription

let package = Package(
    name: "openapi-generator",
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3")]
)
