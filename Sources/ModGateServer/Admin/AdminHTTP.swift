import Foundation
import HTTPTypes
import Hummingbird
import ModGateAuth
import ModGateCore
import ModGateRules
import ModGateStorage

/// Lets a request through to the admin routes only with a moderator or admin token: a member gets 403.
struct ModeratorOnly: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            try context.requireIdentity().require(.moderator)
        } catch let error as AuthError {
            throw APIError(error)
        }
        return try await next(request, context)
    }
}

/// Reading admin requests and writing their answers.
enum AdminHTTP {
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message: message) }

    /// A store failure as the admin API answers it: 404, 409 or 503 with a stable code.
    static func apiError(_ error: StoreError) -> APIError {
        switch error.code {
        case .notFound: APIError(.notFound, code: "not_found", message: error.message)
        case .alreadyDecided: APIError(.conflict, code: "already_decided", message: error.message)
        case .claimed: APIError(.conflict, code: "claimed", message: error.message)
        case .wrongStatus: APIError(.conflict, code: "wrong_status", message: error.message)
        case .keyInUse: APIError(.conflict, code: "key_in_use", message: error.message)
        case .tooManyKeys: APIError(.conflict, code: "too_many_keys", message: error.message)
        case .writerStopped, .full, .busy, .ioFailure: APIError(.serviceUnavailable, code: "unavailable", message: error.message)
        case .incompatibleSchema, .auditKey, .unsafePermissions, .databaseFailed:
            APIError(.internalServerError, code: "store_failed", message: error.message)
        }
    }

    /// Runs a store operation, turning its failures into API errors.
    static func store<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as StoreError {
            throw apiError(error)
        }
    }

    /// A message id from the path: a positive number.
    static func messageID(_ id: Int64) throws -> Int64 {
        guard id > 0 else { throw badRequest("the message id must be a positive whole number") }
        return id
    }

    /// A user id from the path, checked as `UserID` says.
    static func userID(_ user: String) throws -> String {
        if let problem = UserID.problem(user) { throw badRequest(problem) }
        return user
    }

    /// Seconds for a duration such as `10m` (`DurationText`: at most 365d). - Parameter name: the field, for the error.
    static func duration(_ text: String, _ name: String) throws -> Double {
        do {
            return try DurationText.seconds(text, for: name)
        } catch {
            throw badRequest(error.message)
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: ServerFrame.encode(value))))
    }
}

/// A reload refused because the rules do not load: 422 `rules_invalid`, every problem as `file:line:column: message`.
struct RulesInvalid: HTTPResponseError {
    var error: RulesError

    var status: HTTPResponse.Status { .unprocessableContent }

    private struct Body: Encodable {
        var op = "error"
        var code = "rules_invalid"
        var message: String
        var problems: [String]
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let count = error.problems.count
        let body = Body(
            message: "the rules have \(count) problem\(count == 1 ? "" : "s"); the rules in force stay in force",
            problems: error.problems.map(\.description))
        return AdminHTTP.json(body, status: status)
    }
}
