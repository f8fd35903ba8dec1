import ArgumentParser
import Foundation
import ModGateSpam

/// Reading labelled data and reading and writing model files, with errors that name the file and line.
enum SpamFiles {
    /// Every example in `path`; blank lines are skipped.
    static func examples(_ path: String) throws -> [SpamExample] {
        var reader = try open(path)
        var examples: [SpamExample] = []
        var number = 0
        while let line = reader.next() {
            number += 1
            guard !line.isEmpty else { continue }
            do {
                examples.append(try SpamExample(tsvLine: line, file: path, line: number))
            } catch {
                throw ValidationError(error.description)
            }
        }
        guard !examples.isEmpty else { throw ValidationError("'\(path)' holds no labelled messages") }
        return examples
    }

    /// Every line of ordinary chat in `path`, one message a line; blank lines are skipped.
    static func chat(_ path: String) throws -> [String] {
        var reader = try open(path)
        var lines: [String] = []
        while let line = reader.next() {
            if !line.isEmpty { lines.append(line) }
        }
        guard !lines.isEmpty else { throw ValidationError("'\(path)' holds no chat lines") }
        return lines
    }

    private static func open(_ path: String) throws -> LineReader {
        do {
            return try LineReader(path: path)
        } catch {
            throw ValidationError("cannot read '\(path)': no such file or not readable")
        }
    }

    static func load(_ path: String) throws -> SpamModel {
        do {
            return try SpamModel.load(path: path)
        } catch {
            throw ValidationError(error.message)
        }
    }

    static func save(_ model: SpamModel, to path: String) throws {
        do {
            try Data(jsonLine(model).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ValidationError("cannot write the model '\(path)': \(error.localizedDescription)")
        }
    }
}
