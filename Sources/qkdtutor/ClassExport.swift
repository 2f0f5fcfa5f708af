import ArgumentParser
import ClassProtocol
import ClassServer
import Commands
import Foundation
import Tutor

struct ClassExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a session's results as CSV, straight from the class database.",
        discussion: """
        --csv writes the progress export format (docs/progress-export.md): one row per student \
        and lesson, with score, hints, reveals and a column group per question, which \
        'class merge' reads. --attempts writes one row per graded attempt: student, lesson, \
        question, attempt, answer, correct, first_try_right, hints, revealed, time \
        (docs/class-protocol.md).
        """)

    @Option(help: "The progress-format CSV file to write ('-' for standard output).") var csv: String?
    @Option(help: "The per-attempt CSV file to write ('-' for standard output).") var attempts: String?
    @Option(help: "The class database (default: the one 'class serve' used).") var db: String?
    @Option(help: "The session's join code (default: the newest session).") var code: String?

    func run() throws {
        guard csv != nil || attempts != nil else { throw RequestError("name a file: --csv FILE (progress format) or --attempts FILE (one row per attempt)") }
        let (store, path) = try ClassDatabase.open(db)
        let sessions = try store.sessions()
        let session: SessionRecord
        if let code {
            guard let s = sessions.first(where: { $0.code == code.uppercased() }) else {
                throw RequestError("no session with code \(ClassText.printable(code, limit: 12)) in \(path); sessions: \(sessions.map(\.code).joined(separator: ", "))")
            }
            session = s
        } else {
            guard let s = sessions.first else { throw RequestError("\(path) holds no session yet") }
            session = s
        }
        let rows = try store.export(session: session.id)
        let students = try store.students(session: session.id)
        let who = "\(Set(rows.map(\.studentID)).count) student\(Set(rows.map(\.studentID)).count == 1 ? "" : "s") of session \(session.code)"
        if let attempts {
            try write(CSV.document(rows), to: attempts, "Wrote \(rows.count) attempt\(rows.count == 1 ? "" : "s") by \(who) to \(attempts).")
        }
        if let csv {
            var lessons: [String: Lesson] = [:]
            for id in Set(rows.map(\.lesson)) { lessons[id] = try? LessonLibrary.find(id) }
            let text = ProgressTable.csv(rows: rows, students: students, code: session.code, lessons: lessons)
            try write(text, to: csv, "Wrote the results of \(who) to \(csv) (progress export format).")
        }
    }

    func write(_ text: String, to path: String, _ note: String) throws {
        if path == "-" { print(text, terminator: ""); return }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw RequestError("cannot write \(path): \(error.localizedDescription)")
        }
        print(note)
    }
}
