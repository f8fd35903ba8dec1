extension Double {
    /// A probability with two decimals, rounded down so that 0.999 never reads 1.00 ("0.05", "0.97", "1.00").
    public var probabilityText: String {
        let hundredths = Int((Swift.min(Swift.max(self, 0), 1) * 100).rounded(.down))
        return hundredths == 100 ? "1.00" : "0.\(hundredths < 10 ? "0" : "")\(hundredths)"
    }
}
