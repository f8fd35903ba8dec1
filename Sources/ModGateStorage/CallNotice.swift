/// A call's signalling between the gateways its parties are connected to: the caller's gateway (the call's home,
/// which audits it) and the callee's (docs/calls.md, "Clusters").
public struct CallNotice: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// From the home to every gateway: ring `callee` in `room` with `user`'s (the caller's) invite frame `text`.
        case invite
        /// From a gateway that rings the callee, to the home.
        case ringing
        /// A party's frame `text` from `user`, for the other party's gateway.
        case answer, candidates, hangup, reject
        /// The call ended on the sending gateway for reason `text`, by `user`: the other gateway ends it too.
        case end
    }

    public var kind: Kind
    public var callID: String
    /// The gateway it is for; nil: every gateway (an invite).
    public var to: String?
    /// Who sent it: the caller, the party whose frame it is, who ended the call.
    public var user: String
    /// The invite's callee and room; empty otherwise.
    public var callee: String
    public var room: String
    public var text: String

    public init(_ kind: Kind, callID: String, to: String?, user: String, callee: String = "", room: String = "", text: String = "") {
        self.kind = kind
        self.callID = callID
        self.to = to
        self.user = user
        self.callee = callee
        self.room = room
        self.text = text
    }
}
