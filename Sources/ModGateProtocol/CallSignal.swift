/// A call signalling frame (`{"op":"call","type":...}`): WebRTC's offer, answer, ICE candidates and hang-up,
/// relayed between two users as Matrix relays its VoIP events. Checked against its bounds when decoded.
public struct CallSignal: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case invite, answer, candidates, hangup, reject
    }

    /// A WebRTC session description, `{"type":"offer","sdp":"v=0..."}`.
    public struct Description: Codable, Sendable, Equatable {
        public var type: String
        public var sdp: String

        public init(type: String, sdp: String) {
            self.type = type
            self.sdp = sdp
        }
    }

    /// An ICE candidate as `RTCIceCandidate.toJSON()` gives it; an empty `candidate` ends the candidates.
    public struct Candidate: Codable, Sendable, Equatable {
        public var candidate: String
        public var sdpMid: String?
        public var sdpMLineIndex: Int?

        public init(candidate: String, sdpMid: String? = nil, sdpMLineIndex: Int? = nil) {
            self.candidate = candidate
            self.sdpMid = sdpMid
            self.sdpMLineIndex = sdpMLineIndex
        }
    }

    public var kind: Kind
    public var callID: String
    /// The invite's room.
    public var room: String?
    /// The invite's callee, as the caller names them.
    public var to: String?
    /// The invite's offer or the answer's answer.
    public var sdp: Description?
    public var candidates: [Candidate]
    /// How long, in milliseconds, the invite rings before it expires; nil: the gateway's default.
    public var lifetime: Int?
    /// Why the call was hung up.
    public var reason: String?

    public init(
        kind: Kind, callID: String, room: String? = nil, to: String? = nil, sdp: Description? = nil, candidates: [Candidate] = [],
        lifetime: Int? = nil, reason: String? = nil
    ) {
        self.kind = kind
        self.callID = callID
        self.room = room
        self.to = to
        self.sdp = sdp
        self.candidates = candidates
        self.lifetime = lifetime
        self.reason = reason
    }

    /// The bounds of what a client may put in a call frame.
    public enum Bounds {
        public static let maxCallIDBytes = 64
        public static let maxSDPBytes = 12 * 1024
        public static let maxCandidatesPerFrame = 32
        public static let maxCandidateBytes = 512
        public static let maxMidBytes = 32
        public static let maxLineIndex = 255
        public static let maxReasonBytes = 64
        /// The invite's ring time when it names none (and the gateway allows that long), in milliseconds.
        public static let defaultLifetime = 60_000
        public static let minLifetime = 1_000
    }
}

extension CallSignal {
    /// Checks the fields `kind` needs and their bounds, and keeps only those: another type's fields (an `sdp` on a
    /// hangup, a `reason` on a reject) are dropped, never relayed or audited unchecked.
    /// - Throws: `ProtocolError` saying which field and why.
    func checked(limits: Limits) throws(ProtocolError) -> CallSignal {
        try Self.checkName(callID, "call_id", max: Bounds.maxCallIDBytes, allowed: Self.isIDByte)
        var signal = CallSignal(kind: kind, callID: callID)
        switch kind {
        case .invite:
            signal.room = try ClientFrame.checkedRoom(room, limits: limits)
            guard let to, !to.isEmpty, to.utf8.count <= 128 else {
                throw ProtocolError(.badRequest, "'invite' needs 'to': the user id of the callee")
            }
            try Self.checkDescription(sdp, expected: "offer")
            if let lifetime, lifetime < Bounds.minLifetime {
                throw ProtocolError(.badRequest, "'lifetime' is in milliseconds, at least \(Bounds.minLifetime)")
            }
            (signal.to, signal.sdp, signal.lifetime) = (to, sdp, lifetime)
        case .answer:
            try Self.checkDescription(sdp, expected: "answer")
            signal.sdp = sdp
        case .candidates:
            guard !candidates.isEmpty, candidates.count <= Bounds.maxCandidatesPerFrame else {
                throw ProtocolError(.badRequest, "'candidates' takes 1 to \(Bounds.maxCandidatesPerFrame) candidates")
            }
            for candidate in candidates { try Self.check(candidate) }
            signal.candidates = candidates
        case .hangup:
            if let reason { try Self.checkName(reason, "reason", max: Bounds.maxReasonBytes, allowed: Self.isReasonByte) }
            signal.reason = reason ?? "user_hangup"
        case .reject:
            break
        }
        return signal
    }

    private static func checkDescription(_ description: Description?, expected: String) throws(ProtocolError) {
        guard let description, description.type == expected else {
            throw ProtocolError(.badRequest, "'sdp' must be the session description {\"type\":\"\(expected)\",\"sdp\":\"...\"}")
        }
        guard !description.sdp.isEmpty, description.sdp.utf8.count <= Bounds.maxSDPBytes else {
            throw ProtocolError(.badRequest, "'sdp.sdp' must be 1 to \(Bounds.maxSDPBytes) bytes")
        }
    }

    private static func check(_ candidate: Candidate) throws(ProtocolError) {
        guard candidate.candidate.utf8.count <= Bounds.maxCandidateBytes else {
            throw ProtocolError(.badRequest, "a candidate is at most \(Bounds.maxCandidateBytes) bytes")
        }
        if let mid = candidate.sdpMid, mid.utf8.count > Bounds.maxMidBytes {
            throw ProtocolError(.badRequest, "'sdpMid' is at most \(Bounds.maxMidBytes) bytes")
        }
        if let index = candidate.sdpMLineIndex, !(0...Bounds.maxLineIndex).contains(index) {
            throw ProtocolError(.badRequest, "'sdpMLineIndex' is 0 to \(Bounds.maxLineIndex)")
        }
    }

    private static func checkName(
        _ name: String, _ field: String, max: Int, allowed: (UInt8) -> Bool
    ) throws(ProtocolError) {
        guard !name.isEmpty, name.utf8.count <= max, name.utf8.allSatisfy(allowed) else {
            let what = field == "reason" ? "letters, digits or '_'" : "letters, digits, '.', '_' or '-'"
            throw ProtocolError(.badRequest, "'\(field)' is 1 to \(max) \(what)")
        }
    }

    private static func isReasonByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"):
            true
        default: false
        }
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        isReasonByte(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}
