import Foundation
import ModGateRules
import ModGateServer
import ModGateStorage
import ModGateStore
import ModGateTestSupport
import Testing

/// Durations and times from outside are bounded where they enter, and stored ones convert without trapping.
@Suite(.timeLimit(.minutes(2)))
struct OutsideNumbersTests {
    @Test(arguments: [
        (#"{"for":"1e19s"}"#, "'for' must be a duration"), (#"{"for":"9999999999999999d"}"#, "'for' must be at most 365d"),
        (#"{"for":"366d"}"#, "'for' must be at most 365d"),
    ])
    func aMuteBeyondTheMaximumIsRefusedAndTheSenderStaysFree(body: String, message: String) async throws {
        try await GatewayHarness.quiet().run { session in
            let refused = try await session.post("/v1/admin/users/bob/mute", as: "mod", body)
            #expect(refused.status == .badRequest)
            #expect(try JSONValue(refused)["message"].string?.hasPrefix(message) == true)
            let sent = try JSONValue(try await session.post("/v1/rooms/lobby/messages", as: "bob", role: .member, #"{"text":"hi"}"#))
            #expect(sent["status"].string == "delivered")
        }
    }

    @Test func theLongestMuteAndAWeekAreAccepted() async throws {
        try await GatewayHarness.quiet().run { session in
            #expect(try await session.post("/v1/admin/users/bob/mute", as: "mod", #"{"for":"2w"}"#).status == .ok)
            #expect(try await session.post("/v1/admin/users/bob/mute", as: "mod", #"{"for":"365d"}"#).status == .ok)
            let refused = try JSONValue(try await session.post("/v1/rooms/lobby/messages", as: "bob", role: .member, #"{"text":"hi"}"#))
            let reason = try #require(refused["reason"].string)
            #expect(reason.wholeMatch(of: /You are muted for another (365d|364d 23h)\./) != nil, "\(reason)")
        }
    }

    /// A mute stored by an older version without the bound: sends and lookups answer, nothing traps.
    @Test func aHugeStoredMuteIsReadWithoutTrapping() async throws {
        let harness = try GatewayHarness.quiet()
        let store = try Store(path: harness.config.database)
        try await store.mute(user: "bob", until: 1e300, by: "old-version", now: Date().timeIntervalSince1970)
        try store.close()
        try await harness.run { session in
            let refused = try JSONValue(try await session.post("/v1/rooms/lobby/messages", as: "bob", role: .member, #"{"text":"hi"}"#))
            #expect(refused["status"].string == "rejected")
            #expect(refused["reason"].string?.hasPrefix("You are muted for another ") == true)
            let user = try await session.request("/v1/admin/users/bob", user: "mod", role: .moderator)
            #expect(user.status == .ok)
            #expect(try JSONValue(user)["muted_until"].double == 1e300)
        }
    }

    @Test(arguments: [("write_stall", "1e16s"), ("rules_watch", "1e16s"), ("write_stall", "400d")])
    func serverDurationsAreBoundedWithTheirPlace(key: String, value: String) throws {
        let folder = try Scratch(["modgate.yaml": "server:\n  port: 8080\n  \(key): \(value)\n"])
        let path = folder.path("modgate.yaml")
        let error = #expect(throws: RulesError.self) { try GatewayConfig.load(path: path) }
        #expect(error?.description.hasPrefix("\(path):3:\(key.count + 5): '\(key)' must be ") == true, "\(String(describing: error))")
    }

    @Test func theLongestServerDurationsLoad() throws {
        let folder = try Scratch(["modgate.yaml": "server:\n  write_stall: 365d\n  rules_watch: 52w\n"])
        let config = try GatewayConfig.load(path: folder.path("modgate.yaml"))
        #expect(config.limits.writeStall == 365 * 86400 && config.rulesWatchInterval == .seconds(52 * 604_800))
    }
}
