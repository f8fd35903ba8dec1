import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPTypes
import ModGateAPI
import ModGateAuth
import NIOCore
import NIOPosix
import NIOSSL
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import Synchronization

/// Something a moderator can act on, with the exit status the command ends with.
struct AdminError: Error, CustomStringConvertible, Equatable {
    enum Kind: Equatable {
        /// The gateway could not be reached, or answered with something that is not the admin API.
        case unreachable
        /// No token, a refused token, or a role too low.
        case token
        /// 404 for the thing asked about.
        case notFound
        /// 409: claimed or already decided by someone else.
        case conflict
        /// 400 and 422: the gateway refused the request.
        case refused
        /// 5xx.
        case server
    }

    var kind: Kind
    var message: String
    /// The error's `code` from the gateway's body, when it sent one.
    var code: String?
    /// `problems` from the body (422 `rules_invalid`).
    var problems: [String] = []

    var description: String { message }
}

/// The error body read leniently: the generated `Components.Schemas._Error` knows only this version's codes, and a
/// newer gateway's code must still show its message.
private struct ErrorBody: Decodable {
    var code: String?
    var message: String?
    var problems: [String]?
}

/// The admin API's client: the `Client` that `make generate` makes from openapi.yaml, over AsyncHTTPClient, with the
/// bearer token, a timeout, and errors that say what to do.
struct AdminClient: Sendable {
    /// The gateway's base URL as the user gave it, without a trailing slash.
    let server: String
    let token: String
    let api: Client

    init(server: String, token: String, timeout: Double = 10, http: HTTPClient = .shared) {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        self.server = base
        self.token = token
        let transport = AsyncHTTPClientTransport(configuration: .init(client: http, timeout: .milliseconds(Int64(timeout * 1000))))
        api = Client(
            serverURL: URL(string: base) ?? URL(string: "http://127.0.0.1")!, transport: transport,
            middlewares: [AnswerMiddleware(server: base, token: token)])
    }

    /// Runs one call of the generated client; a refused request, an unreachable gateway or an answer this modgate
    /// cannot read becomes an `AdminError`, with `notFound` as the message of a 404.
    func call<T>(notFound: String? = nil, _ body: (Client) async throws -> T) async throws -> T {
        do {
            return try await body(api)
        } catch let error as ClientError {
            if var refused = error.underlyingError as? AdminError {
                if refused.kind == .notFound, let notFound { refused.message = notFound }
                throw refused
            }
            if error.response == nil {
                throw AdminError(
                    kind: .unreachable,
                    message: "cannot reach the gateway at \(server) (\(Self.reason(error.underlyingError))): is `modgate serve` running? set --server or MODGATE_URL")
            }
            throw unreadable(error.underlyingError)
        } catch let error as AdminError {
            throw error
        } catch {
            throw unreadable(error)
        }
    }

    /// Like `call`, and also the answer's bytes as the gateway sent them (for `--json` and `audit export`).
    func callKeepingBytes<T>(notFound: String? = nil, _ body: (Client) async throws -> T) async throws -> (T, Data) {
        let answer = AnswerBytes()
        let value = try await AnswerMiddleware.$bytes.withValue(answer) { try await call(notFound: notFound, body) }
        return (value, answer.data)
    }

    private func unreadable(_ error: any Error) -> AdminError {
        AdminError(
            kind: .server,
            message: "the gateway at \(server) answered something this modgate cannot read (\(Self.describe(error))); are both the same version?")
    }

    /// The error for a non-2xx answer.
    static func error(status: Int, body: Data, path: String, server: String, token: String, notFound: String?) -> AdminError {
        let parsed = try? JSONDecoder().decode(ErrorBody.self, from: body)
        let said = parsed?.message ?? String(decoding: body.prefix(300), as: UTF8.self)
        switch status {
        case 401:
            return AdminError(
                kind: .token, message: "the gateway refused the token: \(said) (get one with: modgate token issue --user you --role moderator)",
                code: parsed?.code)
        case 403:
            if let role = tokenRole(token) {
                return AdminError(kind: .token, message: "your token's role is \(role); moderators need --role moderator", code: parsed?.code)
            }
            return AdminError(kind: .token, message: said, code: parsed?.code)
        case 404:
            // A 404 without the API's error body means the route itself is missing.
            guard parsed?.code != nil else {
                return AdminError(
                    kind: .unreachable,
                    message: "the gateway at \(server) has no \(path.split(separator: "?")[0]) route: is it an older modgate?", code: nil)
            }
            return AdminError(kind: .notFound, message: notFound ?? said, code: parsed?.code)
        case 409:
            return AdminError(kind: .conflict, message: said, code: parsed?.code)
        case 400, 413, 422:
            return AdminError(kind: .refused, message: said, code: parsed?.code, problems: parsed?.problems ?? [])
        default:
            return AdminError(kind: .server, message: "the gateway failed (HTTP \(status)): \(said)", code: parsed?.code)
        }
    }

