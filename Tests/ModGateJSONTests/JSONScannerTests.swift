import ModGateJSON
import Testing

/// Runs `body` over a scanner of `text` with a nesting limit of `maxDepth`.
private func scan<T>(_ text: String, maxDepth: Int = 8, _ body: (inout JSONScanner) throws(JSONScanner.SyntaxError) -> T)
    -> Result<T, JSONScanner.SyntaxError>
{
    var text = text
    return text.withUTF8 { bytes in
        var scanner = JSONScanner(bytes, maxDepth: maxDepth)
        return Result { () throws(JSONScanner.SyntaxError) in try body(&scanner) }
    }
}

/// Every key of a flat object with its value read as text (strings), a number (digits) or skipped.
private func keys(_ text: String) -> Result<[String], JSONScanner.SyntaxError> {
    scan(text) { scanner throws(JSONScanner.SyntaxError) in
        var found: [String] = []
        try scanner.beginObject()
        while let key = try scanner.nextKey(first: found.isEmpty) {
            switch scanner.peek {
            case UInt8(ascii: "\""): found.append("\(key)=\(try scanner.string())")
            case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
                found.append("\(key)=\(try scanner.numberText())")
            default:
                try scanner.skipValue()
                found.append(key)
            }
        }
        return found
    }
}

@Test func readsKeysStringsAndNumbersAndSkipsTheRest() throws {
    let text = #" { "a" : "x\u00e9\ud83d\ude00" , "b": -1.5e+3, "c": {"d": [true, false, null, {}]}, "e": 0 } "#
    #expect(try keys(text).get() == ["a=xé😀", "b=-1.5e+3", "c", "e=0"])
    #expect(try keys("{}").get() == [])
}

@Test(arguments: [
    (#"{"a": 1} x"#, 9, "text after the object"), (#"{"a" 1}"#, 5, "expected ':' after a key"),
    (#"{"a": 01}"#, 7, "expected ',' or '}'"), (#"{"a": 1.}"#, 8, "expected a digit"), (#"{"a": -}"#, 7, "expected a digit"),
    (#"{"a": "\ud83d"}"#, 14, "a \\u escape that is half a pair"), (#"{"a": "\x"}"#, 10, "an unknown escape \\x"),
    (#"{a: 1}"#, 1, "expected a key in double quotes"), (#"[1]"#, 0, "expected '{'"), (#"{"a": nul}"#, 6, "expected a value"),
])
func saysWhereTheTextStopsBeingJSON(text: String, offset: Int, what: String) {
    #expect(keys(text) == .failure(JSONScanner.SyntaxError(offset: offset, what: what)))
}

@Test func skippedValuesNestOnlyAsDeepAsAllowed() {
    let nested = #"{"a": [[[1]]]}"#
    #expect((try? keys(nested).get()) == ["a"])
    let refused = scan(nested, maxDepth: 3) { scanner throws(JSONScanner.SyntaxError) in
        try scanner.beginObject()
        _ = try scanner.nextKey(first: true)
        try scanner.skipValue()
        return true
    }
    #expect(refused == .failure(JSONScanner.SyntaxError(offset: 9, what: "values nested more than 3 deep")))
}

@Test func refusesInvalidUTF8InStrings() {
    let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
    let read = bytes.withUnsafeBufferPointer { buffer in
        var scanner = JSONScanner(buffer, maxDepth: 8)
        return Result { () throws(JSONScanner.SyntaxError) in
            try scanner.beginObject()
            _ = try scanner.nextKey(first: true)
            return try scanner.string()
        }
    }
    #expect(read == .failure(JSONScanner.SyntaxError(offset: 10, what: "a string that is not valid UTF-8")))
}
