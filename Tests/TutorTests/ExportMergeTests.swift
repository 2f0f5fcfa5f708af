import Foundation
import Testing
@testable import Tutor

/// Class results: 30 students' progress files, merged, against a table
/// computed by hand from the rule that generated them.
@Suite struct ExportMergeTests {
    let lesson = Fixtures.lesson("""
    qkdtutor-lesson 2
    id: malus
    title: Malus
    objective: o: Predict a pass fraction.
    objective: p: Name the law.

    == a: A
    ? numeric q1
    ask: Fraction?
    answer: 0.25 ± 0.01
    explain: A quarter.
    objective: o

    ? numeric q2
    ask: Again?
    answer: 0.75 ± 0.01
    attempts: 2
    explain: Three quarters.
    objective: o

    ? text q3
    ask: Whose law?
    match: malus
    reference: Malus
    hint: A French officer.
    explain: Malus, 1809.
    objective: p
    """)

    /// Student i: q1 right at once when i is even, else "0.5" then right;
    /// q2 right at once when i % 3 == 0, else "25" twice and revealed;
    /// q3 right at once when i <= 24, else a hint, "a", then right.
    func answers(_ i: Int) -> [String] {
        var out: [String] = []
        out += i % 2 == 0 ? ["0.25"] : ["0.5", "0.25"]
        out += i % 3 == 0 ? ["0.75"] : ["25", "25"]
        out += i <= 24 ? ["malus"] : [":hint", "a", "malus"]
        return out + [""]
    }

    func writeClass() throws -> [URL] {
        var files: [URL] = []
        for i in 1...30 {
            let dir = Fixtures.temporaryDirectory()
            let store = ProgressStore(directory: dir)
            let me = StudentIdentity(name: String(format: "Student %02d", i), id: "anon-\(i)")
            let player = LessonPlayer(lesson: lesson, io: ScriptIO(answers(i)), student: me) { try! store.save($0) }
            #expect(player.play() == .completed)
            files.append(store.url)
        }
        return files
    }

    func merged(_ files: [URL]) throws -> (columns: [String], rows: [[String: String]]) {
        var rows: [[(String, String)]] = []
        for f in files { rows += try ClassMerge.rows(from: Data(contentsOf: f), name: f.path) }
        return ClassMerge.merge(rows)
    }

    func checkAgainstHandTable(_ t: (columns: [String], rows: [[String: String]])) {
        #expect(t.rows.count == 30)
        #expect(Array(t.columns.prefix(ProgressExport.fixedColumns.count)) == ProgressExport.fixedColumns)
        // Lesson order, not alphabetical.
        let qcols = t.columns.filter { $0.hasSuffix(":first_try") }
        #expect(qcols == ["q:malus/q1:first_try", "q:malus/q2:first_try", "q:malus/q3:first_try"])
        #expect(t.columns.contains("objective:malus/o") && t.columns.contains("objective:malus/p"))
        // Hand-computed rows.
        let expected: [String: (score: String, o: String, p: String, hints: String, revealed: String)] = [
            "Student 04": ("2", "~", "✓", "0", "1"),   // q1 ✓, q2 ✗ (4 % 3 ≠ 0), q3 ✓
            "Student 06": ("3", "✓", "✓", "0", "0"),
            "Student 07": ("1", "✗", "✓", "0", "1"),
            "Student 09": ("2", "~", "✓", "0", "0"),   // q1 ✗ (odd), q2 ✓, q3 ✓
            "Student 25": ("0", "✗", "✗", "1", "1"),
            "Student 30": ("2", "✓", "✗", "1", "0"),
        ]
        for (name, e) in expected {
            guard let r = t.rows.first(where: { $0["student"] == name }) else { Issue.record("no row for \(name)"); continue }
            #expect(r["score"] == e.score && r["total"] == "3", "\(name): \(r)")
            #expect(r["objective:malus/o"] == e.o && r["objective:malus/p"] == e.p, "\(name)")
            #expect(r["hints"] == e.hints && r["revealed"] == e.revealed, "\(name)")
            #expect(r["completed"]?.isEmpty == false && r["mode"] == "lesson" && r["attempt"] == "1")
        }
        #expect(t.rows.map { $0["student"]! } == (1...30).map { String(format: "Student %02d", $0) })
        // Per-question statistics.
        let s = ClassMerge.stats(t)
        #expect(s.count == 3)
        #expect(s[0] == ClassMerge.QuestionStats(lesson: "malus", question: "q1", answered: 30, firstTryRight: 15, revealed: 0, commonWrong: [("0.5", 15)]))
        #expect(s[1] == ClassMerge.QuestionStats(lesson: "malus", question: "q2", answered: 30, firstTryRight: 10, revealed: 20, commonWrong: [("25", 40)]))
        #expect(s[2] == ClassMerge.QuestionStats(lesson: "malus", question: "q3", answered: 30, firstTryRight: 24, revealed: 0, commonWrong: [("a", 6)]))
        #expect(ClassMerge.statsText(s).split(separator: "\n")[1].contains("33%"))   // q2, the weakest, first
    }

