import HTTPTypes
import OpenAPIRuntime

/// Hands the generated code no body for a request whose body is empty, as the admin API has always read it (the
/// Hummingbird transport passes an empty body, which the JSON decoder would refuse). `OpenAPIAdapter` has already
/// bounded the body by the frame limit.
struct EmptyBodyIsNoBody: ServerMiddleware {
    let limit: Int

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body else { return try await next(request, nil, metadata) }
        let bytes = try await [UInt8](collecting: body, upTo: limit)
        return try await next(request, bytes.isEmpty ? nil : HTTPBody(bytes), metadata)
    }
}
