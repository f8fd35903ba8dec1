import Foundation
import ModGateRegex
import Synchronization

/// An RE2 set compiled when it is first scanned, or by `compile()`: most messages need only the set of the
/// levels that all normalise alike, so a one-off run (`modgate check`) compiles few of a field's sets.
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

    /// Compiles `sets` side by side; throws what RE2 says of the first that fails, for the loader to report.
    static func compileAll(_ sets: [LazyRE2Set]) throws(RegexError) {
        let failure = Mutex<RegexError?>(nil)
        DispatchQueue.concurrentPerform(iterations: sets.count) { index in
            do throws(RegexError) { _ = try sets[index].compile() } catch { failure.withLock { $0 = $0 ?? error } }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Calls `body` with the index of every pattern that matches `text`. A set that cannot be compiled (RE2's
    /// memory budget, which the set of every pattern met at load) fails like a scan that ran out of memory.
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) throws(RegexScanError) {
        guard let set = try? compile() else { throw RegexScanError(patterns: patterns.count, textBytes: text.count) }
        try set.forEachMatch(in: text, body)
    }
}
