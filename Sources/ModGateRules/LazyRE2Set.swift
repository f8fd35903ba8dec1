import Dispatch
import ModGateRegex
import Synchronization

/// An RE2 set compiled when it is first scanned, or by `compile()`: in the shared layout most messages need only
/// the set of the levels that all normalise alike, so a one-off run (`rules test`, a benchmark) compiles few of
/// a field's sets.
/// After the first compile a scan costs one atomic load.
final class LazyRE2Set: Sendable {
    private let patterns: [String]
    private let compiled = AtomicLazyReference<RE2Set>()

    /// A set of `patterns`, each of which RE2 has already accepted alone.
    init(_ patterns: [String]) { self.patterns = patterns }

    /// The compiled set, compiling it if nobody has yet.
    func compile() throws(RegexError) -> RE2Set {
        if let set = compiled.load() { return set }
        return compiled.storeIfNil(try RE2Set(patterns))
    }

    /// Compiles `sets` side by side; throws what RE2 says of the first in order that fails, for the loader to report.
    static func compileAll(_ sets: [LazyRE2Set]) throws(RegexError) {
        let failures = Mutex([RegexError?](repeating: nil, count: sets.count))
        DispatchQueue.concurrentPerform(iterations: sets.count) { index in
            do throws(RegexError) { _ = try sets[index].compile() } catch { failures.withLock { $0[index] = error } }
        }
        if let error = failures.withLock({ $0.lazy.compactMap { $0 }.first }) { throw error }
    }

    /// Calls `body` with the index of every pattern that matches `text`. A set that cannot be compiled (RE2's
    /// memory budget, which the set of every pattern met at load) fails like a scan that ran out of memory.
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) throws(RegexScanError) {
        guard let set = try? compile() else { throw RegexScanError(patterns: patterns.count, textBytes: text.count) }
        try set.forEachMatch(in: text, body)
    }
}
