import Foundation
import ModGateRegex
import ModGateText
import Synchronization

/// Loads a rules directory as a whole: every `*.yaml` and `*.yml` file in it, or nothing at all.
public enum RulesLoader {
    /// Parses, checks and compiles every rules file in `directory`, into RE2 sets grouped by `layout`.
    /// - Throws: `RulesError` listing every problem found, each with its file, line and column.
    public static func load(directory: String, layout: ScanLayout = .shared) throws(RulesError) -> RuleSet {
        let files = try ruleFiles(in: directory)
        var problems: [RulesProblem] = []
        var definitions: [RuleDefinition] = []
        var digest = Digest()
        for file in files {
            let contents: String
            do {
                contents = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                problems.append(RulesProblem(SourceLocation(file: file, line: 1, column: 1), "cannot read: \(error)"))
                continue
            }
            digest.add(file)
            digest.add(contents)
            var parser = RulesFileParser(file: file, directory: URL(fileURLWithPath: directory, isDirectory: true))
            definitions += parser.parse(contents)
            problems += parser.problems
        }
        let rules = compile(definitions, problems: &problems)
        guard problems.isEmpty else {
            throw RulesError(problems: problems.sorted {
                ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column)
            })
        }
        do {
            return RuleSet(rules: rules, scanners: try scanners(for: rules, layout: layout), digest: digest.hex, layout: layout)
        } catch {
            let location = rules.first?.definition.location ?? SourceLocation(file: directory, line: 1, column: 1)
            throw RulesError(problems: [RulesProblem(location, "the rules together are too large for RE2: \(error)")])
        }
    }

    /// The rules files of `directory`, sorted by name.
    static func ruleFiles(in directory: String) throws(RulesError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            let location = SourceLocation(file: directory, line: 1, column: 1)
            throw RulesError(problems: [RulesProblem(location, "cannot read the rules directory; check the path")])
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return files.map { prefix + $0 }
    }

    /// Compiles each definition's patterns, reporting bad patterns and duplicate ids. Definitions compile in
    /// parallel (RE2's compiles are most of a rules load); rules and problems keep their order.
    static func compile(_ definitions: [RuleDefinition], problems: inout [RulesProblem]) -> [CompiledRule] {
        var seen: [String: SourceLocation] = [:]
        let unique = definitions.filter { definition in
            if let first = seen[definition.id] {
                problems.append(
                    RulesProblem(definition.location, "duplicate rule id '\(definition.id)' (first defined at \(first))"))
                return false
            }
            seen[definition.id] = definition.location
            return true
        }
        let compiled = Mutex([(rule: CompiledRule, problems: [RulesProblem])?](repeating: nil, count: unique.count))
        DispatchQueue.concurrentPerform(iterations: unique.count) { index in
            let result = compile(unique[index])
            compiled.withLock { $0[index] = result }
        }
        return compiled.withLock { results in
            results.compactMap { result in
                problems += result?.problems ?? []
                return result?.rule
            }
        }
    }

    /// One definition's patterns and words, compiled once each, with what is wrong with them.
    private static func compile(_ definition: RuleDefinition) -> (rule: CompiledRule, problems: [RulesProblem]) {
        var problems: [RulesProblem] = []
        var patterns: [String] = []
        var regexes: [RE2Regex] = []
        let caseInsensitive = definition.normalization != .none
        for pattern in definition.patterns {
            let wrapped = caseInsensitive ? "(?i:\(pattern.value))" : pattern.value
            do {
                let regex = try RE2Regex(wrapped)
                if regex.matches("") {
                    problems.append(RulesProblem(pattern.location, Self.emptyMatch(pattern.value)))
                    continue
                }
                regexes.append(regex)
                patterns.append(wrapped)
            } catch {
                // RE2's words on the pattern as written, not as wrapped.
                let written = Result { () throws(RegexError) in try RE2Regex(pattern.value) }
                let reported: RegexError = if case .failure(let own) = written { own } else { error }
                problems.append(RulesProblem(pattern.location, "\(reported) in '\(pattern.value)'"))
            }
        }
        let normalizer = Normalizer(level: definition.normalization)
        if let words = WordPattern.pattern(for: definition.words, normalizer: normalizer) {
            let wrapped = caseInsensitive ? "(?i:\(words))" : words
            do {
                regexes.append(try RE2Regex(wrapped))
                patterns.append(wrapped)
            } catch {
                problems.append(RulesProblem(definition.location, "the words of '\(definition.id)' do not compile: \(error)"))
            }
        }
        return (CompiledRule(definition: definition, patterns: patterns, regexes: regexes), problems)
    }

    private static func emptyMatch(_ pattern: String) -> String {
        "pattern '\(pattern)' matches the empty text, so it would fire on every message; "
            + "make it need at least one character (for example + instead of *)"
    }

    /// For each field that enabled rules read, a scanner with the RE2 sets of `layout`, indexed by a bit mask of
    /// levels. Sets for combinations of levels compile when first scanned (`RuleSet.compileAllSets` compiles them all).
    static func scanners(for rules: [CompiledRule], layout: ScanLayout) throws(RegexError) -> [FieldScanner] {
        let enabled = rules.indices.filter { rules[$0].definition.enabled }
        var scanners: [FieldScanner] = []
        var compiledNow: [LazyRE2Set] = []
        for field in RuleField.allCases {
            let mine = enabled.filter { rules[$0].definition.field == field }
            let levels = NormalizationLevel.allCases.filter { level in
                mine.contains { rules[$0].definition.normalization == level }
            }
            guard !levels.isEmpty else { continue }
            let everyLevel = (1 << levels.count) - 1
            var sets = [LazyRE2Set](repeating: LazyRE2Set([]), count: everyLevel + 1)
            var owners = [[Int]](repeating: [], count: everyLevel + 1)
            for group in 1...everyLevel where layout == .shared || group.nonzeroBitCount == 1 {
                let members = mine.filter { index in
                    levels.indices.contains { group & (1 << $0) != 0 && levels[$0] == rules[index].definition.normalization }
                }
                sets[group] = LazyRE2Set(members.flatMap { rules[$0].patterns })
                owners[group] = members.flatMap { Array(repeating: $0, count: rules[$0].patterns.count) }
                if layout == .perLevel || group == everyLevel { compiledNow.append(sets[group]) }
            }
            scanners.append(
                FieldScanner(field: field, normalizers: levels.map(Normalizer.init), sets: sets, owners: owners, layout: layout))
        }
        // Compiled now, the set of every level (or each level's own set) proves the patterns fit RE2's budget.
        try LazyRE2Set.compileAll(compiledNow)
        return scanners
    }
}

/// FNV-1a over the rules files' names and contents: a short fingerprint of the rules in force.
struct Digest {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            state = (state ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        state = (state ^ 0xFF) &* 0x100_0000_01b3
    }

    var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
