/// The Luhn checksum that payment card numbers carry.
enum Luhn {
    /// Whether the digits in `bytes` (other characters ignored) are 13 to 19 digits that pass the Luhn check.
    static func isValid<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var sum = 0
        var count = 0
        for byte in bytes.reversed() where (0x30...0x39).contains(byte) {
            var digit = Int(byte - 0x30)
            if count % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
            count += 1
        }
        return (13...19).contains(count) && sum % 10 == 0
    }
}
