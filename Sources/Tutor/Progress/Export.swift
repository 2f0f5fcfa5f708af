import Foundation

/// Class results: `progress --export`, `class merge` (and the classroom's
/// `class export`) all write these formats. The columns are documented in
/// docs/progress-export.md; keep the two in step.
public enum ProgressExport {
    public enum Format: String, Sendable, CaseIterable { case md, csv, json }

    /// The JSON export's envelope.
    public struct Document: Codable, Sendable, Equatable {
        public var format = "qkdtutor-progress-export"
        public var version = 1
        public var exported: Date
        public var attempts: [Attempt]
        public init(exported: Date, attempts: [Attempt]) { self.exported = exported; self.attempts = attempts }
    }

    static func date(_ d: Date?) -> String { d.map { $0.formatted(.iso8601) } ?? "" }

    /// The fixed columns, in order; objective and question columns follow.
    public static let fixedColumns = ["student", "student_id", "lesson", "title", "attempt", "attempt_id", "mode",
                                      "content_hash", "seed", "started", "updated", "completed",
                                      "score", "total", "hints", "revealed", "skipped"]

    /// One row per attempt: ordered (column, value) pairs.
    public static func row(_ a: Attempt) -> [(String, String)] {
        var r: [(String, String)] = [
            ("student", a.student.name), ("student_id", a.student.id), ("lesson", a.lesson), ("title", a.title),
            ("attempt", String(a.number)), ("attempt_id", a.id), ("mode", a.mode.rawValue),
            ("content_hash", a.contentHash), ("seed", String(a.seed)),
            ("started", date(a.started)), ("updated", date(a.updated)), ("completed", date(a.completed)),
            ("score", String(a.score)), ("total", String(a.total)), ("hints", String(a.hintsUsed)),
            ("revealed", String(a.revealedCount)), ("skipped", String(a.skippedCount)),
        ]
        for o in a.objectives { r.append(("objective:\(a.lesson)/\(o.id)", a.result(of: o).rawValue)) }
        for q in a.questionOrder {
            let key = "q:\(a.lesson)/\(q)"
            let rec = a.questions[q]
            let answered = !(rec?.answers.isEmpty ?? true)
            r.append((key + ":first_try", answered ? (rec!.firstTryRight ? "1" : "0") : ""))
            r.append((key + ":hints", String(rec?.hints ?? 0)))
            r.append((key + ":revealed", rec?.revealed == true ? "1" : "0"))
            r.append((key + ":wrong", jsonArray(rec?.wrongAnswers ?? [])))
        }
        return r
    }

    static func jsonArray(_ xs: [String]) -> String {
        guard !xs.isEmpty, let d = try? JSONEncoder().encode(xs) else { return "" }
        return String(decoding: d, as: UTF8.self)
    }

    /// Rows as a table: the union of columns in order of first appearance.
    public static func table(_ rows: [[(String, String)]]) -> (columns: [String], rows: [[String: String]]) {
        var columns = fixedColumns
        var seen = Set(columns)
        for r in rows { for (k, _) in r where seen.insert(k).inserted { columns.append(k) } }
        return (columns, rows.map { Dictionary($0, uniquingKeysWith: { a, _ in a }) })
    }

    public static func csv(_ attempts: [Attempt]) -> String { csv(table(attempts.map(row))) }

    public static func csv(_ t: (columns: [String], rows: [[String: String]])) -> String {
        var out = t.columns.map(csvField).joined(separator: ",") + "\r\n"
        for r in t.rows { out += t.columns.map { csvField(r[$0] ?? "") }.joined(separator: ",") + "\r\n" }
        return out
    }

