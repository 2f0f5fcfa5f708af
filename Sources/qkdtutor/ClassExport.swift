import ArgumentParser
import ClassProtocol
import ClassServer
import Commands
import Foundation

struct ClassExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a session's attempts as CSV, straight from the class database.",
        discussion: """
        One row per graded attempt: student, lesson, question, attempt, answer, correct, \
        first_try_right, hints, revealed, time (UTC). Columns: docs/class-protocol.md.
        """)

    @Option(help: "The CSV file to write ('-' for standard output).") var csv: String
    @Option(help: "The class database (default: the one 'class serve' used).") var db: String?
    @Option(help: "The session's join code (default: the newest session).") var code: String?

    func run() throws {
        let path = db ?? TeacherFile.load()?.db ?? Paths.stateDirectory().appendingPathComponent("class.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw RequestError("no class database at \(path); name one with --db")
        }
        let store: SQLiteClassStore
        do { store = try SQLiteClassStore(path: path) } catch { throw RequestError("cannot open \(path): \(error)") }
        let sessions = try store.sessions()
        let session: SessionRecord
        if let code {
            guard let s = sessions.first(where: { $0.code == code.uppercased() }) else {
                throw RequestError("no session with code \(Sanitize.printable(code, limit: 12)) in \(path); sessions: \(sessions.map(\.code).joined(separator: ", "))")
            }
            session = s
        } else {
            guard let s = sessions.first else { throw RequestError("\(path) holds no session yet") }
            session = s
        }
        let rows = try store.export(session: session.id)
        let text = CSV.document(rows)
        if csv == "-" { print(text, terminator: ""); return }
        do { try text.write(toFile: csv, atomically: true, encoding: .utf8) } catch {
            throw RequestError("cannot write \(csv): \(error.localizedDescription)")
        }
        let students = Set(rows.map(\.student)).count
        print("Wrote \(rows.count) attempt\(rows.count == 1 ? "" : "s") by \(students) student\(students == 1 ? "" : "s") of session \(session.code) to \(csv).")
    }
}
