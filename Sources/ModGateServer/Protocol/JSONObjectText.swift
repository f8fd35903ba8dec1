/// Compact JSON object text written field by field, for the frames sent for every message (`ack`, `msg`),
/// where `JSONEncoder`'s generic machinery costs more than the rest of the path. The output holds what
/// `JSONEncoder` writes (the same fields and values, slashes unescaped), in declaration order.
struct JSONObjectText {
    private(set) var text: String
    private var empty = true

    /// - Parameter capacity: the expected length, so that the text grows once at most.
    init(capacity: Int) {
        text = "{"
        text.reserveCapacity(capacity)
    }

    mutating func add(_ key: String, _ value: String) {
        addKey(key)
        text.append("\"")
        appendEscaped(value)
        text.append("\"")
    }

    mutating func add(_ key: String, _ value: Int64) {
        addKey(key)
        text.append(String(value))
    }

    /// A number; a value JSON cannot hold (infinity, NaN) is written as null.
    mutating func add(_ key: String, _ value: Double) {
        addKey(key)
        text.append(value.isFinite ? value.description : "null")
    }

    /// Adds the field when there is a value, as `encodeIfPresent` does.
    mutating func add(_ key: String, _ value: String?) {
        if let value { add(key, value) }
    }

    mutating func add(_ key: String, _ value: Int64?) {
        if let value { add(key, value) }
    }

    mutating func add(_ key: String, _ value: Double?) {
        if let value { add(key, value) }
    }

    /// A value that is JSON text already (an object, an array).
    mutating func addRaw(_ key: String, _ json: String) {
        addKey(key)
        text.append(json)
    }

    /// The finished object.
    mutating func close() -> String {
        text.append("}")
        return text
    }

    private mutating func addKey(_ key: String) {
        if !empty { text.append(",") }
        empty = false
        text.append("\"")
        text.append(key)
        text.append("\":")
    }

    /// Quotes, backslashes and control characters escaped; everything else, slashes and non-ASCII included, as is.
    private mutating func appendEscaped(_ value: String) {
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            text.append(value)
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            case "\u{08}": text.append("\\b")
            case "\u{0C}": text.append("\\f")
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                text.append("\\u" + String(repeating: "0", count: 4 - hex.utf8.count) + hex)
            default: text.unicodeScalars.append(scalar)
            }
        }
    }
}

extension ServerFrame {
    /// An ack's JSON text, written by hand: this runs once per message.
    public static func encode(_ ack: Ack) -> String {
        var json = JSONObjectText(capacity: 96 + (ack.cid?.utf8.count ?? 0) + (ack.reason?.utf8.count ?? 0))
        json.add("op", ack.op)
        json.add("cid", ack.cid)
        json.add("id", ack.id)
        json.add("status", ack.status)
        json.add("reason", ack.reason)
        json.add("retry_after", ack.retryAfter)
        return json.close()
    }

    /// A message's JSON text, written by hand: this runs once per message.
    public static func encode(_ msg: Msg) -> String {
        var json = JSONObjectText(capacity: 96 + msg.room.utf8.count + msg.user.utf8.count + msg.text.utf8.count)
        json.add("op", msg.op)
        json.add("room", msg.room)
        json.add("seq", msg.seq)
        json.add("id", msg.id)
        json.add("user", msg.user)
        json.add("text", msg.text)
        json.add("ts", msg.ts)
        return json.close()
    }
}
