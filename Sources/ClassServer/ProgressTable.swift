// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import Tutor

/// `class export --csv`: the class's attempts in the lesson-language issue's
/// export format (docs/progress-export.md on the tutor branch): one row per
/// student, lesson and attempt, the fixed columns, then per lesson its
/// objective and question columns, so `class merge` reads it with the
/// students' own `progress --export` files. A class session counts as attempt 1.
public enum ProgressTable {
    public static let fixedColumns = ["student", "student_id", "lesson", "title", "attempt", "attempt_id", "mode",
                                      "content_hash", "seed", "started", "updated", "completed",
                                      "score", "total", "hints", "revealed", "skipped"]

    /// `lessons` gives titles, question order and objectives for the lessons this machine has.
    public static func csv(rows: [AttemptRow], students: [ClassStudent], code: String, lessons: [String: Lesson]) -> String {
        var table: [[(String, String)]] = []
        for s in students {
            let mine = rows.filter { $0.studentID == s.id }
            var lessonOrder: [String] = []
            for r in mine where !lessonOrder.contains(r.lesson) { lessonOrder.append(r.lesson) }
            for l in lessonOrder {
                table.append(row(student: s, code: code, lesson: l, rows: mine.filter { $0.lesson == l }, known: lessons[l]))
            }
        }
        var columns = fixedColumns
        var seen = Set(columns)
        for r in table { for (k, _) in r where seen.insert(k).inserted { columns.append(k) } }
        var out = columns.map(field).joined(separator: ",") + "\r\n"
        for r in table {
            let d = Dictionary(r, uniquingKeysWith: { a, _ in a })
            out += columns.map { field(d[$0] ?? "") }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func row(student s: ClassStudent, code: String, lesson: String, rows: [AttemptRow], known: Lesson?) -> [(String, String)] {
        var order = known?.questions.map(\.id) ?? []
        for r in rows where !order.contains(r.question) { order.append(r.question) }
        let byQuestion = Dictionary(grouping: rows, by: \.question)
        func firstRight(_ q: String) -> Bool { byQuestion[q]?.first?.correct == true }
        let hints = order.map { s.hints[lesson + "/" + $0] ?? 0 }.reduce(0, +)
        let revealed = order.filter { byQuestion[$0]?.contains(where: \.revealed) == true }.count
        let studentID = "class-\(code.lowercased())-\(s.id)"
        var r: [(String, String)] = [
            ("student", s.name), ("student_id", studentID), ("lesson", lesson), ("title", known?.metadata.title ?? ""),
            ("attempt", "1"), ("attempt_id", "\(studentID)/\(lesson)/\(Int(s.joined.timeIntervalSince1970))-class"), ("mode", "lesson"),
            ("content_hash", known?.contentHash ?? ""), ("seed", known.map { String($0.metadata.seed) } ?? ""),
            ("started", CSV.timestamp(s.joined)), ("updated", rows.map(\.time).max().map(CSV.timestamp) ?? ""), ("completed", ""),
            ("score", String(order.filter(firstRight).count)), ("total", String(order.count)), ("hints", String(hints)),
            ("revealed", String(revealed)), ("skipped", "0"),
        ]
        for o in known?.metadata.objectives ?? [] {
            let qs = known!.questions.filter { $0.objective?.value == o.id }.map(\.id)
            let right = qs.filter(firstRight).count
            // ✓ every tagged question right at the first try, ~ some, ✗ none (as progress --export).
            r.append(("objective:\(lesson)/\(o.id)", !qs.isEmpty && right == qs.count ? "✓" : right > 0 ? "~" : "✗"))
        }
        for q in order {
            let key = "q:\(lesson)/\(q)"
            let answers = byQuestion[q] ?? []
            r.append((key + ":first_try", answers.isEmpty ? "" : firstRight(q) ? "1" : "0"))
            r.append((key + ":hints", String(s.hints[lesson + "/" + q] ?? 0)))
            r.append((key + ":revealed", answers.contains(where: \.revealed) ? "1" : "0"))
            let wrong = answers.filter { !$0.correct }.map(\.answer)
            r.append((key + ":wrong", wrong.isEmpty ? "" : (try? JSONEncoder().encode(wrong)).map { String(decoding: $0, as: UTF8.self) } ?? ""))
        }
        return r
    }

    /// RFC 4180, quoted when needed or when it starts with '=', control characters removed.
    static func field(_ s: String) -> String {
        let clean = ClassText.printable(s, limit: Int.max)
        guard clean.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || clean.hasPrefix("=") else { return clean }
        return "\"" + clean.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
