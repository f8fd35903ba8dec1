import Foundation
import ModGateTestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension ServerProcess {
    /// The HTTP status of a GET of `path` (by default the lobby's history) with `token`.
    func status(of path: String = "/v1/rooms/lobby/messages", token: String) async throws -> Int {
        var request = URLRequest(url: URL(string: url + path)!, timeoutInterval: 10)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
