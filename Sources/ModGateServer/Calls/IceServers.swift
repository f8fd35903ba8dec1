import Foundation

/// The STUN and TURN servers clients are told to use, as `RTCConfiguration.iceServers` takes them, with each
/// credential read from its file once, at start.
struct IceServers: Sendable {
    /// `{"iceServers":[{"urls":[...],"username":...,"credential":...}]}`, encoded once.
    let body: String

    /// - Throws: `CallConfigError` naming the server and the file that cannot be read.
    init(_ servers: [IceServer]) throws(CallConfigError) {
        var entries: [Entry] = []
        for (index, server) in servers.enumerated() {
            var credential = server.credential
            if let file = server.credentialFile {
                do {
                    credential = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                } catch {
                    throw CallConfigError(
                        "calls.ice_servers[\(index)]: cannot read credential_file '\(file)': \(error.localizedDescription)")
                }
            }
            entries.append(Entry(urls: server.urls, username: server.username, credential: credential))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        body = (try? encoder.encode(["iceServers": entries])).map { String(decoding: $0, as: UTF8.self) } ?? #"{"iceServers":[]}"#
    }

    private struct Entry: Encodable {
        var urls: [String]
        var username: String?
        var credential: String?
    }
}

/// A `calls` setting that cannot be used, with what to fix.
public struct CallConfigError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
