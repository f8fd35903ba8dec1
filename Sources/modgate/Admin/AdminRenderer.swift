import Foundation
import ModGateAPI

/// Everything the admin commands print, as strings: tables that fit `width` columns and the item view
/// triage and `queue show` share, from the admin API's generated types. No I/O, so tests can pin it.
struct AdminRenderer {
    /// The clock relative times are measured against.
    var now: Double
    /// ANSI reverse video for matched spans (off when not a terminal or NO_COLOR is set).
    var color: Bool
    var width = 80

    static let reverse = "\u{1B}[7m"
    static let reverseOff = "\u{1B}[27m"
    static let bold = "\u{1B}[1m"
    static let reset = "\u{1B}[0m"

    // MARK: Queue

    /// The queue as a table: pending items show the score, decided ones who decided.
    func queueTable(_ items: [QueueItem]) -> [String] {
        let decided = items.contains { $0.status != .pending }
        var columns: [Table.Column] = [
            .init(title: "ID", width: 7, right: true), .init(title: "AGE", width: 4), .init(title: "ROOM", width: 9),
            .init(title: "USER", width: 9), .init(title: "RULE", width: 15),
        ]
        columns.append(decided ? .init(title: "DECIDED", width: 9) : .init(title: "SCORE", width: 5, right: true))
        columns.append(.init(title: "TEXT", width: 0))
        let rows = items.map { item -> [String] in
            let last: String
            if decided {
                last = item.status == .pending ? "pending" : "\(item.status == .approved ? "+" : "-")\(item.decidedBy ?? "?")"
            } else {
                last = (item.score ?? 0).scoreText
            }
            return [String(item.id), When.amount(max(0, now - item.createdAt)), item.room, item.user, rulesCell(item.rules, 15), last, item.text]
        }
        return Table(columns: columns, width: width).render(rows)
    }

    /// The first rule, cut to fit, with "+N" for the others.
    func rulesCell(_ rules: [String], _ columns: Int) -> String {
        guard let first = rules.first else { return "-" }
        guard rules.count > 1 else { return first }
        let more = "+\(rules.count - 1)"
        return TextLayout.truncate(first, to: columns - more.count) + more
    }

    /// The line after the table: how many, who holds claims, and whether the limit cut the list.
    func queueFooter(_ items: [QueueItem], limit: Int, me: String? = nil) -> [String] {
        var lines: [String] = []
        let claimed = items.compactMap { item in item.claimHolder(now: now).map { "\(item.id) (\($0))" } }
        if !claimed.isEmpty { lines.append(fitLine("claimed: " + claimed.joined(separator: ", "))) }
        if items.count >= limit { lines.append("showing the oldest \(items.count); --limit \(min(1000, limit * 10)) for more") }
        return lines
    }

    // MARK: One item

    /// A held message with everything needed to decide it: the text with matched spans highlighted,
    /// the rules and scores, the sender's standing and recent messages in the room, and what came before it.
    func detail(_ detail: QueueDetail, position: String? = nil) -> [String] {
        let item = detail.item
        var lines: [String] = []
        var state = item.status.rawValue
        if let holder = item.claimHolder(now: now) {
            state += ", claimed by \(TextLayout.sanitize(holder))" + (item.claimExpires.map { " for \(When.amount($0 - now)) more" } ?? "")
        }
        if let by = item.decidedBy {
            state += " by \(by)" + (item.decidedAt.map { " \(When.relative($0, now: now))" } ?? "")
        }
        let prefix = position.map { "[\($0)] " } ?? ""
        lines.append(
            fitLine(strong("\(prefix)#\(item.id)") + " in \(TextLayout.sanitize(item.room)) from \(TextLayout.sanitize(item.user)), held \(When.relative(item.createdAt, now: now)) (\(state))"))
        let spans = detail.findings.flatMap { $0.spans ?? [] }
        lines.append("  " + highlighted(item.text, spans: spans).replacingOccurrences(of: "\n", with: "\n  "))
        var why = "score \((item.score ?? 0).scoreText)"
        if let reason = item.reason, !reason.isEmpty { why += ": " + TextLayout.sanitize(reason) }
        lines.append(fitLine(why))
        if let note = item.note, !note.isEmpty { lines.append(fitLine("note: " + TextLayout.sanitize(note))) }
        // Without findings (an item held before they were kept), the item's rules alone.
        let findings: [(rule: String, action: String, score: Double?, shadow: Bool, matched: [String])] =
            detail.findings.isEmpty
            ? item.rules.map { ($0, "score", nil, false, []) }
            : detail.findings.map { ($0.rule, $0.action.rawValue, $0.score, $0.mode == .shadow, ($0.spans ?? []).map(\.text)) }
        if !findings.isEmpty {
            lines.append("rules:")
            for finding in findings {
                var line = "  " + TextLayout.fit(TextLayout.sanitize(finding.rule), 28)
                line += " " + TextLayout.fit(finding.action, 6)
                line += " " + TextLayout.fit(finding.score.map { ($0 >= 0 ? "+" : "") + $0.scoreText } ?? "", 5)
                if finding.shadow { line += " (shadow)" }
                let matched = finding.matched.map { "\"\(TextLayout.sanitize($0))\"" }
                if !matched.isEmpty { line += " " + matched.joined(separator: " ") }
                lines.append(fitLine(line))
            }
        }
        lines.append(fitLine(standing(user: item.user, detail.standing)))
        let here = detail.history.filter { $0.room == item.room && $0.id != item.id }
        let elsewhere = detail.history.filter { $0.room != item.room }.count
        if !here.isEmpty || elsewhere > 0 {
            lines.append(fitLine("\(TextLayout.sanitize(item.user))'s recent messages in \(TextLayout.sanitize(item.room)):" + (here.isEmpty ? " none" : "")))
            for entry in here.prefix(5) { lines.append(historyLine(entry)) }
            if here.count > 5 { lines.append("  … \(here.count - 5) more") }
            if elsewhere > 0 { lines.append("  (\(elsewhere) more in other rooms)") }
        }
        if !detail.context.isEmpty {
            lines.append(fitLine("before it in \(TextLayout.sanitize(item.room)):"))
            for message in detail.context.suffix(5) {
                lines.append(fitLine("  " + TextLayout.fit(When.amount(max(0, now - message.ts)), 4) + " "
                    + TextLayout.sanitize(message.user) + ": " + TextLayout.sanitize(message.text)))
            }
        }
        return lines
    }

