import HTTPTypes
import Hummingbird
import ModGateAPI

/// `GET /openapi.yaml`: the HTTP API's contract (Sources/ModGateAPI/openapi.yaml), for anyone, no token needed.
struct OpenAPIRoute {
    static let body = ByteBuffer(bytes: OpenAPIDocument.yaml)

    func add(to router: Router<GatewayContext>) {
        let headers: HTTPFields = [
            .contentType: OpenAPIDocument.contentType, .cacheControl: "no-cache", .xContentTypeOptions: "nosniff",
        ]
        router.get(RouterPath(OpenAPIDocument.path)) { _, _ in
            Response(status: .ok, headers: headers, body: .init(byteBuffer: Self.body))
        }
    }
}
