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
        case subscribeThrottled = "subscribe_throttled"
    }

    public var code: Code
    public var message: String
    /// Seconds after which the same frame would be taken, for a throttled one.
    public var retryAfter: Double?
    /// The `call_id` of a refused call frame, when it could be read, so that the client knows which call failed.
    public var callID: String?

    public init(_ code: Code, _ message: String, retryAfter: Double? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
