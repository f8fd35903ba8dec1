extension FixedWidthInteger {
    /// `value` rounded toward zero and held within the type's range (NaN reads as 0): a conversion that cannot
    /// trap, for doubles whose size nothing upstream promises (stored times, sums of outside numbers).
    @inlinable
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= Double(Self.max) {
            self = .max
        } else if value <= Double(Self.min) {
            self = .min
        } else {
            self.init(value)
        }
    }
}

extension Duration {
    /// `seconds` as a duration to the millisecond, held within 0 ... `DurationText.maximum` (NaN reads as 0).
    public static func bounded(seconds: Double) -> Duration {
        .milliseconds(Int64(saturating: min(max(seconds, 0), DurationText.maximum) * 1000))
    }
}
