import ArgumentParser
import Foundation
import ModGateToxicity

/// Reading labelled data, lexicons, word lists and model files, with errors that name the file and line.
enum ToxicityFiles {
    /// Every example in the files at `paths`; blank lines are skipped.
    static func examples(_ paths: [String]) throws -> [ToxicityExample] {
        var examples: [ToxicityExample] = []
        for path in paths {
            try forEachLine(path) { line, number in
                do throws(ToxicityModelError) {
                    examples.append(try ToxicityExample(tsvLine: line[...], file: path, line: number))
                } catch {
                    throw ValidationError(error.description)
                }
            }
        }
        guard !examples.isEmpty else { throw ValidationError("\(paths.joined(separator: ", ")) hold no labelled messages") }
        return examples
    }

    /// Adds a lexicon (`word<TAB>weight<TAB>idf`, a header line first) to `prior`.
    static func addLexicon(_ path: String, to prior: inout ToxicityPrior) throws {
        try forEachLine(path) { line, number in
            guard number > 1 else { return }
            let fields = line.split(separator: "\t")
            guard fields.count == 3, let weight = Float(fields[1]), let idf = Float(fields[2]),
                (-1000...1000).contains(weight), (0...1000).contains(idf)
            else {
                throw ValidationError("\(path):\(number): expected a word, its weight and its idf, separated by TABs")
            }
            prior.addLexiconWord(String(fields[0]).lowercased(), weight: weight, idf: idf)
        }
    }

    /// Adds a word list (`category<TAB>word`; `#` starts a comment line) to `prior`.
    static func addWordList(_ path: String, to prior: inout ToxicityPrior, weight: Float) throws {
        let rareIDF = prior.idf.max() ?? 10
        try forEachLine(path) { line, number in
            guard !line.hasPrefix("#") else { return }
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let category = ToxicityCategory(rawValue: String(fields[0])) else {
                let names = ToxicityCategory.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("\(path):\(number): expected a category (\(names)), a TAB and a word")
            }
            prior.addListWord(String(fields[1]).lowercased(), category: category, weight: weight, rareIDF: rareIDF)
        }
    }

    /// Neutralises every word listed in `path` (one a line; `#` starts a comment) in `prior`.
    static func neutralize(_ path: String, in prior: inout ToxicityPrior) throws {
        try forEachLine(path) { line, _ in
            if !line.hasPrefix("#") { prior.neutralize(line.trimmingCharacters(in: .whitespaces).lowercased()) }
        }
    }

    static func load(_ path: String?) throws -> ToxicityModel {
        do {
            guard let path else { return try ToxicityModel.builtIn() }
            return try ToxicityModel.load(path: path)
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func save(_ model: ToxicityModel, to path: String) throws {
        do {
            try Data(model.fileText.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ValidationError("cannot write the model '\(path)': \(error.localizedDescription)")
        }
    }

    /// `body` with every non-blank line of `path` and its number.
    private static func forEachLine(_ path: String, _ body: (String, Int) throws -> Void) throws {
        var reader: LineReader
        do {
            reader = try LineReader(path: path)
        } catch {
            throw ValidationError("cannot read '\(path)': no such file or not readable")
        }
        var number = 0
        while let line = reader.next() {
            number += 1
            if !line.isEmpty { try body(line, number) }
        }
    }
}
