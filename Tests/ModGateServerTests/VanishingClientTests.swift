import Foundation
import Hummingbird
import HummingbirdTesting
import ModGateServer
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A client that pipelines sends and then vanishes (a TCP reset, its acks unread) must not keep its session,
/// and with it the gateway's shutdown, waiting for an in-flight slot that no ack will free.
@Suite(.timeLimit(.minutes(2)))
struct VanishingClientTests {
    /// Opens a WebSocket on `port` with raw TCP, writes `frames` send frames without reading, then resets.
    private func pipelineThenReset(port: Int, token: String, frames: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        // A small receive buffer, so that unread acks back up into the gateway at once; writes give up after 1 s.
        var size: Int32 = 4096
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        var bytes = Array(
            ("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer \(token)\r\n\r\n").utf8)
        for index in 0..<frames {
            let payload = Array(#"{"op":"send","room":"lobby","text":"let me in","cid":"\#(index)"}"#.utf8)
            bytes += [0x81, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload  // masked with a zero key
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { break }  // the gateway stopped reading: enough is in flight
            offset += written
        }
        Thread.sleep(forTimeInterval: 0.2)
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(descriptor)
    }

    @Test func aVanishedPipeliningClientLetsTheGatewayStop() async throws {
        var harness = try GatewayHarness.quiet()
        harness.config.refusals.stored = 0
        try await harness.run { session in
            #expect(try await session.post("/v1/admin/users/alice/ban", as: "mod", "").status == .ok)
            try pipelineThenReset(port: session.port, token: try session.token("alice"), frames: 100_000)
            // The session ends (the connection gauge falls back to zero) rather than wait for a slot forever.
            let ended = try await session.eventually(within: 20) {
                session.server.gateway.metrics.exposition().contains("modgate_connections 0")
            }
            #expect(ended)
        }
    }
}