    private func historyLine(_ entry: HistoryEntry) -> String {
        let verdict = Self.verdictText(entry)
        return fitLine("  " + TextLayout.fit(When.amount(max(0, now - entry.ts)), 4) + " " + TextLayout.fit(verdict, 16) + " "
            + TextLayout.sanitize(entry.text))
    }

    /// "hold/pending", "allow/delivered"; one word when the verdict and the status agree or one is missing.
    static func verdictText(_ entry: HistoryEntry) -> String {
        let verdict = entry.verdict.rawValue
        return entry.status.isEmpty || entry.status == verdict ? verdict : "\(verdict)/\(entry.status)"
    }

    /// "user u17: trust 0.42, first seen 3d ago, muted for 8m more, banned".
    func standing(user: String, _ standing: Standing?) -> String {
        var parts: [String] = []
        if let trust = standing?.trust { parts.append("trust " + String(format: "%.2f", trust)) }
        if let first = standing?.firstSeen { parts.append("first seen \(When.relative(first, now: now))") }
        if let muted = standing?.mutedUntil, muted > now { parts.append("muted for \(When.amount(muted - now)) more") }
        if standing?.banned == true { parts.append("banned") }
        return "user \(TextLayout.sanitize(user)): " + (parts.isEmpty ? "no record" : parts.joined(separator: ", "))
    }

    /// The message with the matched UTF-8 byte spans in reverse video (or «» without colour), sanitized.
    func highlighted(_ text: String, spans: [MatchSpan]) -> String {
        let bytes = Array(text.utf8)
        let ranges = spans.map { (max(0, min($0.start, bytes.count)), max(0, min($0.end, bytes.count))) }
            .filter { $0.0 < $0.1 }.sorted { $0.0 < $1.0 }
        var merged: [(Int, Int)] = []
        for range in ranges {
            if let last = merged.last, range.0 <= last.1 {
                merged[merged.count - 1].1 = max(last.1, range.1)
            } else {
                merged.append(range)
            }
        }
        let (on, off) = color ? (Self.reverse, Self.reverseOff) : ("«", "»")
        var out = ""
        var position = 0
        func piece(_ from: Int, _ to: Int) -> String {
            TextLayout.sanitize(String(decoding: bytes[from..<to], as: UTF8.self), keepNewlines: true)
        }
        for (start, end) in merged {
            out += piece(position, start) + on + piece(start, end) + off
            position = end
        }
        return out + piece(position, bytes.count)
    }

    // MARK: Users

    func user(_ report: UserReport) -> [String] {
        var lines = [fitLine(standing(user: report.id, Standing(trust: report.trust, firstSeen: report.firstSeen, mutedUntil: report.mutedUntil, banned: report.banned)))]
        guard !report.history.isEmpty else { return lines + ["no recent messages"] }
        let columns: [Table.Column] = [
            .init(title: "ID", width: 7, right: true), .init(title: "AGE", width: 4), .init(title: "ROOM", width: 10),
            .init(title: "VERDICT", width: 16), .init(title: "TEXT", width: 0),
        ]
        let rows = report.history.map { entry -> [String] in
            [String(entry.id), When.amount(max(0, now - entry.ts)), entry.room, Self.verdictText(entry), entry.text]
        }
        lines += Table(columns: columns, width: width).render(rows)
        return lines
    }

    // MARK: Audit

    static let auditColumns: [Table.Column] = [
        .init(title: "ID", width: 7, right: true), .init(title: "AGE", width: 4), .init(title: "ACTOR", width: 10),
        .init(title: "ACTION", width: 16), .init(title: "SUBJECT", width: 14), .init(title: "REASON", width: 0),
    ]

    /// Audit entries as a table; `header: false` for the rows `tail -f` adds.
    func auditTable(_ rows: [AuditRow], header: Bool = true) -> [String] {
        let lines = Table(columns: Self.auditColumns, width: width).render(rows.map { row in
            let reason = row.reason.isEmpty && !row.rules.isEmpty ? row.rules.joined(separator: ",") : row.reason
            return [String(row.id), When.amount(max(0, now - row.time)), row.actor, row.action, row.subject, reason]
        })
        return header ? lines : Array(lines.dropFirst())
    }

    // MARK: Helpers

    /// A line cut to the width (only where no escape sequences are involved).
    func fitLine(_ line: String) -> String {
        color && line.contains("\u{1B}") ? line : TextLayout.truncate(line, to: width)
    }

    private func strong(_ text: String) -> String { color ? Self.bold + text + Self.reset : text }
}

/// Whether standard output gets colour: a terminal, NO_COLOR unset, TERM not "dumb".
func colorWanted(fd: Int32 = 1) -> Bool {
    let environment = ProcessInfo.processInfo.environment
    guard isatty(fd) == 1, environment["NO_COLOR"].map(\.isEmpty) ?? true else { return false }
    return environment["TERM"] != "dumb"
}