    @Test func thirtyProgressFilesMergeIntoTheHandComputedTable() throws {
        let files = try writeClass()
        checkAgainstHandTable(try merged(files))
        // The same file twice counts once.
        #expect(try merged(files + [files[0]]).rows.count == 30)
    }

    @Test func csvAndJsonExportsRoundTrip() throws {
        let files = try writeClass()
        var csvFiles: [URL] = [], jsonFiles: [URL] = []
        for f in files {
            let attempts = ProgressStore(directory: f.deletingLastPathComponent()).load().allAttempts
            let csv = f.deletingLastPathComponent().appendingPathComponent("export.csv")
            let json = f.deletingLastPathComponent().appendingPathComponent("export.json")
            try ProgressExport.csv(attempts).write(to: csv, atomically: true, encoding: .utf8)
            try ProgressExport.json(attempts).write(to: json, atomically: true, encoding: .utf8)
            csvFiles.append(csv); jsonFiles.append(json)
        }
        checkAgainstHandTable(try merged(csvFiles))
        checkAgainstHandTable(try merged(jsonFiles))
        // Mixed: half CSV, half JSON.
        checkAgainstHandTable(try merged(Array(csvFiles[..<15]) + Array(jsonFiles[15...])))
        // The merged table written as CSV and read back is the same table.
        let table = try merged(csvFiles)
        let again = ClassMerge.merge(try ClassMerge.rows(from: Data(ProgressExport.csv(table).utf8), name: "class.csv"))
        #expect(again.rows == table.rows)
    }

    @Test func markdownShowsTotalsObjectivesAndQuestionsInOrder() throws {
        let files = try writeClass()
        let attempts = ProgressStore(directory: files[3].deletingLastPathComponent()).load().allAttempts
        let md = ProgressExport.markdown(attempts)
        #expect(md.contains("| Student 04 | 1 | lesson | 2/3 |"))
        #expect(md.contains("obj `o` | obj `p` | `q1` | `q2` | `q3` |"))
        #expect(md.contains("| ~ | ✓ | ✓ | ✗ | ✓ |"))
        #expect(md.contains(lesson.contentHash))
    }

    @Test func csvQuotesAndEscapes() {
        #expect(ProgressExport.csvField("a,b") == "\"a,b\"")
        #expect(ProgressExport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ProgressExport.csvField("=cmd()") == "\"=cmd()\"")
        #expect(ProgressExport.csvField("\u{1B}[2J") == "\\x1B[2J")
        #expect(ProgressExport.parseCSV("a,\"b,c\",\"d\"\"e\"\r\n1,2,3\r\n") == [["a", "b,c", "d\"e"], ["1", "2", "3"]])
    }

    @Test func notAnExportIsOneClearError() {
        #expect(throws: ClassMerge.MergeError.self) { try ClassMerge.rows(from: Data("name,score\nx,1\n".utf8), name: "x.csv") }
        #expect(throws: ClassMerge.MergeError.self) { try ClassMerge.rows(from: Data("{\"version\": 99}".utf8), name: "p.json") }
    }
}
