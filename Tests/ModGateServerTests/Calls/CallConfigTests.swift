import ModGateRules
import ModGateServer
import ModGateTestSupport
import Testing

/// The config file's `calls` section (docs/calls.md, "Settings and bounds"): read into `GatewayConfig.calls`, and
/// every mistake reported with its file and line.
@Suite struct CallConfigTests {
    @Test func theCallsSectionIsRead() throws {
        let folder = try Scratch([
            "modgate.yaml": """
                server:
                  port: 8080
                calls:
                  enabled: false
                  invites_per_user: 3/30s
                  invites_per_room: 100/1h
                  max_per_user: 2
                  max_lifetime: 45s
                  turn_credential_ttl: 2h
                  ice_servers:
                    - urls: ["stun:stun.example.org:3478"]
                    - urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"]
                      username: modgate
                      credential_file: /etc/modgate/turn-credential
                    - urls: stuns:one.example.org
                      username: u
                      credential: inline
                    - urls: turns:shared.example.org:5349
                      shared_secret_file: /etc/modgate/turn-secret

                """
        ])
        let calls = try GatewayConfig.load(path: folder.path("modgate.yaml")).calls
        #expect(calls.enabled == false)
        #expect(calls.userInvites == 3 && calls.userPeriod == 30)
        #expect(calls.roomInvites == 100 && calls.roomPeriod == 3600)
        #expect(calls.maxPerUser == 2 && calls.maxLifetime == 45 && calls.turnCredentialTTL == 7200)
        #expect(
            calls.iceServers == [
                IceServer(urls: ["stun:stun.example.org:3478"]),
                IceServer(
                    urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"], username: "modgate",
                    credentialFile: "/etc/modgate/turn-credential"),
                IceServer(urls: ["stuns:one.example.org"], username: "u", credential: "inline"),
                IceServer(urls: ["turns:shared.example.org:5349"], sharedSecretFile: "/etc/modgate/turn-secret"),
            ])
    }

    @Test func withoutACallsSectionTheDefaultsHold() throws {
        let folder = try Scratch(["modgate.yaml": "server:\n  port: 8080\n"])
        let calls = try GatewayConfig.load(path: folder.path("modgate.yaml")).calls
        #expect(calls == CallSettings())
        #expect(calls.enabled && calls.userInvites == 10 && calls.userPeriod == 60 && calls.roomInvites == 60 && calls.roomPeriod == 60)
        #expect(calls.maxPerUser == 4 && calls.maxLifetime == 120 && calls.iceServers.isEmpty && calls.turnCredentialTTL == 86_400)
    }

    /// Each mistake, at its line of `calls:\n<body>` (the section starts on line 1).
    @Test(arguments: [
        ("  invites_per_user: fast\n", 2, "'invites_per_user' must be a count per duration such as 10/10s"),
        ("  invites_per_room: 0/1m\n", 2, "'invites_per_room' must be a count per duration"),
        ("  enabled: true\n  max_calls: 3\n", 3, "unknown key 'max_calls' in 'calls'; "),
        ("  invites_per_usr: 5/m\n", 2, "unknown key 'invites_per_usr' in 'calls'; did you mean 'invites_per_user'?"),
        ("  max_per_user: 0\n", 2, "'max_per_user' must be a whole number from 1 to 100, not '0'"),
        ("  max_per_user: 2.5\n", 2, "'max_per_user' must be a whole number from 1 to 100, not '2.5'"),
        ("  max_lifetime: 2h\n", 2, "'max_lifetime' must be from 1s to 1h"),
        ("  enabled: maybe\n", 2, "'enabled' must be true or false, not 'maybe'"),
        ("  ice_servers: stun:stun.example.org\n", 2, "'ice_servers' must be a list"),
        ("  ice_servers:\n    - urls: [\"stun:ok.example.org\"]\n    - urls: [\"http://turn.example.org\"]\n", 4,
         "an ICE server needs 'urls', each starting with stun:, stuns:, turn: or turns:"),
        ("  ice_servers:\n    - username: u\n", 3, "an ICE server needs 'urls'"),
        ("  ice_servers:\n    - urls: turn:t.example.org\n      credential: c\n      credential_file: /run/c\n", 3,
         "give 'credential' or 'credential_file', not both"),
        ("  ice_servers:\n    - urls: turn:t.example.org\n      password: c\n", 4, "unknown key 'password' in an ICE server"),
        ("  ice_servers:\n    - urls: turn:t.example.org\n      username: u\n      shared_secret_file: /run/s\n", 3,
         "a server with 'shared_secret_file' gets credentials made for each user; leave out 'username' and 'credential'"),
        ("  turn_credential_ttl: 30s\n", 2, "'turn_credential_ttl' must be from 1m to 7d"),
    ])
    func aMistakeIsReportedWithItsFileAndLine(body: String, line: Int, message: String) throws {
        let folder = try Scratch(["modgate.yaml": "calls:\n" + body])
        let path = folder.path("modgate.yaml")
        let error = #expect(throws: RulesError.self) { try GatewayConfig.load(path: path) }
        let problem = try #require(error?.problems.first, "\(String(describing: error))")
        #expect(error?.problems.count == 1, "\(String(describing: error))")
        #expect(problem.location.file == path && problem.location.line == line, "\(problem)")
        #expect(problem.message.hasPrefix(message), "\(problem)")
        #expect(error?.description.hasPrefix("\(path):\(line):") == true)
    }

    @Test func everyMistakeOfTheSectionIsReportedAtOnce() throws {
        let folder = try Scratch([
            "modgate.yaml": "calls:\n  invites_per_user: lots\n  max_per_user: 1000\n  ice_servers:\n    - urls: [\"turn\"]\n"
        ])
        let path = folder.path("modgate.yaml")
        let error = #expect(throws: RulesError.self) { try GatewayConfig.load(path: path) }
        #expect(error?.problems.map(\.location.line) == [2, 3, 5], "\(String(describing: error))")
    }

    @Test func callsIsAMapping() throws {
        let folder = try Scratch(["modgate.yaml": "server:\n  port: 8080\ncalls: on\n"])
        let path = folder.path("modgate.yaml")
        let error = #expect(throws: RulesError.self) { try GatewayConfig.load(path: path) }
        #expect(error?.description.hasPrefix("\(path):3:") == true, "\(String(describing: error))")
        #expect(error?.description.contains("'calls' must be a mapping") == true, "\(String(describing: error))")
    }
}