    /// The `role` claim of a JWT, read without checking the signature (only to word an error).
    static func tokenRole(_ token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var payload = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        guard let data = Data(base64Encoded: payload),
            let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return claims["role"] as? String ?? "member"
    }

    /// Why a request failed, in a few words.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout: return "no answer in time"
            case .remoteConnectionClosed: return "connection closed"
            case .invalidURL: return "not an http or https URL"
            default: return describe(error)
            }
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty { return "unknown host" }
            return error.connectionErrors.first.map { reason($0.error) } ?? describe(error)
        case let error as IOError where error.errnoCode == ECONNREFUSED: return "connection refused"
        case let error as IOError where error.errnoCode == ETIMEDOUT: return "no answer in time"
        case ChannelError.connectTimeout: return "no answer in time"
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError: return "TLS failed: " + tlsReason(error)
        case is SocketAddressError: return "unknown host"
        default: return describe(error)
        }
    }

    /// What a failed TLS handshake means for the moderator.
    static func tlsReason(_ error: any Error) -> String {
        let said = describe(error)
        if said.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the gateway's certificate is not trusted; --cacert FILE names the CA that signed it"
        }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return "the gateway's certificate does not name the host in --server"
        }
        return said
    }

    static func describe(_ error: any Error) -> String {
        (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
    }
}

/// Where `AnswerMiddleware` leaves the bytes of a 2xx answer.
final class AnswerBytes: Sendable {
    private let stored = Mutex(Data())

    var data: Data {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}

/// Sends the token, and reads each answer whole: a non-2xx one becomes the `AdminError` its status and body say, a
/// 2xx one goes on to the generated decoder (and to `bytes`, when a caller asked for them).
struct AnswerMiddleware: ClientMiddleware {
    /// The most an answer may hold: 1000 audit entries with long reasons fit many times over.
    static let limit = 64 << 20
    @TaskLocal static var bytes: AnswerBytes?

    let server: String
    let token: String

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields[.authorization] = "Bearer \(token)"
        let (response, answer) = try await next(request, body, baseURL)
        var data = Data()
        if let answer { data = try await Data(collecting: answer, upTo: Self.limit) }
        guard (200..<300).contains(response.status.code) else {
            throw AdminClient.error(
                status: response.status.code, body: data, path: request.path ?? "", server: server, token: token, notFound: nil)
        }
        Self.bytes?.data = data
        return (response, HTTPBody(data))
    }
}

/// Runs an admin command's body: an `AdminError` becomes "error: ..." on standard error and exit 2.
func admin(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as AdminError {
        throw ValidationError(error.message)
    }
}

extension ServerOptions {
    /// Runs an admin command's body with a client for the gateway, shut down afterwards; an `AdminError` becomes
    /// "error: ..." on standard error and exit 2.
    func withClient(_ body: (AdminClient) async throws -> Void) async throws {
        try await admin {
            let (url, token) = try target()
            let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: try httpConfiguration())
            do {
                try await body(AdminClient(server: url, token: token, http: http))
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    /// Fails at once when the gateway refuses connections (no retries until a timeout), bounded by 10 s, trusting the
    /// `--cacert` CA besides the system's.
    func httpConfiguration() throws -> HTTPClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let cacert {
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(cacert))]
            } catch {
                throw AdminError(kind: .unreachable, message: "--cacert '\(cacert)' holds no PEM certificate: pass the CA that signed the gateway's certificate")
            }
        }
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.retryConnectionEstablishment = false
        return HTTPClient.Configuration(
            tlsConfiguration: tls, timeout: .init(connect: .seconds(10), read: .seconds(10)), connectionPool: pool)
    }
}

extension AdminClient {
    /// Runs `request`, an admin's: a 403 `token_forbidden_role` says that `what` needs an admin token.
    func asAdmin<T>(_ what: String, _ request: () async throws -> T) async throws -> T {
        do {
            return try await request()
        } catch let error as AdminError where error.code == AuthError.Code.forbidden.rawValue {
            let role = Self.tokenRole(token) ?? "not admin"
            throw AdminError(kind: .token, message: "your token's role is \(role); \(what) needs --role admin", code: error.code)
        }
    }
}
