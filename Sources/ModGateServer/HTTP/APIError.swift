import Foundation
import HTTPTypes
import Hummingbird
import ModGateAuth

/// An HTTP error with a stable code, sent as `{"op":"error","code":...,"message":...}`.
struct APIError: HTTPResponseError, CustomStringConvertible {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    init(_ error: AuthError) {
        self.init(.init(code: error.httpStatus), code: error.code.rawValue, message: error.message)
    }

    init(_ error: ProtocolError) {
        let status: HTTPResponse.Status = error.code == .frameTooLarge || error.code == .textTooLong ? .contentTooLarge : .badRequest
        self.init(status, code: error.code.rawValue, message: error.message)
    }

    var description: String { "\(status.code) \(code): \(message)" }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ServerFrame.encode(ServerFrame.Failure(code: code, message: message))
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
