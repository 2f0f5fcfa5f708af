// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// One graded attempt as exported: a row of `class export --csv`.
/// Columns and their meaning: docs/class-protocol.md, "Export".
public struct AttemptRow: Codable, Sendable, Equatable {
    public var student: String
    public var lesson: String
    public var question: String
    public var attempt: Int
    public var answer: String
    public var correct: Bool
    /// The student's first attempt at this question was right.
    public var firstTryRight: Bool
    /// Hints the student had taken on this question by this attempt.
    public var hints: Int
    public var revealed: Bool
    /// When the server committed it (UTC, ISO 8601, whole seconds).
    public var time: Date
    /// The student's row in the database (two students may share a name).
    public var studentID: Int64 = 0

    public init(student: String, lesson: String, question: String, attempt: Int, answer: String, correct: Bool,
                firstTryRight: Bool, hints: Int, revealed: Bool, time: Date) {
        self.student = student; self.lesson = lesson; self.question = question; self.attempt = attempt
        self.answer = answer; self.correct = correct; self.firstTryRight = firstTryRight; self.hints = hints
        self.revealed = revealed; self.time = time
    }

    public static let csvHeader = ["student", "lesson", "question", "attempt", "answer", "correct", "first_try_right", "hints", "revealed", "time"]

    public var csvFields: [String] {
        [student, lesson, question, String(attempt), answer, correct ? "1" : "0", firstTryRight ? "1" : "0",
         String(hints), revealed ? "1" : "0", CSV.timestamp(time)]
    }
}

/// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled.
/// A field starting with = + - @ gets a leading ' so a spreadsheet never runs it as a formula.
public enum CSV {
    public static func field(_ s: String) -> String {
        var t = s
        if let f = t.first, "=+-@".contains(f), Double(t) == nil { t = "'" + t }
        if t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return t
    }

    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

    public static func document(_ rows: [AttemptRow]) -> String {
        var out = line(AttemptRow.csvHeader) + "\r\n"
        for r in rows { out += line(r.csvFields) + "\r\n" }
        return out
    }

    public static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }
}
