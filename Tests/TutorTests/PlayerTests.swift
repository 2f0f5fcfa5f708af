import Commands
import Foundation
import Testing
@testable import Tutor

@Suite struct PlayerTests {
    let text = """
    qkdtutor-lesson 1
    id: nav
    title: Navigation
    objective: o: Know things.
    seed: 5

    == one: One
    Run it.
    $ bb84 --photons 2000

    ? numeric q1
    ask: Sifted?
    answer: last.bb84.sifted ± 0.5
    hint: first hint
    hint: second hint
    attempts: 2
    explain: Read it.
    objective: o

    == two: Two
    $ polarization --source H --analyzer 60 --photons 1000
    @pause
    ? choice q2
    ask: Pick.
    correct: right
    option: wrong
    feedback: That one is wrong.
    explain: Because.

    == three: Three
    ? task q3
    ask: Abort.
    check: last.bb84.aborted == true
    solution: bb84 --photons 2000 --eve intercept-resend
    explain: Eve.
    """

    @Test func wrongAnswersUseAttemptsThenReveal() {
        let lesson = Fixtures.lesson(text)
        let io = ScriptIO(["-1", ":hint", ":hint", ":hint", "-2", "", "", "b", "a", "", ":quit"])
        let player = LessonPlayer(lesson: lesson, io: io)
        #expect(player.play() == .quit)
        #expect(io.reveals == 1)
        #expect(io.grades == [.wrong(feedback: nil), .wrong(feedback: nil), .wrong(feedback: "That one is wrong."), .correct])
        let q1 = player.progress.questions["q1"]!
        #expect(q1.revealed && !q1.correct && q1.hints == 2 && q1.answers.count == 2)
        #expect(player.progress.step == "three")
        #expect(!player.summary().objectives[0].met)
    }

    @Test func unreadableAnswersCostNothing() {
        let lesson = Fixtures.lesson(text)
        let io = ScriptIO(["", "", "", "z", "a", ":quit"])
        let player = LessonPlayer(lesson: lesson, io: io)
        _ = player.play(from: 1)
        #expect(io.grades.first == .unreadable("answer with a letter from a to b"))
        #expect(player.progress.questions["q2"]?.answers.count == 1)
    }

    @Test func skippingAStepStillRunsItsCommands() {
        let lesson = Fixtures.lesson(text)
        let io = ScriptIO([":skip", ":skip"])
        let player = LessonPlayer(lesson: lesson, io: io)
        _ = player.play()
        #expect(player.interpreter.session.value("last.bb84.sifted") != nil)
        #expect(player.interpreter.session.value("last.polarization.observedFraction") != nil)
        #expect(player.progress.skippedSteps == ["one", "two"])
        #expect(player.progress.questions["q1"]?.skipped == true)
    }

    @Test func gotoBackAndRepeatRebuildTheSession() {
        let lesson = Fixtures.lesson(text)
        let io = ScriptIO([":goto three", ":back", ":goto nowhere", ":quit"])
        let player = LessonPlayer(lesson: lesson, io: io)
        _ = player.play()
        #expect(player.progress.step == "two")
        #expect(io.infos.contains { $0.hasPrefix("No step 'nowhere'") })
        // At step two the session holds step one's run: the same numbers as a straight play.
        var reference = Interpreter(session: Session(seed: 5))
        _ = reference.execute("bb84 --photons 2000")
        _ = reference.execute("polarization --source H --analyzer 60 --photons 1000")
        #expect(player.interpreter.session.value("last.bb84.sifted") == reference.session.value("last.bb84.sifted"))
    }

    @Test func restartAsksFirst() {
        let lesson = Fixtures.lesson(text)
        let io = ScriptIO([":restart", "n", ":restart", "y", ":quit"])
        let player = LessonPlayer(lesson: lesson, io: io)
        _ = player.play(from: 1)
        #expect(io.infos.contains("Carrying on."))
        #expect(io.infos.contains { $0.hasPrefix("Starting again from the first step") })
        #expect(player.progress.step == "one")
    }

    @Test func aTaskIsCheckedAgainstTheSession() {
        let lesson = Fixtures.lesson(text)
        let io = ScriptIO(["help bb84", "bb84 --photons 2000", "bb84 --photons 2000 --eve intercept-resend", ""])
        let player = LessonPlayer(lesson: lesson, io: io)
        #expect(player.play(from: 2) == .completed)
        #expect(io.grades == [.wrong(feedback: nil), .correct])   // 'help' costs no attempt
        #expect(player.progress.questions["q3"]?.answers.count == 2)
    }

    @Test func theLessonSetsTheSeed() {
        let lesson = Fixtures.lesson(text)
        let player = LessonPlayer(lesson: lesson, io: ScriptIO([]))
        _ = player.play()
        #expect(player.interpreter.session.seed == 5)
    }

    @Test func narrationWraps() {
        let lines = TextWrap.wrap(String(repeating: "word ", count: 40), width: 30, indent: "  Why: ")
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines[0].hasPrefix("  Why: word") && lines[1].hasPrefix("       word"))
    }
}
