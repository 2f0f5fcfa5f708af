import Foundation
import Testing
@testable import Tutor

@Suite struct LintCorpusTests {
    /// `# expect: CODE LINE:COL` lines in a fixture.
    func expectations(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { l in
            l.hasPrefix("# expect: ") ? String(l.dropFirst("# expect: ".count)) : nil
        }
    }

    @Test(arguments: Fixtures.files("broken"))
    func brokenLessonGivesItsCodeAtLineAndColumn(_ url: URL) {
        let text = Fixtures.text(url)
        let expected = expectations(text)
        #expect(!expected.isEmpty, "fixture \(url.lastPathComponent) has no # expect line")
        let errors = Linter.lint(text: text, file: url.path).filter { $0.severity == .error }
        let got = errors.map { "\($0.code) \($0.location)" }
        #expect(got == expected, "\(url.lastPathComponent): \(errors)")
    }

    @Test(arguments: Fixtures.files("valid"))
    func validLessonLintsClean(_ url: URL) {
        let d = Linter.lint(text: Fixtures.text(url), file: url.path)
        #expect(d.isEmpty, "\(url.lastPathComponent): \(d)")
    }

    @Test func corpusIsThere() {
        #expect(Fixtures.files("broken").count >= 20)
        #expect(Fixtures.files("valid").count >= 2)
    }

    @Test func renderedDiagnosticHasFileLineColumnAndCaret() {
        let d = Diagnostic(Code.commandParse, "unknown option '--photon'", at: SourceLocation(line: 2, column: 8))
        let out = d.render(file: "x.lesson", source: ["first", "$ bb84 --photon 5"])
        #expect(out == "x.lesson:2:8: C001 unknown option '--photon'\n    $ bb84 --photon 5\n           ^")
    }

    @Test func parserReadsEveryConstruct() throws {
        let url = Fixtures.files("valid").first { $0.lastPathComponent == "all-kinds.lesson" }!
        let (lesson, d) = LessonParser.parse(Fixtures.text(url))
        #expect(d.isEmpty)
        let l = try #require(lesson)
        #expect(l.metadata.requires == ["polarization", "bb84"])
        #expect(l.metadata.seed == 3 && l.metadata.minutes == 5 && l.metadata.level == "intermediate")
        #expect(l.steps.map(\.id) == ["first", "second"])
        #expect(l.questions.map(\.kind) == ["choice", "numeric", "text", "order", "task"])
        guard case .narration(let n) = l.steps[0].items[0] else { Issue.record("no narration"); return }
        #expect(n.value == "Narration that continues on a second line.")
        guard case .narration(let escaped) = l.steps[0].items[1] else { Issue.record("escape"); return }
        #expect(escaped.value.hasPrefix("$ this line"))
        guard case .choice(let options, _) = l.questions[0].body else { Issue.record("choice"); return }
        #expect(options[1].feedback == "continued fields are indented")
        #expect(l.questions[0].attempts == 2)
        guard case .numeric(_, _, let tol, let unit) = l.questions[1].body else { Issue.record("numeric"); return }
        #expect(tol == .relative(0.02) && unit == "%")
    }
}

@Suite struct DocumentationTests {
    @Test func theSpecificationsCompleteExampleLintsCleanAndPlays() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/lesson-format.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        let part = try #require(text.components(separatedBy: "## A complete example").last)
        let example = part.components(separatedBy: "```\n")[1]
        #expect(Linter.lint(text: example).isEmpty)
        let lesson = Fixtures.lesson(example)
        let io = AnswerKeyIO()
        #expect(LessonPlayer(lesson: lesson, io: io).play() == .completed)
        #expect(io.grades.count == 5 && io.grades.allSatisfy { $0.isCorrect })
    }
}
