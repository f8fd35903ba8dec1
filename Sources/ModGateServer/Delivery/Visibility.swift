import ModGateStorage
import NIOCore

/// Who sees a message, decided in one place for every path that changes what is shown: a group commit,
/// an approval, a rejection, a removal, a resume.
///
/// A delivered message goes to its room in sequence order (through the ``RoomSequencer``); a shadowed one to
/// its sender only; a held or rejected one to nobody, and the sender of a rejected one hears the decision
/// when the gateway tells senders; a removed one is retracted from its room. What this gateway shows, the
/// other gateways sharing its store show too: the store announces its changes (commits, shadowed messages,
/// removals) in their transactions, the ``Announcer`` a rejection's reason, and their cluster links call the
/// `show` methods.
public struct Visibility: Sendable {
    let bus: any RoomBus
    let sequencer: RoomSequencer
    /// Whether a rejected message's sender gets a `decision` frame.
    let tellSender: Bool
    let announce: Announcer

    /// What a group commit made visible: the delivered messages, to their rooms in commit order.
    func committed(_ messages: [StoredMessage]) {
        sequencer.publish(messages.compactMap(Self.delivery))
    }

    /// The acked message as its sender sees it: a shadowed message reaches the sender's own connections.
    func acked(_ message: StoredMessage) {
        guard message.status == .shadowed else { return }
        showShadowed(message)
    }

    /// An approved message goes to its room with the sequence number the approval gave it.
    func approved(_ message: StoredMessage) {
        sequencer.publish(Self.delivery(message).map { [$0] } ?? [])
    }

    /// A rejected message stays unseen; its sender is told why, when the gateway tells senders.
    func rejected(_ message: StoredMessage, reason: String?) async {
        showRejected(message, reason: reason)
        await announce(.rejected(id: message.id, reason: reason))
    }

    /// A removed message is retracted from every subscriber of its room.
    func removed(_ message: StoredMessage) {
        showRemoved(room: message.room, id: message.id)
    }

    func showShadowed(_ message: StoredMessage) {
        bus.send(toUser: message.user, room: message.room, frame: ServerFrame.encode(ServerFrame.Msg(message)))
    }

    func showRejected(_ message: StoredMessage, reason: String?) {
        guard tellSender else { return }
        let frame = Decision(id: message.id, room: message.room, status: "rejected", reason: reason ?? message.reason)
        bus.send(toUser: message.user, room: message.room, frame: ServerFrame.encode(frame))
    }

    func showRemoved(room: String, id: Int64) {
        bus.broadcast(room: room, frame: ServerFrame.encode(ServerFrame.Retract(room: room, id: id)))
    }

    /// The delivery of a visible message; nil for any other.
    static func delivery(_ message: StoredMessage) -> Delivery? {
        guard message.status == .delivered, let seq = message.seq else { return nil }
        return Delivery(room: message.room, seq: seq, id: message.id, frame: ByteBuffer(string: ServerFrame.encode(ServerFrame.Msg(message))))
    }

    /// The frame a resume sends for a stored message: `msg` for a delivered one, `retract` for a removed one.
    static func resumeFrame(_ message: StoredMessage) -> ByteBuffer {
        let text =
            message.status == .removed
            ? ServerFrame.encode(ServerFrame.Retract(room: message.room, id: message.id)) : ServerFrame.encode(ServerFrame.Msg(message))
        return ByteBuffer(string: text)
    }
}

/// What a rejected message's sender is told: `{"op":"decision","id":42,"room":"lobby","status":"rejected","reason":...}`.
struct Decision: Encodable {
    var op = "decision"
    var id: Int64
    var room: String
    var status: String
    var reason: String?
}
