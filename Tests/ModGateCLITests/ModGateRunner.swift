import Foundation
import Testing

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The built `modgate` binary: next to the test bundle, or in the package's default build folder.
let modgateBinary: URL? = {
    let candidates = [
        Bundle.main.bundleURL.deletingLastPathComponent(),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        packageRoot.appendingPathComponent(".build/debug"),
    ].map { $0.appendingPathComponent("modgate") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// What one run of `modgate` did.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String

    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
}

/// A temporary folder with files in it, removed when the test lets go of it.
final class Scratch {
    let url: URL

    init(_ files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("modgate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, contents) in files { try write(name, contents) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ contents: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: file, atomically: true, encoding: .utf8)
    }
}

/// Runs `modgate arguments` in `directory` with `input` on standard input.
func modgate(_ arguments: String..., input: String = "", in directory: URL = packageRoot) throws -> RunResult {
    let binary = try #require(modgateBinary, "build the modgate binary first")
    let io = try Scratch(["stdin": input])
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    // Files rather than pipes: a full pipe cannot block the child while the test waits for it.
    try io.write("stdout", "")
    try io.write("stderr", "")
    process.standardInput = try FileHandle(forReadingFrom: io.url.appendingPathComponent("stdin"))
    process.standardOutput = try FileHandle(forWritingTo: io.url.appendingPathComponent("stdout"))
    process.standardError = try FileHandle(forWritingTo: io.url.appendingPathComponent("stderr"))
    try process.run()
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, stdout: try String(contentsOfFile: io.path("stdout"), encoding: .utf8),
        stderr: try String(contentsOfFile: io.path("stderr"), encoding: .utf8))
}

/// A JSON object from one output line.
func object(_ line: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
}

/// A small rules directory: one rule that holds "free money", one that scores "casino", one disabled.
let sampleRules = [
    "rules/scams.yaml": """
        rules:
          - id: scam.free-money
            words: [free money]
            action: hold
            reason: Looks like a scam.
            examples:
              match: [fr33 m0ney]
              no_match: [money for free]
          - id: gambling
            words: [casino]
            score: 2.5
          - id: draft
            words: [draft]
            action: reject
            enabled: false
        """
]
