import Hummingbird
import ModGateAuth
import OpenAPIRuntime

/// Runs in front of the generated admin routes (``AdminAPI``): bounds the body by the gateway's frame limit, lets only
/// admins reach the token routes, hands the handlers the caller, and answers the generated code's refusals the way
/// the rest of the API does (`{"op":"error",...}`, 400 for input it cannot decode; never the runtime's bare 500).
struct OpenAPIAdapter: RouterMiddleware {
    typealias Context = GatewayContext
    let bodyLimit: Int

    static let adminOnlyPrefix = "/v1/admin/tokens/"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let identity = try context.requireIdentity()
        if request.uri.path.hasPrefix(Self.adminOnlyPrefix) {
            do { try identity.require(.admin) } catch { throw APIError(error) }
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: bodyLimit)
        } catch {
            throw APIError(.contentTooLarge, code: "frame_too_large", message: "bodies are limited to \(bodyLimit) bytes")
        }
        do {
            return try await AdminCaller.$current.withValue(identity) { try await next(request, context) }
        } catch let error as ServerError {
            throw Self.refusal(error, hadBody: body.readableBytes > 0)
        }
    }

    /// The API error for a failure of the generated code: the handler's own refusal, or 400 for input it could not read.
    static func refusal(_ error: ServerError, hadBody: Bool) -> any Error {
        if let refusal = error.underlyingError as? any HTTPResponseError { return refusal }
        guard error.operationInput == nil else { return error }
        if hadBody {
            return APIError(
                .badRequest, code: "malformed_frame",
                message: "the body must be a JSON object as the API document (GET /openapi.yaml) describes (\(error.underlyingError))")
        }
        return AdminHTTP.badRequest("the request does not match the API document (GET /openapi.yaml): \(error.underlyingError)")
    }
}

/// The verified caller of the generated admin route being served, which its handler cannot read from the context.
enum AdminCaller {
    @TaskLocal static var current: Identity?

    /// The caller. - Throws: 401 outside a request that `OpenAPIAdapter` let through.
    static func identity() throws -> Identity {
        guard let current else { throw APIError(AuthError.missing) }
        return current
    }
}
