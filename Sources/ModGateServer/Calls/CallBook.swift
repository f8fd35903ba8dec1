import ModGateChain
import ModGateCore

/// A call as the switchboard keeps it: its parties, the connections here that hear its frames, and the gateways
/// that hold the other party when it is connected elsewhere.
struct Call: Sendable {
    let id: String
    let room: String
    let caller: String
    let callee: String
    /// The caller's connection; nil on the callee's gateway when the caller is on another (`callerNode`).
    let callerConnection: BusConnection?
    let callerNode: String?
    /// The callee's connections here the invite rings; after the answer, the one that answered.
    var calleeConnections: [BusConnection]
    /// On the caller's gateway, for a callee elsewhere: the gateways that ring the callee; after the answer, the one
    /// that answered.
    var calleeNodes: [String] = []
    /// Whether the invite went to the other gateways (no connection of the callee here).
    var calleeElsewhere = false
    let invited: Double
    var answered: Double? = nil
    /// When an unanswered invite stops ringing.
    let expires: Double
    var callerCandidates = 0
    var calleeCandidates = 0

    var subject: String { "call:\(id)" }
    /// The call's home is the caller's gateway: it audits the call and counts how it ended.
    var isHome: Bool { callerConnection != nil }
    var connections: [BusConnection] { (callerConnection.map { [$0] } ?? []) + calleeConnections }
    /// The gateways of the other party, when it is not here.
    var remoteNodes: [String] { callerNode.map { [$0] } ?? calleeNodes }
    /// Where a frame for the other party goes when it is not here: its gateways, or every gateway (nil) while none
    /// has said it rings the callee (the invite went to all, and each gateway applies notices in order).
    var remoteTargets: [String?] {
        calleeElsewhere && calleeNodes.isEmpty && answered == nil ? [nil] : remoteNodes
    }

    func isCaller(_ connection: BusConnection) -> Bool { callerConnection === connection }

    func isParty(_ connection: BusConnection) -> Bool { connections.contains { $0 === connection } }
}

/// The switchboard's state, changed under its lock: the calls, how many each user is in, and the invite rates.
/// Every method decides at once, without waiting; what it returns is sent and audited outside the lock.
struct CallBook {
    private(set) var calls: [String: Call] = [:]
    private var callsPerUser: [String: Int] = [:]
    private var userInvites: RateTable
    private var roomInvites: RateTable
    private let maxPerUser: Int

    /// The most candidates one party may send in one call.
    static let maxCandidatesPerParty = 256

    init(settings: CallSettings) {
        maxPerUser = settings.maxPerUser
        userInvites = RateTable(GCRA(count: settings.userInvites, period: settings.userPeriod, burst: settings.userInvites))
        roomInvites = RateTable(GCRA(count: settings.roomInvites, period: settings.roomPeriod, burst: settings.roomInvites))
    }

    /// Places `call`, ringing, unless its id is taken, a party is in too many calls, or an invite rate is spent.
    /// A call rung here for a caller on another gateway (`rated: false`) was rate-limited there.
    mutating func open(_ call: Call, at time: Double, rated: Bool = true) throws(CallRefusal) {
        guard calls[call.id] == nil else { throw CallRefusal("call_exists", "call \(call.id) is already up; pick a new call_id") }
        guard callsPerUser[call.caller, default: 0] < maxPerUser else {
            throw CallRefusal("too_many_calls", "you are in \(maxPerUser) calls already; hang one up first")
        }
        guard callsPerUser[call.callee, default: 0] < maxPerUser else {
            throw CallRefusal("callee_busy", "\(call.callee) is busy in other calls; try again later")
        }
        if rated {
            let userNext = try userInvites.next(call.caller, at: time, "you have sent too many call invites")
            let roomNext = try roomInvites.next(call.room, at: time, "too many calls were started in \(call.room)")
            userInvites.keep(call.caller, userNext, at: time)
            roomInvites.keep(call.room, roomNext, at: time)
        }
        calls[call.id] = call
        for user in [call.caller, call.callee] { callsPerUser[user, default: 0] += 1 }
    }

    /// The callee answers on `connection`: the call is theirs there; returns it and the connections that stop ringing.
    mutating func answer(_ id: String, on connection: BusConnection, at time: Double) throws(CallRefusal) -> (Call, [BusConnection]) {
        guard var call = calls[id], call.isParty(connection), !call.isCaller(connection) else { throw Self.unknown(id) }
        guard call.answered == nil else { throw CallRefusal("call_state", "call \(id) is answered already") }
        let others = call.calleeConnections.filter { $0 !== connection }
        call.answered = time
        call.calleeConnections = [connection]
        calls[id] = call
        return (call, others)
    }

    /// Counts `count` candidates from `connection`'s party; returns the call and the other party's connections here.
    mutating func countCandidates(_ count: Int, in id: String, from connection: BusConnection) throws(CallRefusal)
        -> (Call, [BusConnection])
    {
        guard var call = calls[id], call.isParty(connection) else { throw Self.unknown(id) }
        let fromCaller = call.isCaller(connection)
        let sent = (fromCaller ? call.callerCandidates : call.calleeCandidates) + count
        guard sent <= Self.maxCandidatesPerParty else {
            throw CallRefusal("bad_request", "one party sends at most \(Self.maxCandidatesPerParty) candidates in a call")
        }
        if fromCaller { call.callerCandidates = sent } else { call.calleeCandidates = sent }
        calls[id] = call
        return (call, fromCaller ? call.calleeConnections : call.callerConnection.map { [$0] } ?? [])
    }

