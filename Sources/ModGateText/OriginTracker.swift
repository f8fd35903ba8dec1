/// Follows each normalised byte back to the original bytes it came from, through every pass.
/// The scanning path uses `NoOrigins`, which compiles away; spans are mapped with `Origins`.
protocol OriginTracker {
    /// A new output byte made from original bytes `start..<end`.
    mutating func append(_ start: Int, _ end: Int)
    /// Output byte `from` moves to `to` (to <= from) as a pass compacts the text.
    mutating func move(_ from: Int, to: Int)
    /// Output byte `to` now also covers what byte `from` came from (to < from).
    mutating func extend(_ to: Int, through from: Int)
    /// Keeps the first `count` bytes.
    mutating func truncate(_ count: Int)
}

/// Tracks nothing: for scanning, where only the bytes matter.
struct NoOrigins: OriginTracker {
    @inline(__always) mutating func append(_ start: Int, _ end: Int) {}
    @inline(__always) mutating func move(_ from: Int, to: Int) {}
    @inline(__always) mutating func extend(_ to: Int, through from: Int) {}
    @inline(__always) mutating func truncate(_ count: Int) {}
}

/// The original byte range of every output byte.
struct Origins: OriginTracker {
    var starts: [Int32] = []
    var ends: [Int32] = []

    mutating func append(_ start: Int, _ end: Int) {
        starts.append(Int32(start))
        ends.append(Int32(end))
    }

    mutating func move(_ from: Int, to: Int) {
        starts[to] = starts[from]
        ends[to] = ends[from]
    }

    mutating func extend(_ to: Int, through from: Int) { ends[to] = ends[from] }

    mutating func truncate(_ count: Int) {
        starts.removeLast(starts.count - count)
        ends.removeLast(ends.count - count)
    }
}
