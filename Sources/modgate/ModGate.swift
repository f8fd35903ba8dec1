import ArgumentParser
import Foundation

/// The `modgate` command: the gateway, and the tools moderators and operators use around it.
@main
struct ModGate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modgate",
        abstract: "A moderation gateway for chat: rules, review queue and audit log.",
        subcommands: [
            ServeCommand.self, TokenCommand.self, RulesCommand.self, CheckCommand.self, SpamCommand.self, ToxicityCommand.self, BenchCommand.self, QueueCommand.self, UserCommand.self, CallCommand.self, AuditCommand.self, MigrateCommand.self,
        ]
    )

    /// Runs the command; bad usage exits 2 as DESIGN.md promises, not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if let error = error as? ValidationError {
                // Thrown by a command's run(): the message says what to do; usage would only bury it.
                FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
                Foundation.exit(2)
            }
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
