import Foundation
import HTTPTypes
import Hummingbird
import ModGateAuth
import ModGateStorage

/// An HTTP error with a stable code, sent as `{"op":"error","code":...,"message":...}`.
struct APIError: HTTPResponseError, CustomStringConvertible {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// The `cid` of the send this answers, for `not_stored`.
    var cid: String?

    init(_ status: HTTPResponse.Status, code: String, message: String, cid: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.cid = cid
    }

    init(_ error: AuthError) {
        self.init(.init(code: error.httpStatus), code: error.code.rawValue, message: error.message)
    }

    init(_ error: ProtocolError) {
        let status: HTTPResponse.Status = error.code == .frameTooLarge || error.code == .textTooLong ? .contentTooLarge : .badRequest
        self.init(status, code: error.code.rawValue, message: error.message)
    }

    /// A send the store failed to write: 503 when sending again may work (disk full, busy, I/O), else 500.
    init(notStored error: StoreError, cid: String?) {
        let failure = ServerFrame.Failure.notStored(error, cid: cid)
        self.init(error.isTransient ? .serviceUnavailable : .internalServerError, code: failure.code, message: failure.message, cid: cid)
    }

    var description: String { "\(status.code) \(code): \(message)" }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ServerFrame.encode(ServerFrame.Failure(code: code, message: message, cid: cid))
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
