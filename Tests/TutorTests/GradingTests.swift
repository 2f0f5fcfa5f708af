import Commands
import Foundation
import Testing
@testable import Tutor

/// Fair grading: fractions and percent, display precision, units, feedback
/// that names the likely mistake, and the first-try score.
@Suite struct GradingTests {
    func numeric(_ answer: String, unit: String = "", extra: String = "") -> Question {
        let lines = ["qkdtutor-lesson 2", "id: g", "title: G", "", "== a: A", "? numeric q", "ask: How much?",
                     "answer: \(answer)", unit.isEmpty ? "" : "unit: \(unit)", extra, "explain: Because."]
        return Fixtures.lesson(lines.enumerated().filter { $0.offset < 5 || !$0.element.isEmpty }.map(\.element).joined(separator: "\n")).questions[0]
    }
    let measured = Values(["last.p.observed": .number(0.7557), "last.p.rate": .number(1890), "last.p.count": .number(3),
                           "last.p.percent": .number(25)])
    func grade(_ q: Question, _ answer: String) -> Grade { Grader.grade(q, answer: answer, context: measured) }

    @Test func fractionPercentAndQuarterAreOneAnswer() {
        let q = numeric("0.25 ± 0.001")
        #expect(grade(q, "0.25") == .correct)
        #expect(grade(q, "25%") == .correct)
        #expect(grade(q, "25 %") == .correct)
        #expect(grade(q, "1/4") == .correct)
        #expect(grade(q, "25") == .wrong(feedback: "That looks like a percent; answer as a fraction (0 to 1), or add %."))
        #expect(grade(q, "0.3") == .wrong(feedback: nil))
    }

    @Test func percentUnitQuestions() {
        let q = numeric("last.p.percent ± 0.5", unit: "%")
        #expect(grade(q, "25") == .correct)
        #expect(grade(q, "25%") == .correct)
        #expect(grade(q, "0.25") == .wrong(feedback: "That looks like a fraction; answer in percent (e.g. 25 for a quarter)."))
    }

    @Test func anAnswerTypedToTheShownPrecisionIsRight() {
        // The screen shows 3 decimals ({…:.3f} in the ask); the tolerance alone is tighter.
        let q = numeric("last.p.observed ± 0.0001", extra: "display: 3")
        #expect(q.display == 3)
        #expect(grade(q, "0.756") == .correct)       // 0.7557 shown as 0.756
        #expect(grade(q, "0.7557") == .correct)      // more digits, still the rounded value
        #expect(grade(q, "0.76") == .wrong(feedback: nil))   // fewer decimals than shown: tolerance applies
        #expect(grade(q, "0.755") == .wrong(feedback: nil))
        let fromAsk = Fixtures.lesson("""
        qkdtutor-lesson 2
        id: g
        title: G

        == a: A
        ? numeric q
        ask: The run shows {last.p.observed:.2f}. What fraction passed?
        answer: last.p.observed ± 0.001
        explain: Because.
        """).questions[0]
        #expect(fromAsk.display == 2)
        #expect(Grader.grade(fromAsk, answer: "0.76", context: measured) == .correct)
    }

    @Test func thePredictionIsNamed() {
        let q = numeric("last.p.observed ± 0.002", extra: "prediction: 0.75")
        #expect(grade(q, "0.75") == .wrong(feedback: "That is the prediction; the question asks for this run's measured value."))
        #expect(grade(q, "0.7557") == .correct)
    }

    @Test func exactIntegersAndSIPrefixes() {
        let exact = numeric("last.p.count ± 0")
        #expect(grade(exact, "3") == .correct)
        #expect(grade(exact, "3.01") == .wrong(feedback: nil))
        let rate = numeric("last.p.rate ± 1%", unit: "bit/s")
        #expect(grade(rate, "1.89 kbit/s") == .correct)
        #expect(grade(rate, "1.89kbit/s") == .correct)
        #expect(grade(rate, "1890 bit/s") == .correct)
        #expect(grade(rate, "1.89 k") == .correct)
        #expect(grade(rate, "0.00189 Mbit/s") == .correct)
        #expect(grade(rate, "1.89 bit/s") == .wrong(feedback: nil))
    }

    @Test func answersAreBoundedInSize() {
        let q = numeric("0.25 ± 0.001")
        if case .unreadable(let why) = grade(q, String(repeating: "1", count: 2000)) { #expect(why.contains("1 KB")) }
        else { Issue.record("a 2 KB answer was graded") }
    }

    let twoQuestions = """
    qkdtutor-lesson 2
    id: s
    title: Score
    objective: o: Know.

    == one: First step
    ? numeric q1
    ask: 2 + 2?
    answer: 4 ± 0
    explain: Four.
    objective: o

    == two: Second step
    ? numeric q2
    ask: 3 + 3?
    answer: 6 ± 0
    attempts: 1
    explain: Six.
    objective: o
    """

    @Test func theScoreCountsFirstTriesOnly() {
        let lesson = Fixtures.lesson(twoQuestions)
        // q1 wrong then right; back to step one and right at once; q2 right at the first try.
        let io = ScriptIO(["5", "4", "", ":back", "4", "", "6", ""])
        let player = LessonPlayer(lesson: lesson, io: io)
        #expect(player.play() == .completed)
        let p = player.progress
        #expect(p.questions["q1"]?.firstTryRight == false)   // :back and re-answering do not raise it
        #expect(p.questions["q1"]?.answers.map(\.answer) == ["5", "4", "4"])
        #expect(p.questions["q2"]?.firstTryRight == true)
        #expect(p.score == 1 && p.total == 2)
        let s = player.summary()
        #expect(s.correct == 1 && s.rightLater == 1 && s.revealed == 0)
        #expect(p.result(of: p.objectives[0]) == .partly)
    }

    @Test func revealsAreCountedApart() {
        let lesson = Fixtures.lesson(twoQuestions)
        let io = ScriptIO(["4", "", "7", ""])
        let player = LessonPlayer(lesson: lesson, io: io)
        #expect(player.play() == .completed)
        #expect(player.progress.score == 1)
        #expect(player.summary().revealed == 1)
        #expect(player.progress.questions["q2"]?.revealed == true)
    }
}

extension GradingTests {
    @Test func theDisplayedPrecisionMayComeFromTheNarration() {
        let lesson = Fixtures.lesson("""
        qkdtutor-lesson 2
        id: g
        title: G

        == a: A
        The run measured {last.p.observed:.3f}.

        ? numeric q
        ask: What fraction passed?
        answer: last.p.observed ± 0.0001
        explain: Because.
        """)
        #expect(lesson.questions[0].display == 3)
        #expect(Grader.grade(lesson.questions[0], answer: "0.756", context: measured) == .correct)
    }
}
