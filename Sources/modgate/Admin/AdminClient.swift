import ArgumentParser
import Foundation
import ModGateAuth

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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

/// `{"op":"error","code":...,"message":...}`, plus `problems` for a rules reload.
private struct ErrorBody: Decodable {
    var code: String?
    var message: String?
    var problems: [String]?
}

/// A small HTTP client for `/v1/admin`: bearer token, JSON bodies, a timeout, and errors that say what to do.
struct AdminClient: Sendable {
    /// The gateway's base URL as the user gave it, without a trailing slash.
    let server: String
    let token: String
    let timeout: Double

    init(server: String, token: String, timeout: Double = 10) {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        self.server = base
        self.token = token
        self.timeout = timeout
    }

    /// GET `path` with the query items that are not nil.
    func get(_ path: String, query: [(String, String?)] = [], notFound: String? = nil) async throws -> Data {
        var components = URLComponents(string: server + path)
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        if !items.isEmpty { components?.queryItems = items }
        return try await send("GET", components?.url, path: path, body: nil, notFound: notFound)
    }

    /// POST `path` with a JSON object body (nil for none).
    func post(_ path: String, body: [String: any Sendable]? = nil, notFound: String? = nil) async throws -> Data {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        return try await send("POST", URL(string: server + path), path: path, body: data ?? Data("{}".utf8), notFound: notFound)
    }

    /// Decodes an answer, or says the gateway answered something this modgate does not understand.
    func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw AdminError(
                kind: .server,
                message: "the gateway at \(server) answered something this modgate cannot read (\(Self.describe(error))); are both the same version?")
        }
    }

    private func send(_ method: String, _ url: URL?, path: String, body: Data?, notFound: String?) async throws -> Data {
        guard let url else {
            throw AdminError(kind: .unreachable, message: "'\(server)' is not a URL: set --server or MODGATE_URL to one like http://127.0.0.1:8080")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw AdminError(
                kind: .unreachable,
                message: "cannot reach the gateway at \(server) (\(Self.reason(error))): is `modgate serve` running? set --server or MODGATE_URL")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if (200..<300).contains(status) { return data }
        throw Self.error(status: status, body: data, path: path, server: server, token: token, notFound: notFound)
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
        guard let error = error as? URLError else { return describe(error) }
        switch error.code {
        case .cannotConnectToHost: return "connection refused"
        case .timedOut: return "no answer in time"
        case .cannotFindHost, .dnsLookupFailed: return "unknown host"
        case .networkConnectionLost: return "connection closed"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return "TLS failed"
        case .unsupportedURL: return "not an http or https URL"
        default: return describe(error)
        }
    }

    static func describe(_ error: any Error) -> String {
        (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
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
