import Foundation

/// `JSONSerialization` as the oracles' reference for "is this JSON", less one difference the readers keep on
/// purpose: numbers beyond `Double`'s range are JSON (RFC 8259 leaves their range to the reader, and the readers
/// skip them by their grammar), where `JSONSerialization` refuses them.
enum FoundationJSON {
    /// Whether `JSONSerialization` reads `json` once each number it names as too large becomes 0.
    static func accepts(_ json: [UInt8], fragmentsAllowed: Bool = false) -> Bool {
        var json = json
        while true {
            do {
                _ = try JSONSerialization.jsonObject(with: Data(json), options: fragmentsAllowed ? [.fragmentsAllowed] : [])
                return true
            } catch {
                let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
                let (prefix, suffix) = ("Number ", " is not representable in Swift.")
                guard reason.hasPrefix(prefix), reason.hasSuffix(suffix) else { return false }
                let number = Array(reason.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count))
                let replaced = json.replacing(number, with: [UInt8(ascii: "0")])
                guard replaced != json else { return false }
                json = replaced
            }
        }
    }
}
