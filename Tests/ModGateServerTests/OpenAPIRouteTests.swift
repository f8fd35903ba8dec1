import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ModGateTestSupport
import Testing

/// `GET /openapi.yaml`: the document in the repository, byte for byte, for anyone.
@Suite(.timeLimit(.minutes(1)))
struct OpenAPIRouteTests {
    @Test func theDocumentIsServedWithoutATokenAsYAML() async throws {
        let file = try Data(contentsOf: packageRoot.appendingPathComponent("Sources/ModGateAPI/openapi.yaml"))
        try await GatewayHarness.quiet().run { session in
            let response = try await session.request("/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/yaml")
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(Data(response.body.readableBytesView) == file)
        }
    }
}
