import ModGateChain
import ModGateCore

/// `check`'s output lines written straight into bytes, keys sorted as JSONEncoder's `.sortedKeys` writes them:
/// an encoder per line cost more than the whole chain.
enum CheckOutput {
    /// `{"findings":[...],"line":N,"reason":...,"redacted":...,"retry_after":...,"score":S,"verdict":"..."}`
    static func verdict(_ report: VerdictReport, line: Int, into out: inout [UInt8]) {
        out.appendKey("findings", first: true)
        out.append(UInt8(ascii: "["))
        for (index, finding) in report.findings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            self.finding(finding, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        out.appendKey("line")
        out.appendJSON(line)
        if let reason = report.reason {
            out.appendKey("reason")
            out.appendJSON(reason)
        }
        if let redacted = report.redacted {
            out.appendKey("redacted")
            out.appendJSON(redacted)
        }
        if let retryAfter = report.retryAfter {
            out.appendKey("retry_after")
            out.appendJSON(retryAfter)
        }
        out.appendKey("score")
        out.appendJSON(report.score)
        out.appendKey("verdict")
        out.appendJSON(report.verdict)
        out.append(UInt8(ascii: "}"))
    }

    /// `{"error":"...","line":N}`
    static func error(_ error: CheckLineError, into out: inout [UInt8]) {
        out.appendKey("error", first: true)
        out.appendJSON(error.message)
        out.appendKey("line")
        out.appendJSON(error.line)
        out.append(UInt8(ascii: "}"))
    }

    private static func finding(_ finding: FindingReport, into out: inout [UInt8]) {
        out.appendKey("action", first: true)
        out.appendJSON(finding.action)
        out.appendKey("mode")
        out.appendJSON(finding.mode)
        out.appendKey("reason")
        out.appendJSON(finding.reason)
        if let retryAfter = finding.retryAfter {
            out.appendKey("retry_after")
            out.appendJSON(retryAfter)
        }
        out.appendKey("rule")
        out.appendJSON(finding.rule)
        out.appendKey("score")
        out.appendJSON(finding.score)
        if let spans = finding.spans {
            out.appendKey("spans")
            out.append(UInt8(ascii: "["))
            for (index, span) in spans.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.appendKey("end", first: true)
                out.appendJSON(span.end)
                out.appendKey("start")
                out.appendJSON(span.start)
                out.appendKey("text")
                out.appendJSON(span.text)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.appendKey("stage")
        out.appendJSON(finding.stage)
        out.append(UInt8(ascii: "}"))
    }
}

extension [UInt8] {
    /// `"key":`, after `{` for the first key of an object, else after `,`.
    mutating func appendKey(_ key: StaticString, first: Bool = false) {
        append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
        append(UInt8(ascii: "\""))
        key.withUTF8Buffer { append(contentsOf: $0) }
        append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// A JSON string: quotes, backslashes and control characters escaped, "/" and non-ASCII as they are.
    mutating func appendJSON(_ text: String) {
        append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x0A: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: append(byte)
            }
        }
        append(UInt8(ascii: "\""))
    }

    mutating func appendJSON(_ number: Int) { append(contentsOf: String(number).utf8) }

    /// A number as JSONEncoder writes it: whole values without ".0"; null for NaN and infinities.
    mutating func appendJSON(_ number: Double) {
        guard number.isFinite else { return append(contentsOf: "null".utf8) }
        append(contentsOf: number.scoreText.utf8)
    }
}
