import ModGateChain
import ModGateCore

/// A call as the switchboard keeps it: its parties and the connections that hear its frames.
struct Call: Sendable {
    let id: String
    let room: String
    let caller: String
    let callee: String
    let callerConnection: BusConnection
    /// The callee's connections the invite rings; after the answer, the one that answered.
    var calleeConnections: [BusConnection]
    let invited: Double
    var answered: Double? = nil
    /// When an unanswered invite stops ringing.
    let expires: Double
    var callerCandidates = 0
    var calleeCandidates = 0

    var subject: String { "call:\(id)" }
    var connections: [BusConnection] { [callerConnection] + calleeConnections }
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
    mutating func open(_ call: Call, at time: Double) throws(CallRefusal) {
        guard calls[call.id] == nil else { throw CallRefusal("call_exists", "call \(call.id) is already up; pick a new call_id") }
        guard callsPerUser[call.caller, default: 0] < maxPerUser else {
            throw CallRefusal("too_many_calls", "you are in \(maxPerUser) calls already; hang one up first")
        }
        guard callsPerUser[call.callee, default: 0] < maxPerUser else {
            throw CallRefusal("callee_busy", "\(call.callee) is busy in other calls; try again later")
        }
        let userNext = try userInvites.next(call.caller, at: time, "you have sent too many call invites")
        let roomNext = try roomInvites.next(call.room, at: time, "too many calls were started in \(call.room)")
        userInvites.keep(call.caller, userNext, at: time)
        roomInvites.keep(call.room, roomNext, at: time)
        calls[call.id] = call
        for user in [call.caller, call.callee] { callsPerUser[user, default: 0] += 1 }
    }

    /// The callee answers on `connection`: the call is theirs there; returns it and the connections that stop ringing.
    mutating func answer(_ id: String, on connection: BusConnection, at time: Double) throws(CallRefusal) -> (Call, [BusConnection]) {
        guard var call = calls[id], call.calleeConnections.contains(where: { $0 === connection }) else { throw Self.unknown(id) }
        guard call.answered == nil else { throw CallRefusal("call_state", "call \(id) is answered already") }
        let others = call.calleeConnections.filter { $0 !== connection }
        call.answered = time
        call.calleeConnections = [connection]
        calls[id] = call
        return (call, others)
    }

    /// Counts `count` candidates from `connection`'s party and returns the connections of the other.
    mutating func countCandidates(_ count: Int, in id: String, from connection: BusConnection) throws(CallRefusal) -> [BusConnection] {
        guard var call = calls[id] else { throw Self.unknown(id) }
        let fromCaller = call.callerConnection === connection
        guard fromCaller || call.calleeConnections.contains(where: { $0 === connection }) else { throw Self.unknown(id) }
        let sent = (fromCaller ? call.callerCandidates : call.calleeCandidates) + count
        guard sent <= Self.maxCandidatesPerParty else {
            throw CallRefusal("bad_request", "one party sends at most \(Self.maxCandidatesPerParty) candidates in a call")
        }
        if fromCaller { call.callerCandidates = sent } else { call.calleeCandidates = sent }
        calls[id] = call
        return fromCaller ? call.calleeConnections : [call.callerConnection]
    }

    /// A party hangs up, or the callee rejects a ringing call: the call ends. Returns it and its outcome.
    mutating func hangUp(_ id: String, rejecting: Bool, from connection: BusConnection) throws(CallRefusal) -> (Call, String) {
        guard let call = calls[id] else { throw Self.unknown(id) }
        let fromCaller = call.callerConnection === connection
        guard fromCaller || call.calleeConnections.contains(where: { $0 === connection }) else { throw Self.unknown(id) }
        if rejecting, fromCaller || call.answered != nil {
            throw CallRefusal("call_state", "only the callee rejects, and only before answering; hang up instead")
        }
        remove(call)
        if call.answered != nil { return (call, "completed") }
        return (call, fromCaller ? "cancelled" : "rejected")
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
        for var call in calls.values where call.connections.contains(where: { $0 === connection }) {
            call.calleeConnections.removeAll { $0 === connection }
            if call.callerConnection === connection || call.calleeConnections.isEmpty {
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
