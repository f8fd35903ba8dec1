import ArgumentParser
import Foundation
import ModGateSpam

/// Reading labelled data and reading and writing model files, with errors that name the file and line.
enum SpamFiles {
    /// Every example in `path`; blank lines are skipped.
    static func examples(_ path: String) throws -> [SpamExample] {
        var reader: LineReader
        do {
            reader = try LineReader(path: path)
        } catch {
            throw ValidationError("cannot read '\(path)': no such file or not readable")
        }
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
