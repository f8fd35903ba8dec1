/// The figures of `modgate bench store`: each turn's rates and their ratio, and the medians.
struct StoreBenchReport: Encodable {
    struct Turn: Encodable {
        var storeRowsPerSecond: Double
        var rawRowsPerSecond: Double
        var ratio: Double
        /// Rows per group-commit transaction, on average.
        var storeBatch: Double

        private enum CodingKeys: String, CodingKey {
            case ratio
            case storeRowsPerSecond = "store_rows_per_second"
            case rawRowsPerSecond = "raw_rows_per_second"
            case storeBatch = "store_rows_per_transaction"
        }
    }

    var database: String
    var rows: Int
    var batch: Int
    var turns: [Turn] = []
    /// The median of the turns' ratios: the figure that does not drift with the machine.
    var medianRatio = 0.0

    private enum CodingKeys: String, CodingKey {
        case database, rows, batch, turns
        case medianRatio = "median_ratio"
    }

    init(database: String, rows: Int, batch: Int) {
        self.database = database
        self.rows = rows
        self.batch = batch
    }

    mutating func add(storeSeconds: Double, rawSeconds: Double, transactions: Int) {
        let store = (Double(rows) / storeSeconds).rounded()
        let raw = (Double(rows) / rawSeconds).rounded()
        turns.append(
            Turn(
                storeRowsPerSecond: store, rawRowsPerSecond: raw, ratio: (store / raw * 1000).rounded() / 1000,
                storeBatch: (Double(rows) / Double(max(1, transactions)) * 10).rounded() / 10))
        medianRatio = turns.map(\.ratio).sorted()[turns.count / 2]
    }

    var text: String {
        let lines = turns.enumerated().map { index, turn in
            "turn \(index + 1):  store \(Int(turn.storeRowsPerSecond)) rows/s (\(turn.storeBatch) rows per transaction), "
                + "plain insert \(Int(turn.rawRowsPerSecond)) rows/s, ratio \(turn.ratio)"
        }
        return """
            database:  \(database), \(rows) rows per turn, batches of at most \(batch)
            \(lines.joined(separator: "\n"))
            median ratio (store / plain insert): \(medianRatio)
            """
    }
}
