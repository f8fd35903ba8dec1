/// FNV-1a over bytes, finished with a murmur3 avalanche so that the low bits index a table well.
struct FeatureHash {
    private(set) var value: UInt32

    /// A fresh hash for features of `kind`, so that equal bytes of different kinds land apart.
    init(kind: UInt8) {
        value = 2_166_136_261
        add(kind)
    }

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt32(byte)) &* 16_777_619
    }

    /// The finished hash.
    var mixed: UInt32 { Self.mix(value) }

    /// The hash of two words in a row: an ordered combination of their hashes.
    static func pair(_ first: UInt32, _ second: UInt32) -> UInt32 {
        mix(first &* 0x9E37_79B1 ^ second)
    }

    /// murmur3's finaliser: every input bit moves about half the output bits.
    private static func mix(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        h &*= 0xC2B2_AE35
        h ^= h >> 16
        return h
    }

    /// The hash of a single-byte feature of `kind`, such as a length bucket.
    static func of(kind: UInt8, _ byte: UInt8) -> UInt32 {
        var hash = FeatureHash(kind: kind)
        hash.add(byte)
        return hash.mixed
    }
}
