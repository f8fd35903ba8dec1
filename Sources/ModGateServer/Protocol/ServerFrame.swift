import Foundation

/// What the gateway sends on /v1/ws and in HTTP bodies, encoded once and shared by every subscriber.
public enum ServerFrame {
    /// The ack for a `send`, after the message is durable.
    public struct Ack: Encodable, Sendable, Equatable {
        public var op = "ack"
        public var cid: String?
        public var id: Int64?
        public var status: String
        public var reason: String?
        public var retryAfter: Double?

        private enum CodingKeys: String, CodingKey {
            case op, cid, id, status, reason
            case retryAfter = "retry_after"
        }
    }

    /// A visible message.
    public struct Msg: Codable, Sendable, Equatable {
        public var op = "msg"
        public var room: String
        public var seq: Int64?
        public var id: Int64
        public var user: String
        public var text: String
        public var ts: Double
    }

    /// A message removed after delivery.
    public struct Retract: Encodable, Sendable {
        public var op = "retract"
        public var room: String
        public var id: Int64
    }

    /// A refused frame or request.
    public struct Failure: Encodable, Sendable {
        public var op = "error"
        public var code: String
        public var message: String
        /// The `cid` of the send this answers, for `not_stored`.
        public var cid: String? = nil
        /// Seconds to wait before sending the refused frame again, for `subscribe_throttled`.
        public var retryAfter: Double? = nil
        /// The call a refused call frame was about.
        public var callID: String? = nil

        enum CodingKeys: String, CodingKey {
            case op, code, message, cid
            case retryAfter = "retry_after"
            case callID = "call_id"
        }
    }

    /// The answer to a call frame the gateway carried out.
    public struct CallAck: Encodable, Sendable {
        public var op = "ack"
        public var type: String
        public var callID: String
        public var status = "ok"

        enum CodingKeys: String, CodingKey {
            case op, type, status
            case callID = "call_id"
        }
    }

    /// Compact JSON text for a frame.
    public static func encode(_ frame: some Encodable) -> String {
        (try? encoder.encode(frame)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}
