import Dispatch

/// Nanoseconds on the monotonic clock every client of one load-generator process shares.
enum Monotonic {
    static func nanos() -> Int64 {
        Int64(DispatchTime.now().uptimeNanoseconds)
    }
}

/// At most `capacity` samples spread evenly over however many were offered: when full it keeps every
/// other one and from then on takes every second (fourth, ...) offer, so memory stays bounded on long runs.
struct SampleBuffer<Element> {
    private(set) var samples: [Element] = []
    private(set) var offered = 0
    private var stride = 1
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(2, capacity)
        samples.reserveCapacity(min(self.capacity, 1 << 16))
    }

    mutating func offer(_ sample: Element) {
        defer { offered += 1 }
        guard offered % stride == 0 else { return }
        if samples.count == capacity {
            samples = samples.enumerated().compactMap { $0.offset % 2 == 0 ? $0.element : nil }
            stride *= 2
            guard offered % stride == 0 else { return }
        }
        samples.append(sample)
    }
}

extension SampleBuffer: Sendable where Element: Sendable {}

/// Exact percentiles of latencies in nanoseconds, from a sorted copy (HdrHistogram-like figures without buckets).
struct LatencySummary: Encodable {
    var samples: Int
    var p50: Double
    var p99: Double
    var p999: Double
    var max: Double

    private enum CodingKeys: String, CodingKey {
        case samples
        case p50 = "p50_ms"
        case p99 = "p99_ms"
        case p999 = "p999_ms"
        case max = "max_ms"
    }

    init(nanos: [Int64]) {
        let sorted = nanos.sorted()
        samples = sorted.count
        func at(_ quantile: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = Swift.min(sorted.count - 1, Int((quantile * Double(sorted.count)).rounded(.up)) - 1)
            return (Double(sorted[Swift.max(0, index)]) / 1e3).rounded() / 1e3
        }
        p50 = at(0.5)
        p99 = at(0.99)
        p999 = at(0.999)
        max = at(1)
    }

    /// "p50 0.41 ms, p99 2.3 ms, p99.9 4.0 ms (12345 samples)".
    var text: String {
        guard samples > 0 else { return "n/a (no samples)" }
        return "p50 \(Self.ms(p50)) ms, p99 \(Self.ms(p99)) ms, p99.9 \(Self.ms(p999)) ms, max \(Self.ms(max)) ms (\(samples) samples)"
    }

    static func ms(_ value: Double) -> String { String(Double((value * 1000).rounded()) / 1000) }
}
