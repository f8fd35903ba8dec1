/// A client frame or request the gateway refuses, with a stable code and a message that says what to do.
public struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case malformed = "malformed_frame"
        case frameTooLarge = "frame_too_large"
        case textTooLong = "text_too_long"
        case badRequest = "bad_request"
        case badRoom = "bad_room"
        case unknownOp = "unknown_op"
        case tooManySubscriptions = "too_many_subscriptions"
        case notSubscribed = "not_subscribed"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
