import Foundation
import ModGateCore
import ModGateRegex
import ModGateText

/// A loaded rules directory. Every enabled rule's patterns are compiled into RE2 sets so that a message is
/// scanned a few times, whatever the number of rules: once per level in use, or (`ScanLayout.shared`) once for
/// each distinct normalised text, as levels whose texts come out the same (most plain chat) share one scan.
public final class RuleSet: Sendable {
    /// Every rule, enabled or not, in file order.
    public let rules: [CompiledRule]
    /// A digest of the rules files, to tell which rules were in force.
    public let digest: String
    /// How the patterns are grouped into RE2 sets; a reload keeps it.
    public let layout: ScanLayout
    let scanners: [FieldScanner]

    init(rules: [CompiledRule], scanners: [FieldScanner], digest: String, layout: ScanLayout) {
        self.rules = rules
        self.scanners = scanners
        self.digest = digest
        self.layout = layout
    }

    /// The rule id of the finding a failed scan leaves.
    public static let scanFailedRule = "rules.scan_failed"

    /// Makes the next `count` scans of every set fail as an RE2 DFA out of memory does, for tests.
    package func failScans(_ count: Int) {
        for scanner in scanners { for set in scanner.sets { try? set.compile().failScans(count) } }
    }

    /// Compiles every RE2 set now, so that no message waits for one: the gateway calls it before it puts
    /// rules in force. A one-off run leaves the sets its messages never need uncompiled.
    public func compileAllSets() {
        try? LazyRE2Set.compileAll(scanners.flatMap(\.sets))
    }

    /// An empty rule set: it finds nothing.
    public static let empty = RuleSet(rules: [], scanners: [], digest: "", layout: .shared)

    /// The enabled rules that fire on `message`, in file order. A scan RE2 could not finish (its DFA ran out of
    /// memory) fails closed: it adds a `rules.scan_failed` finding that asks for `fallback`.
    public func evaluate(_ message: Message, onScanFailure fallback: Action = .hold) -> [Finding] {
        scan(message).findings(for: message, onScanFailure: fallback)
    }

    /// Scans every field of `message`: the costly part of `evaluate`, which reads only the message's text and
    /// sender name, so it can run ahead of the chain.
    public func scan(_ message: Message) -> RuleScan {
        var scan = RuleScan(ruleSet: self)
        for index in scanners.indices {
            var failure: RegexScanError?
            let candidates = scanners[index].candidates(in: message, failure: &failure)
            guard failure != nil || !candidates.isEmpty else { continue }
            scan.fields.append(RuleScan.Field(scanner: index, candidates: candidates, failure: failure))
        }
        return scan
    }
}

/// The rules that read one field, with RE2 sets for the normalisation levels they use (`ScanLayout`).
struct FieldScanner: Sendable {
    let field: RuleField
    /// The levels in use, and a normaliser for each.
    let normalizers: [Normalizer]
    /// Indexed by a bit mask of levels: the patterns of all rules at those levels (with the per-level layout, only
    /// the masks of single levels hold any).
    let sets: [LazyRE2Set]
    /// Indexed like `sets`: for each pattern, the index of its rule.
    let owners: [[Int]]
    /// With `.shared`, levels whose texts are equal share one scan.
    let layout: ScanLayout

    /// Whether two byte buffers hold the same bytes.
    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.isEmpty || a.baseAddress == b.baseAddress || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// The field's text.
    func source(of message: Message) -> String { field == .text ? message.text : message.context.userName ?? "" }

    /// The rules whose patterns hit, in rule order. The field is normalised at each level; with the shared
    /// layout, levels whose texts are equal are scanned together. Nothing is allocated unless a pattern hits.
    /// A scan that fails sets `failure` and reports what the other scans found.
    func candidates(in message: Message, failure: inout RegexScanError?) -> [Int] {
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
                        for other in (index + 1)..<normalizers.count
                        where layout == .shared && Self.same(text(other), text(index)) {
                            group |= 1 << other
                        }
                        scanned |= group
                        do throws(RegexScanError) {
                            try sets[group].forEachMatch(in: text(index)) { candidates.append(owners[group][$0]) }
                        } catch {
                            failure = error
                        }
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
