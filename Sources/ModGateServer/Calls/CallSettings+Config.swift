import ModGateRules
import Yams

extension GatewayConfigReader {
    /// Reads the `calls` section (docs/calls.md), every problem reported with its file and line.
    mutating func readCalls(_ node: Node, into settings: inout CallSettings) {
        let known = [
            "enabled", "invites_per_user", "invites_per_room", "max_per_user", "max_lifetime", "ice_servers", "turn_credential_ttl",
        ]
        for (key, value) in nodes.pairs(node, of: "'calls'", known: known) {
            switch key {
            case "enabled": settings.enabled = nodes.bool(value, key) ?? settings.enabled
            case "invites_per_user":
                if let rate = nodes.rate(value, key) { (settings.userInvites, settings.userPeriod) = rate }
            case "invites_per_room":
                if let rate = nodes.rate(value, key) { (settings.roomInvites, settings.roomPeriod) = rate }
            case "max_per_user": settings.maxPerUser = nodes.wholeNumber(value, key, in: 1...100) ?? settings.maxPerUser
            case "max_lifetime": settings.maxLifetime = duration(value, key, within: 1...3600, "1s to 1h") ?? settings.maxLifetime
            case "ice_servers": settings.iceServers = readIceServers(value)
            case "turn_credential_ttl":
                settings.turnCredentialTTL = duration(value, key, within: 60...604_800, "1m to 7d") ?? settings.turnCredentialTTL
            default: break
            }
        }
    }

    /// `ice_servers`: a list of `{urls, username, credential | credential_file}`.
    private mutating func readIceServers(_ node: Node) -> [IceServer] {
        guard let items = node.sequence else {
            nodes.report(node, "'ice_servers' must be a list such as [{urls: [\"stun:stun.example.org:3478\"]}]")
            return []
        }
        var servers: [IceServer] = []
        for item in items {
            var server = IceServer(urls: [])
            let keys = ["urls", "username", "credential", "credential_file", "shared_secret_file"]
            for (key, value) in nodes.pairs(item, of: "an ICE server", known: keys) {
                switch key {
                case "urls": server.urls = nodes.strings(value, key).map(\.value)
                case "username": server.username = nodes.string(value, key)
                case "credential": server.credential = nodes.string(value, key)
                case "credential_file": server.credentialFile = nodes.string(value, key)
                case "shared_secret_file": server.sharedSecretFile = nodes.string(value, key)
                default: break
                }
            }
            let schemes = ["stun:", "stuns:", "turn:", "turns:"]
            guard !server.urls.isEmpty, server.urls.allSatisfy({ url in schemes.contains { url.hasPrefix($0) } }) else {
                nodes.report(item, "an ICE server needs 'urls', each starting with stun:, stuns:, turn: or turns:")
                continue
            }
            if server.credential != nil, server.credentialFile != nil {
                nodes.report(item, "give 'credential' or 'credential_file', not both")
            }
            if server.sharedSecretFile != nil, server.username != nil || server.credential != nil || server.credentialFile != nil {
                nodes.report(item, "a server with 'shared_secret_file' gets credentials made for each user; leave out 'username' and 'credential'")
            }
            servers.append(server)
        }
        return servers
    }
}
