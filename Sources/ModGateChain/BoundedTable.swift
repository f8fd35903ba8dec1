/// Per-key state that becomes worthless at a known time: a limiter that has caught up, a window that has passed.
protocol Expiring {
    /// After this time the state is the same as no state at all.
    var expiresAt: Double { get }
}

/// A dictionary of per-key state with a hard size limit, so that a million distinct users cannot grow memory
/// without bound. When full it first drops expired entries, then those closest to expiring.
struct BoundedTable<Key: Hashable, Value: Expiring> {
    private(set) var entries: [Key: Value] = [:]
    /// The most entries kept at once.
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "a bounded table needs room for at least one entry")
        self.capacity = capacity
    }

    var count: Int { entries.count }

    /// The value for `key`; an empty table (no one muted, say) answers without hashing the key.
    subscript(key: Key) -> Value? { entries.isEmpty ? nil : entries[key] }

    /// Where `key` is, if it is there: read it with `self[position]`, write it with `set(_:at:_:now:)`,
    /// neither hashing the key again.
    func position(of key: Key) -> Dictionary<Key, Value>.Index? { entries.isEmpty ? nil : entries.index(forKey: key) }

    subscript(position: Dictionary<Key, Value>.Index) -> Value { entries.values[position] }

    /// Stores `value` for `key`, making room first when the table is full.
    mutating func set(_ key: Key, _ value: Value, now: Double) {
        set(key, at: position(of: key), value, now: now)
    }

    /// Stores `value` for `key`, found at `position` by `position(of:)` (nil: absent) with the table unchanged since.
    mutating func set(_ key: Key, at position: Dictionary<Key, Value>.Index?, _ value: Value, now: Double) {
        if let position {
            entries.values[position] = value
            return
        }
        if entries.count >= capacity { makeRoom(now: now) }
        entries[key] = value
    }

    /// Changes the value of `key` in place (starting from `initial` for a new key) and returns what `body` returns.
    mutating func update<Result>(
        _ key: Key, now: Double, initial: @autoclosure () -> Value, _ body: (inout Value) -> Result
    ) -> Result {
        if entries.count >= capacity, entries[key] == nil { makeRoom(now: now) }
        return body(&entries[key, default: initial()])
    }

    /// Drops expired entries; if that frees less than a tenth, drops the entries nearest to expiry as well.
    private mutating func makeRoom(now: Double) {
        entries = entries.filter { $0.value.expiresAt > now }
        let target = capacity - max(1, capacity / 10)
        guard entries.count > target else { return }
        let keep = entries.sorted { $0.value.expiresAt > $1.value.expiresAt }.prefix(target)
        entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}
