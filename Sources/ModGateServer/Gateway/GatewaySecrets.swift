import Foundation
import ModGateAuth

extension GatewayConfig {
    /// The token secret the operator gives, the first found of: `server.token_secret`, `server.token_secret_file`,
    /// `$MODGATE_TOKEN_SECRET_FILE`, `$MODGATE_TOKEN_SECRET`; nil when none is (the database keeps one then).
    public func givenTokenSecret(environment: [String: String] = ProcessInfo.processInfo.environment) throws(AuthConfigError)
        -> TokenSecret?
    {
        func given(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let tokenSecret { return try TokenSecret(text: tokenSecret) }
        if let file = tokenSecretFile ?? given("MODGATE_TOKEN_SECRET_FILE") { return try TokenSecret(contentsOfFile: file) }
        return try given("MODGATE_TOKEN_SECRET").map { text throws(AuthConfigError) in try TokenSecret(text: text) }
    }
}
