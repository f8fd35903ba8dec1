/// The OpenAPI 3.1 document of the gateway's HTTP API (`openapi.yaml` beside this file), as the gateway serves it at
/// `GET /openapi.yaml`.
public enum OpenAPIDocument {
    /// The document's bytes, compiled into the binary.
    public static let yaml: [UInt8] = PackageResources.openapi_yaml
    public static let path = "/openapi.yaml"
    public static let contentType = "application/yaml"
}