    static func csvField(_ s: String) -> String {
        let clean = Sanitize.text(s)
        guard clean.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || clean.hasPrefix("=") else { return clean }
        return "\"" + clean.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// RFC 4180 fields, quotes and CRLF included.
    public static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var it = Array(text.unicodeScalars)[...]
        var justClosedRow = false
        while let c = it.popFirst() {
            justClosedRow = false
            if quoted {
                if c == "\"" {
                    if it.first == "\"" { field.unicodeScalars.append("\""); it.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\r": continue
            case "\n": row.append(field); rows.append(row); row = []; field = ""; justClosedRow = true
            default: field.unicodeScalars.append(c)
            }
        }
        if !justClosedRow && (!field.isEmpty || !row.isEmpty) { row.append(field); rows.append(row) }
        return rows
    }

    public static func json(_ attempts: [Attempt], now: Date = Date.wholeSeconds()) throws -> String {
        let data = try ProgressStore.encoder.encode(Document(exported: now, attempts: attempts))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A readable report: one table per lesson.
    public static func markdown(_ attempts: [Attempt], now: Date = Date.wholeSeconds()) -> String {
        var out = "# qkdtutor progress, \(date(now))\n"
        if attempts.isEmpty { return out + "\nNo attempts yet.\n" }
        let byLesson = Dictionary(grouping: attempts, by: \.lesson)
        for id in byLesson.keys.sorted() {
            let list = byLesson[id]!
            let first = list[0]
            out += "\n## \(md(first.title)) (`\(md(id))`)\n\n"
            out += "Score = questions right at the first try. Per question: ✓ right at the first try, ~ right later, "
                + "✗ revealed, s skipped, – not reached; +N = hints used.\n\n"
            let objectives = first.objectives
            var head = ["Student", "Attempt", "Mode", "Score", "Hints", "Revealed", "Started", "Completed"]
            head += objectives.map { "obj `\(md($0.id))`" }
            head += first.questionOrder.map { "`\(md($0))`" }
            out += "| " + head.joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: "---|", count: head.count) + "\n"
            for a in list {
                var cells = [md(a.student.name.isEmpty ? a.student.id : a.student.name), String(a.number), a.mode.rawValue,
                             "\(a.score)/\(a.total)", String(a.hintsUsed), String(a.revealedCount),
                             date(a.started), a.completed.map { date($0) } ?? "in progress"]
                cells += objectives.map { o in a.objectives.first { $0.id == o.id }.map { a.result(of: $0).rawValue } ?? "" }
                cells += first.questionOrder.map { q in
                    guard let r = a.questions[q] else { return "–" }
                    let mark = r.answers.isEmpty ? (r.skipped ? "s" : "–") : r.firstTryRight ? "✓" : r.revealed ? "✗" : r.correct ? "~" : r.skipped ? "s" : "✗"
                    return mark + (r.hints > 0 ? " +\(r.hints)" : "")
                }
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
            out += "\nContent hash: `\(first.contentHash)`.\n"
        }
        return out
    }

    static func md(_ s: String) -> String { Sanitize.text(s).replacingOccurrences(of: "|", with: "\\|") }

    public static func render(_ attempts: [Attempt], format: Format) throws -> String {
        switch format {
        case .md: return markdown(attempts)
        case .csv: return csv(attempts)
        case .json: return try json(attempts)
        }
    }
}

/// `class merge`: many students' exports (CSV or JSON) or progress files into
/// one class table, with per-question statistics.
public enum ClassMerge {
    public struct MergeError: Error, CustomStringConvertible { public var description: String }

    public struct QuestionStats: Sendable, Equatable {
        public var lesson: String
        public var question: String
        /// Attempts that reached the question (answered at least once).
        public var answered: Int
        public var firstTryRight: Int
        public var revealed: Int
        /// The most common wrong answers, most frequent first (ties by text).
        public var commonWrong: [(answer: String, count: Int)]
        public var share: Double { answered == 0 ? 0 : Double(firstTryRight) / Double(answered) }
        public static func == (a: Self, b: Self) -> Bool {
            a.lesson == b.lesson && a.question == b.question && a.answered == b.answered && a.firstTryRight == b.firstTryRight
                && a.revealed == b.revealed && a.commonWrong.map(\.answer) == b.commonWrong.map(\.answer)
                && a.commonWrong.map(\.count) == b.commonWrong.map(\.count)
        }
    }

    /// Rows from one file: a JSON export, a progress.json or a CSV export.
    public static func rows(from data: Data, name: String) throws -> [[(String, String)]] {
        guard let text = String(data: data, encoding: .utf8) else { throw MergeError(description: "\(name): not UTF-8 text") }
        let trimmed = text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if trimmed.first == "{" {
            let d = ProgressStore.decoder
            if let doc = try? d.decode(ProgressExport.Document.self, from: data) { return doc.attempts.map(ProgressExport.row) }
            switch ProgressStore.decode(data) {
            case .file(let f): return f.allAttempts.map(ProgressExport.row)
            case .bad(let why): throw MergeError(description: "\(name): \(why)")
            }
        }
        let table = ProgressExport.parseCSV(String(trimmed))
        guard let header = table.first, header.starts(with: ["student", "student_id", "lesson"]) else {
            throw MergeError(description: "\(name): not a qkdtutor export (CSV must start with student,student_id,lesson)")
        }
        return table.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }.map { cells in
            header.indices.map { ($0 < header.count ? header[$0] : "", $0 < cells.count ? cells[$0] : "") }
        }
    }

    /// The class table: one row per student, lesson and attempt, the same
    /// attempt read twice kept once; sorted by student, lesson, attempt.
    public static func merge(_ rows: [[(String, String)]]) -> (columns: [String], rows: [[String: String]]) {
        var seen = Set<String>()
        var unique: [[(String, String)]] = []
        for r in rows {
            let d = Dictionary(r, uniquingKeysWith: { a, _ in a })
            let key = [d["student_id"] ?? "", d["lesson"] ?? "", d["attempt_id"] ?? "", d["attempt"] ?? ""].joined(separator: "\u{1F}")
            if seen.insert(key).inserted { unique.append(r) }
        }
        var t = ProgressExport.table(unique)
        t.rows.sort {
            let a = [$0["student"] ?? "", $0["student_id"] ?? "", $0["lesson"] ?? ""], b = [$1["student"] ?? "", $1["student_id"] ?? "", $1["lesson"] ?? ""]
            if a != b { return a.lexicographicallyPrecedes(b) }
            return Int($0["attempt"] ?? "") ?? 0 < Int($1["attempt"] ?? "") ?? 0
        }
        return t
    }

    public static func stats(_ t: (columns: [String], rows: [[String: String]])) -> [QuestionStats] {
        var out: [QuestionStats] = []
        for c in t.columns where c.hasPrefix("q:") && c.hasSuffix(":first_try") {
            let key = String(c.dropFirst(2).dropLast(":first_try".count))
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            var s = QuestionStats(lesson: parts.first ?? "", question: parts.count > 1 ? parts[1] : key,
                                  answered: 0, firstTryRight: 0, revealed: 0, commonWrong: [])
            var wrong: [String: Int] = [:]
            for r in t.rows {
                guard let v = r[c], !v.isEmpty else { continue }
                s.answered += 1
                if v == "1" { s.firstTryRight += 1 }
                if r["q:\(key):revealed"] == "1" { s.revealed += 1 }
                if let w = r["q:\(key):wrong"], !w.isEmpty, let list = try? JSONDecoder().decode([String].self, from: Data(w.utf8)) {
                    for a in list { wrong[Grader.normalize(a), default: 0] += 1 }
                }
            }
            s.commonWrong = wrong.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map { (answer: $0.key, count: $0.value) }
            out.append(s)
        }
        return out
    }

    /// Statistics as CSV: lesson, question, answered, first-try right, share, revealed, common wrong answers.
    public static func statsCSV(_ stats: [QuestionStats]) -> String {
        var out = "lesson,question,answered,first_try_right,first_try_share,revealed,common_wrong\r\n"
        for s in stats {
            let wrong = s.commonWrong.map { "\($0.answer) (\($0.count))" }.joined(separator: "; ")
            out += [s.lesson, s.question, String(s.answered), String(s.firstTryRight), String(format: "%.2f", s.share),
                    String(s.revealed), wrong].map(ProgressExport.csvField).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// The statistics for a teacher's screen, the weakest question first.
    public static func statsText(_ stats: [QuestionStats]) -> String {
        guard !stats.isEmpty else { return "No questions answered.\n" }
        var out = "Per question (weakest first): share right at the first try, reveals, most common wrong answers\n"
        for s in stats.sorted(by: { ($0.share, $0.lesson, $0.question) < ($1.share, $1.lesson, $1.question) }) {
            let pct = String(format: "%3.0f%%", s.share * 100)
            let wrong = s.commonWrong.map { "'\(Sanitize.text($0.answer))' ×\($0.count)" }.joined(separator: ", ")
            out += "  \(pct)  \(s.firstTryRight)/\(s.answered)  \(s.lesson)/\(s.question)  revealed \(s.revealed)"
                + (wrong.isEmpty ? "" : "  wrong: \(wrong)") + "\n"
        }
        return out
    }
}
