/// How a field's patterns are grouped into RE2 sets. Both layouts find the same rules; they differ in speed,
/// and in what a load proves: only the shared layout compiles the set of every pattern of a level mix, which
/// the gateway needs to fit RE2's memory budget (`rules check` and the gateway load shared).
public enum ScanLayout: Sendable {
    /// A set for every combination of the normalisation levels in use, so that levels whose texts come out the
    /// same share one scan. Fewest scans: the fastest once RE2 has built the automata's states, as in a
    /// long-running gateway.
    case shared
    /// One set per level, each level's text scanned by its own set. More scans, but much smaller automata,
    /// whose states RE2 builds faster: the fastest for one pass over unseen text (`modgate check`).
    case perLevel
}
