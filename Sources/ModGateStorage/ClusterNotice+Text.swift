/// The notices' text: fields separated by a control character that names, numbers and reasons never contain
/// (room names and users are bounded and checked where they enter; a reason's control characters are dropped).
extension ClusterMessage {
    private static let separator: Character = "\u{1F}"

    /// The text of a `.committed` notice from `node` for `room` up to its numbers, for a store that numbers messages
    /// in SQL: the notice is this, the first number, ``numberSeparator``, and the last.
    public static func committedPrefix(node: String, room: String) -> String {
        [node, "c", room, ""].joined(separator: String(separator))
    }

    /// What separates a `.committed` notice's numbers.
    public static let numberSeparator = String(separator)

    /// `NODE␟KIND␟FIELDS...`.
    public var text: String {
        let fields: [String] =
            switch notice {
            case .committed(let room, let first, let last): ["c", room, String(first), String(last)]
            case .removed(let room, let id): ["r", room, String(id)]
            case .shadowed(let id): ["v", String(id)]
            case .rejected(let id, let reason): ["j", String(id)] + (reason.map { [Self.clean($0)] } ?? [])
            case .sanctioned(let user, let banned): ["s", user, banned ? "1" : "0"]
            case .revoked(let revocation): ["t", revocation.row.kind, revocation.row.subject, "\(revocation.time)"]
            case .tokenKeysChanged: ["keys"]
            case .rulesReloaded: ["rules"]
            case .spamModelChanged: ["spam"]
            case .call(let call): ["k", call.kind.rawValue, call.callID, call.to ?? "", call.user, call.callee, call.room, call.text]
            }
        return ([node] + fields).joined(separator: String(Self.separator))
    }

    /// Parses `text`; nil when it is not a notice of this version (another version of ModGate on the channel).
    public init?(text: String) {
        let parts = text.split(separator: Self.separator, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        let fields = parts.dropFirst(2)
        let notice: ClusterNotice
        switch (parts[1], fields.count) {
        case ("c", 3):
            guard let first = Int64(parts[3]), let last = Int64(parts[4]), first > 0, first <= last else { return nil }
            notice = .committed(room: parts[2], first: first, last: last)
        case ("r", 2):
            guard let id = Int64(parts[3]) else { return nil }
            notice = .removed(room: parts[2], id: id)
        case ("v", 1):
            guard let id = Int64(parts[2]) else { return nil }
            notice = .shadowed(id: id)
        case ("j", 1), ("j", 2):
            guard let id = Int64(parts[2]) else { return nil }
            notice = .rejected(id: id, reason: fields.count == 2 ? parts[3] : nil)
        case ("s", 2):
            guard ["0", "1"].contains(parts[3]) else { return nil }
            notice = .sanctioned(user: parts[2], banned: parts[3] == "1")
        case ("t", 3):
            guard let at = Double(parts[4]), at.isFinite, !parts[3].isEmpty,
                let revocation = Revocation(kind: parts[2], subject: parts[3], at: at)
            else { return nil }
            notice = .revoked(revocation)
        case ("keys", 0): notice = .tokenKeysChanged
        case ("rules", 0): notice = .rulesReloaded
        case ("spam", 0): notice = .spamModelChanged
        case ("k", 7):
            guard let kind = CallNotice.Kind(rawValue: parts[2]) else { return nil }
            notice = .call(
                CallNotice(
                    kind, callID: parts[3], to: parts[4].isEmpty ? nil : parts[4], user: parts[5], callee: parts[6], room: parts[7],
                    text: parts[8]))
        default: return nil
        }
        self.init(node: parts[0], notice: notice)
    }

    /// A reason without the separator, at most 2,000 bytes, so the notice stays far below PostgreSQL's limit.
    private static func clean(_ reason: String) -> String {
        var kept = ""
        for scalar in reason.unicodeScalars where scalar != "\u{1F}" {
            guard kept.utf8.count + String(scalar).utf8.count <= 2000 else { break }
            kept.unicodeScalars.append(scalar)
        }
        return kept
    }
}
