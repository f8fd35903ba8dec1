import Foundation
import Hummingbird
import ModGateAuth
import ModGateCore
import ModGateStorage

/// The HTTP side of the wire protocol: it mirrors the WebSocket ops.
struct Routes {
    let gateway: Gateway

    func add(to router: Router<GatewayContext>) {
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: gateway.metrics.exposition())))
        }
        router.post("/v1/rooms/:room/messages") { request, context in
            let identity = try context.requireIdentity()
            let room = try checkedRoom(context)
            let body: (text: String, cid: String?)
            do throws(ProtocolError) { body = try ClientFrame.sendBody(String(buffer: try await collect(request))) } catch { throw APIError(error) }
            let text = try checkedText(body.text)
            let cid: String?
            do throws(ProtocolError) { cid = try ClientFrame.checkedClientID(body.cid, limits: gateway.limits) } catch { throw APIError(error) }
            let ack: ServerFrame.Ack
            do {
                ack = try await gateway.send(room: room, text: text, cid: cid, user: identity.user, connection: nil)
            } catch let error as StoreError {
                throw APIError(notStored: error, cid: cid)
            }
            return json(ack, status: ack.status == "rejected" ? .unprocessableContent : .ok)
        }
        router.get("/v1/rooms/:room/messages") { request, context in
            let identity = try context.requireIdentity()
            let room = try checkedRoom(context)
            // A banned user reads nothing more, as their sockets close and new ones are refused.
            if try await gateway.sanctions.sanction(of: identity.user).banned {
                throw APIError(.forbidden, code: "user_banned", message: SessionEnd.banned.reason)
            }
            let since = try request.uri.queryParameters.get("since").map(parseCount) ?? 0
            let limit = try request.uri.queryParameters.get("limit").map(parseCount) ?? Int64(gateway.limits.maxPage)
            return json(try await gateway.history(room: room, since: since, limit: Int(clamping: limit)), status: .ok)
        }
        router.post("/v1/check") { request, context in
            try requireService(context)
            let body = try await decode(CheckBody.self, from: request)
            let user = try checkedAuthor(body.user)
            let room = try checkedRoom(body.room)
            let text = try checkedText(body.text)
            let verdict = await gateway.check(room: room, text: text, user: user, record: body.record ?? false)
            return json(VerdictReport(verdict, text: text), status: .ok)
        }
    }

    /// `{"text":...,"user":...,"room":...,"record":false}`: the author and room the backend asks about.
    private struct CheckBody: Decodable {
        var text: String
        var user: String?
        var room: String?
        /// Whether the check counts as the user's message for rate limits, floods and trust.
        var record: Bool?
    }

    /// Lets only a service or admin token through: a check judges as any user and shows every finding.
    private func requireService(_ context: GatewayContext) throws {
        do {
            try context.requireIdentity().require(.service)
        } catch let error as AuthError {
            throw APIError(error)
        }
    }

    /// The `user` of a check: the id of the message's author, as the chat backend knows it.
    private func checkedAuthor(_ user: String?) throws -> String {
        guard let user else {
            throw APIError(.badRequest, code: "bad_request", message: "'user' must name the message's author, as in {\"user\":\"alice\",\"room\":\"lobby\",\"text\":\"hi\"}")
        }
        if let problem = UserID.problem(user) { throw APIError(.badRequest, code: "bad_request", message: "'user': \(problem)") }
        return user
    }

    /// A body of at most `maxFrameBytes`.
    private func collect(_ request: Request) async throws(ProtocolError) -> ByteBuffer {
        let limit = gateway.limits.maxFrameBytes
        guard let buffer = try? await request.body.collect(upTo: limit) else {
            throw ProtocolError(.frameTooLarge, "bodies are limited to \(limit) bytes")
        }
        return buffer
    }

    /// Reads a JSON body of at most `maxFrameBytes`.
    private func decode<Body: Decodable>(_ type: Body.Type, from request: Request) async throws -> Body {
        let buffer: ByteBuffer
        do throws(ProtocolError) { buffer = try await collect(request) } catch { throw APIError(error) }
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError(.badRequest, code: ProtocolError.Code.malformed.rawValue, message: "the body must be a JSON object such as {\"text\":\"hi\"}")
        }
    }

    private func checkedRoom(_ context: GatewayContext) throws -> String {
        try checkedRoom(context.parameters.get("room"))
    }

    private func checkedRoom(_ room: String?) throws -> String {
        do {
            return try ClientFrame.checkedRoom(room, limits: gateway.limits)
        } catch {
            throw APIError(error)
        }
    }

    private func checkedText(_ text: String) throws -> String {
        guard !text.isEmpty else { throw APIError(.badRequest, code: "bad_request", message: "'text' must not be empty") }
        guard text.utf8.count <= gateway.limits.maxTextBytes else {
            throw APIError(ProtocolError(.textTooLong, "messages are limited to \(gateway.limits.maxTextBytes) bytes"))
        }
        return text
    }

    private func parseCount(_ text: String) throws -> Int64 {
        guard let value = Int64(text), value >= 0 else {
            throw APIError(.badRequest, code: "bad_request", message: "'since' and 'limit' are whole numbers, 0 or more")
        }
        return value
    }

    private func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: ServerFrame.encode(value))))
    }
}
