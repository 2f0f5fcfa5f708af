import ClassClient
import ClassProtocol
import ClassServer
import Commands
import Foundation
import Testing
import Tutor

@Suite struct PanelAndTableTests {
    static let lessonText = """
    qkdtutor-lesson 1
    id: tiny
    title: Tiny
    summary: Two questions.
    level: beginner
    minutes: 1
    objective: o1: Know things.
    seed: 3

    == one: One
    Some words.

    ? choice pick
    ask: Which?
    option: first
    correct: second
    option: third
    explain: Because.
    objective: o1

    ? numeric number
    ask: How much?
    answer: 0.5 ± 0.01
    explain: Half.
    objective: o1
    """

    static func lesson() throws -> Lesson {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-\(UUID().uuidString).lesson")
        try lessonText.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try #require(LessonParser.load(url).lesson, "\(LessonParser.load(url).diagnostics)")
    }

    @Test func thePanelShowsFirstVotesAndAfterTheRevealTheFirstTryShare() throws {
        let l = try Self.lesson()
        let q = l.questions[0]
        let t = Tally(lesson: "tiny", question: "pick", answered: 4, firstTryRight: 1, options: [2, 1, 1])
        let during = ClassPanel.render(t, question: q, style: .plainASCII)
        #expect(during[0] == "class: 4 answered")
        #expect(during[1].hasPrefix("  a) ") && during[1].hasSuffix(" 2") && during[1].contains(String(repeating: "#", count: 20)))
        #expect(during[2].hasSuffix(" 1") && during[2].contains(String(repeating: "#", count: 10)))
        #expect(!during.joined().contains("first try"))
        let after = ClassPanel.render(t, question: q, style: .plainASCII, revealed: true)
        #expect(after[2].hasSuffix(" 1 ok"))
        #expect(after.last == "right at first try: 1 of 4 (25%)")
    }

    @Test func theHistogramMarksTheExpectedValueOnlyWhenGiven() throws {
        let q = try Self.lesson().questions[1]
        let t = Tally(lesson: "tiny", question: "number", answered: 3, firstTryRight: 2, values: [0.25, 0.5, 0.5])
        let during = ClassPanel.render(t, question: q, style: .plainASCII)
        #expect(during.count == 1 + 8 && !during.joined().contains("expected"))
        let counts = during.dropFirst().map { Int($0.split(separator: " ").last!)! }
        #expect(counts.reduce(0, +) == 3 && counts.last == 2 && counts.first == 1)
        let after = ClassPanel.render(t, question: q, style: .plainASCII, expected: 0.5, revealed: true)
        #expect(after.filter { $0.contains("< expected 0.5") }.count == 1)
    }

    @Test func theProgressTableFollowsTheExportFormat() throws {
        let l = try Self.lesson()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func row(_ sid: Int64, _ name: String, _ q: String, _ n: Int, _ a: String, _ right: Bool, revealed: Bool = false) -> AttemptRow {
            var r = AttemptRow(student: name, lesson: "tiny", question: q, attempt: n, answer: a, correct: right,
                               firstTryRight: false, hints: 0, revealed: revealed, time: t0.addingTimeInterval(Double(n)))
            r.studentID = sid
            return r
        }
        let rows = [row(1, "Ann", "pick", 1, "b", true), row(1, "Ann", "number", 1, "0.5", true),
                    row(2, "Bob", "pick", 1, "a", false), row(2, "Bob", "pick", 2, "c, or so", false), row(2, "Bob", "pick", 3, "a", false, revealed: true)]
        let students = [ClassStudent(id: 1, name: "Ann", joined: t0, hints: [:]),
                        ClassStudent(id: 2, name: "Bob", joined: t0, hints: ["tiny/pick": 2])]
        let csv = ProgressTable.csv(rows: rows, students: students, code: "ABC234", lessons: ["tiny": l])
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == ProgressTable.fixedColumns.joined(separator: ",")
                + ",objective:tiny/o1,q:tiny/pick:first_try,q:tiny/pick:hints,q:tiny/pick:revealed,q:tiny/pick:wrong"
                + ",q:tiny/number:first_try,q:tiny/number:hints,q:tiny/number:revealed,q:tiny/number:wrong")
        #expect(lines[1] == "Ann,class-abc234-1,tiny,Tiny,1,class-abc234-1/tiny/1800000000-class,lesson,\(l.contentHash),3,"
                + "2027-01-15T08:00:00Z,2027-01-15T08:00:01Z,,2,2,0,0,0,✓,1,0,0,,1,0,0,")
        #expect(lines[2] == "Bob,class-abc234-2,tiny,Tiny,1,class-abc234-2/tiny/1800000000-class,lesson,\(l.contentHash),3,"
                + "2027-01-15T08:00:00Z,2027-01-15T08:00:03Z,,0,2,2,1,0,✗,0,2,1,\"[\"\"a\"\",\"\"c, or so\"\",\"\"a\"\"]\",,0,0,")
    }
}
