import ModGateText

extension FuzzHarness {
    /// The normaliser at every level: the three ways to normalise agree, the output fits the capacity the
    /// scanning path allocates, every output byte maps back inside the original, and ASCII text continued
    /// from a lower level comes out as if normalised at once.
    public static let normalizer = FuzzHarness(name: "normalizer") { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        var contiguous = text
        contiguous.withUTF8 { original in
            var previous: [UInt8]?
            for level in NormalizationLevel.allCases {
                let normalized = NormalizerOracle.check(original, text: text, level: level)
                if let lower = previous, Normalizer.isASCII(original), level > .basic {
                    NormalizerOracle.checkContinued(lower, from: level, equals: normalized, original: text)
                }
                if level >= .basic { previous = normalized }
            }
        }
    }
}

private enum NormalizerOracle {
    /// The normalised bytes of `original` at `level`, checked.
    static func check(_ original: UnsafeBufferPointer<UInt8>, text: String, level: NormalizationLevel) -> [UInt8] {
        let normalizer = Normalizer(level: level)
        let mapped = normalizer.normalize(text)
        let capacity = Normalizer.capacity(for: original.count, ascii: Normalizer.isASCII(original))
        expect(mapped.utf8.count <= capacity, "\(level): \(mapped.utf8.count) bytes from \(text.debugDescription), capacity \(capacity)")
        let direct = [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
            count = normalizer.normalize(original, into: output)
        }
        expect(direct == mapped.utf8, "\(level): normalize(into:) differs from normalize(_:) on \(text.debugDescription)")
        normalizer.withNormalizedBytes(of: original) { scanned in
            expect(scanned.elementsEqual(mapped.utf8), "\(level): the scanning path differs on \(text.debugDescription)")
        }
        for index in mapped.utf8.indices {
            let origin = mapped.originalRange(of: index..<(index + 1))
            expect(origin.lowerBound >= 0 && origin.upperBound <= original.count, "\(level): byte \(index) maps to \(origin) of \(text.debugDescription)")
        }
        let whole = mapped.originalRange(of: 0..<mapped.utf8.count)
        expect(whole.upperBound <= original.count, "\(level): the whole text maps to \(whole) of \(original.count) bytes")
        return mapped.utf8
    }

    /// ASCII text normalised at a lower level and continued to `level` equals `normalized`.
    static func checkContinued(_ lower: [UInt8], from level: NormalizationLevel, equals normalized: [UInt8], original: String) {
        let below = NormalizationLevel.allCases.last { $0 < level }!
        let continued = lower.withUnsafeBufferPointer { previous in
            [UInt8](unsafeUninitializedCapacity: Normalizer.capacity(for: previous.count, ascii: true)) { output, count in
                count = Normalizer(level: level).normalize(ascii: previous, from: below, into: output)
            }
        }
        expect(continued == normalized, "\(level) from \(below) differs on \(original.debugDescription)")
    }
}
