/// Repeats a pass over a workload until enough time has passed, and reports items per second.
enum Stopwatch {
    /// Runs `pass` (which handles `itemsPerPass` items) once to warm up, then repeatedly for at least `seconds`.
    static func rate(itemsPerPass: Int, seconds: Double, _ pass: () -> Void) -> Double {
        pass()
        let clock = ContinuousClock()
        let start = clock.now
        var passes = 0
        var elapsed = Duration.zero
        repeat {
            pass()
            passes += 1
            elapsed = clock.now - start
        } while elapsed < .milliseconds(Int(seconds * 1000))
        return Double(passes * itemsPerPass) / elapsed.seconds
    }
}