    /// A party hangs up, or the callee rejects a ringing call: the call ends. Returns it and its outcome.
    mutating func hangUp(_ id: String, rejecting: Bool, from connection: BusConnection) throws(CallRefusal) -> (Call, String) {
        guard let call = calls[id], call.isParty(connection) else { throw Self.unknown(id) }
        let fromCaller = call.isCaller(connection)
        if rejecting, fromCaller || call.answered != nil {
            throw CallRefusal("call_state", "only the callee rejects, and only before answering; hang up instead")
        }
        remove(call)
        return (call, Self.outcome(rejecting: rejecting, answered: call.answered != nil, byCaller: fromCaller))
    }

    /// How a call a party ended ended.
    static func outcome(rejecting: Bool, answered: Bool, byCaller: Bool) -> String {
        if rejecting { return "rejected" }
        if answered { return "completed" }
        return byCaller ? "cancelled" : "rejected"
    }

    // MARK: - The other gateway's side

    /// Gateway `node` rings the callee of call `id`, placed here; false when the call is no longer ringing.
    mutating func ringing(_ id: String, on node: String) -> Bool {
        guard var call = calls[id], call.calleeElsewhere, call.answered == nil else { return false }
        if !call.calleeNodes.contains(node) { call.calleeNodes.append(node) }
        calls[id] = call
        return true
    }

    /// The callee answered call `id` on gateway `node`; returns the call and the other gateways that rang it.
    mutating func answeredElsewhere(_ id: String, on node: String, at time: Double) -> (Call, [String])? {
        guard var call = calls[id], call.calleeElsewhere, call.answered == nil else { return nil }
        let others = call.calleeNodes.filter { $0 != node }
        call.answered = time
        call.calleeNodes = [node]
        calls[id] = call
        return (call, others)
    }

    /// The call `id` as the other party's gateway `node` knows it, if it is one of this gateway's.
    func call(_ id: String, from node: String) -> Call? {
        guard let call = calls[id], call.remoteNodes.contains(node) else { return nil }
        return call
    }

    /// Removes and returns call `id` when `node` holds its other party.
    mutating func remove(_ id: String, from node: String) -> Call? {
        guard let call = self.call(id, from: node) else { return nil }
        remove(call)
        return call
    }

    /// Gateway `node` ended its side of call `id`: removes and returns the call, unless other gateways still ring it.
    mutating func endedElsewhere(_ id: String, on node: String) -> Call? {
        guard var call = self.call(id, from: node) else { return nil }
        if call.answered == nil, call.calleeNodes.count > 1 {
            call.calleeNodes.removeAll { $0 == node }
            calls[id] = call
            return nil
        }
        remove(call)
        return call
    }

    /// Removes and returns the calls `matching` says end.
    mutating func removeAll(where matching: (Call) -> Bool) -> [Call] {
        let ended = calls.values.filter(matching)
        for call in ended { remove(call) }
        return ended
    }

    /// `connection` closed: removes and returns the calls that end with it; a call still ringing elsewhere goes on.
    mutating func drop(_ connection: BusConnection) -> [Call] {
        var ended: [Call] = []
        for var call in calls.values where call.isParty(connection) {
            call.calleeConnections.removeAll { $0 === connection }
            if call.isCaller(connection) || (call.calleeConnections.isEmpty && !call.calleeElsewhere) {
                remove(call)
                ended.append(call)
            } else {
                calls[call.id] = call
            }
        }
        return ended
    }

    private mutating func remove(_ call: Call) {
        calls[call.id] = nil
        for user in [call.caller, call.callee] {
            callsPerUser[user, default: 1] -= 1
            if callsPerUser[user] == 0 { callsPerUser[user] = nil }
        }
    }

    private static func unknown(_ id: String) -> CallRefusal {
        CallRefusal("unknown_call", "no call \(id) is up for this connection; it may have ended")
    }
}

/// Invite allowances by user or room: one GCRA arrival time each, entries past their time dropped when the
/// table is full.
private struct RateTable {
    let rate: GCRA
    private var arrivals: [String: Double] = [:]
    static let capacity = 100_000

    init(_ rate: GCRA) { self.rate = rate }

    /// The arrival time to keep if `key` may invite at `time`; else a refusal saying `what` and when to try again.
    func next(_ key: String, at time: Double, _ what: String) throws(CallRefusal) -> Double {
        switch rate.decide(tat: arrivals[key], now: time) {
        case .admit(let next): return next
        case .deny(let wait):
            let seconds = wait.rounded(.up)
            throw CallRefusal("call_rate_limited", "\(what); try again in \(Int(saturating: seconds))s", retryAfter: seconds)
        }
    }

    mutating func keep(_ key: String, _ arrival: Double, at time: Double) {
        if arrivals.count >= Self.capacity { arrivals = arrivals.filter { $0.value > time } }
        arrivals[key] = arrival
    }
}
