import HTTPTypes
import OpenAPIRuntime

/// Hands the generated code a request as the admin API has always read it: an empty body is no body (the Hummingbird
/// transport passes an empty one, which the JSON decoder would refuse), and `Accept` is not consulted, as every answer
/// is JSON (the runtime would fail a request that does not accept it with a bare 500), nor is `Content-Type`, as every
/// body is JSON (`curl -d` sends form-urlencoded). `OpenAPIAdapter` has already bounded the body by the frame limit.
struct RequestNormalizer: ServerMiddleware {
    let limit: Int

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields[.accept] = nil
        guard let body else { return try await next(request, nil, metadata) }
        let bytes = try await [UInt8](collecting: body, upTo: limit)
        guard !bytes.isEmpty else { return try await next(request, nil, metadata) }
        request.headerFields[.contentType] = "application/json"
        return try await next(request, HTTPBody(bytes), metadata)
    }
}
