import Foundation
import ModGateCore
import ModGateRegex
import ModGateText

/// A loaded rules directory. Every enabled rule's patterns are compiled into RE2 sets so that a message is
/// scanned once for each distinct normalised text, whatever the number of rules: levels whose texts come out
/// the same (most plain chat) share one scan.
public final class RuleSet: Sendable {
    /// Every rule, enabled or not, in file order.
    public let rules: [CompiledRule]
    /// A digest of the rules files, to tell which rules were in force.
    public let digest: String
    let scanners: [FieldScanner]

    init(rules: [CompiledRule], scanners: [FieldScanner], digest: String) {
        self.rules = rules
        self.scanners = scanners
        self.digest = digest
    }

    /// An empty rule set: it finds nothing.
    public static let empty = RuleSet(rules: [], scanners: [], digest: "")

    /// The enabled rules that fire on `message`, in file order.
    public func evaluate(_ message: Message) -> [Finding] {
        var findings: [Finding] = []
        for scanner in scanners {
            let candidates = scanner.candidates(in: message)
            guard !candidates.isEmpty else { continue }
            let source = scanner.source(of: message)
            var normalized: [NormalizationLevel: NormalizedText] = [:]
            for index in candidates {
                let level = rules[index].definition.normalization
                let text = normalized[level] ?? Normalizer(level: level).normalize(source)
                normalized[level] = text
                if let finding = rules[index].evaluate(text, context: message.context) { findings.append(finding) }
            }
        }
        return findings
    }
}

/// The rules that read one field, with an RE2 set for every combination of the normalisation levels they use.
struct FieldScanner: Sendable {
    let field: RuleField
    /// The levels in use, and a normaliser for each.
    let normalizers: [Normalizer]
    /// Indexed by a bit mask of levels: the patterns of all rules at those levels.
    let sets: [RE2Set]
    /// Indexed like `sets`: for each pattern, the index of its rule.
    let owners: [[Int]]

    /// Whether two byte buffers hold the same bytes.
    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.isEmpty || a.baseAddress == b.baseAddress || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// The field's text.
    func source(of message: Message) -> String { field == .text ? message.text : message.context.userName ?? "" }

    /// The rules whose patterns hit, in rule order. The field is normalised at each level and levels whose
    /// texts are equal are scanned together. Nothing is allocated unless a pattern hits.
    func candidates(in message: Message) -> [Int] {
        var source = source(of: message)
        var candidates: [Int] = []
        source.withUTF8 { original in
            let ascii = Normalizer.isASCII(original)
            let capacity = Normalizer.capacity(for: original.count, ascii: ascii)
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity * normalizers.count) { buffer in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: normalizers.count) { counts in
                    func text(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                        guard normalizers[index].level != .none else { return original }
                        return UnsafeBufferPointer(rebasing: buffer[(index * capacity)..<(index * capacity + counts[index])])
                    }
                    var folded: Int?
                    for index in normalizers.indices where normalizers[index].level != .none {
                        let output = UnsafeMutableBufferPointer(rebasing: buffer[(index * capacity)..<((index + 1) * capacity)])
                        if ascii, let previous = folded {
                            counts[index] = normalizers[index].normalize(
                                ascii: text(previous), from: normalizers[previous].level, into: output)
                        } else {
                            counts[index] = normalizers[index].normalize(original, into: output)
                        }
                        folded = index
                    }
                    var scanned = 0
                    for index in normalizers.indices where scanned & (1 << index) == 0 {
                        var group = 1 << index
                        for other in (index + 1)..<normalizers.count where Self.same(text(other), text(index)) {
                            group |= 1 << other
                        }
                        scanned |= group
                        sets[group].forEachMatch(in: text(index)) { candidates.append(owners[group][$0]) }
                    }
                }
            }
        }
        guard candidates.count > 1 else { return candidates }
        candidates.sort()
        var unique: [Int] = []
        unique.reserveCapacity(candidates.count)
        for rule in candidates where rule != unique.last { unique.append(rule) }
        return unique
    }
}

extension RuleSet {
    /// Every pattern the enabled rules scan for, as RE2 sees them: the ceiling a bare scan measures.
    public var enabledPatterns: [String] { rules.filter(\.definition.enabled).flatMap(\.patterns) }
}
