import Dispatch

/// A start-up step run on another thread while the caller does another: the spam model is read while the
/// rules compile. `value()` waits for it.
final class BackgroundLoad<Value: Sendable>: @unchecked Sendable {
    // Written once on the worker before `done.leave()`, read only after `done.wait()`.
    private var result: Result<Value, ChainBuildError>?
    private let done = DispatchGroup()

    init(_ work: @escaping @Sendable () throws(ChainBuildError) -> Value) {
        done.enter()
        DispatchQueue.global().async {
            self.result = Result(catching: work)
            self.done.leave()
        }
    }

    func value() throws(ChainBuildError) -> Value {
        done.wait()
        return try result!.get()
    }
}
