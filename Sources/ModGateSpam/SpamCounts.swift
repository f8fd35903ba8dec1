/// One class's counts: its messages, its features in all, and its features per table entry.
struct SpamCounts: Sendable {
    var messages = 0
    var total = 0
    var table = [UInt32](repeating: 0, count: SpamModel.tableSize)

    /// Counts one message with the features at `indices`.
    mutating func add(message indices: [UInt32]) {
        messages += 1
        total += indices.count
        for index in indices { table[Int(index)] &+= 1 }
    }

    /// Puts back the count at `index` that a model file holds.
    mutating func restore(_ count: UInt32, at index: Int) {
        table[index] = count
        total += Int(count)
    }
}
