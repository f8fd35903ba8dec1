import Crypto
import Foundation
import ModGateTestSupport
import Testing

/// The committed code in Sources/ModGateAPI/Generated was made from the document and config as they are now, by the
/// generator version scripts/openapi-generator names (`make generate` writes the stamp this reads).
@Suite
struct OpenAPIGeneratedTests {
    @Test func theGeneratedCodeIsFromTheDocumentAsItIs() throws {
        let api = packageRoot.appendingPathComponent("Sources/ModGateAPI")
        var hash = SHA256()
        for file in ["openapi.yaml", "openapi-generator-config.yaml"] {
            hash.update(data: try Data(contentsOf: api.appendingPathComponent(file)))
        }
        let digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
        let stamp = try String(contentsOf: api.appendingPathComponent("Generated/openapi.stamp"), encoding: .utf8)
        let generator = try String(
            contentsOf: packageRoot.appendingPathComponent("scripts/openapi-generator/Package.swift"), encoding: .utf8)
        let version = stamp.split(separator: "\n").first?.split(separator: " ").last.map(String.init) ?? "?"
        #expect(stamp.contains("sha256 \(digest)\n"), "openapi.yaml or its generator config changed since the code was generated: run make generate")
        #expect(generator.contains(#"exact: "\#(version)""#), "the generator is no longer \(version): run make generate")
    }
}
