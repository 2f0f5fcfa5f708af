import Commands
import Foundation
import Testing
@testable import Tutor

/// Playing version 2 lessons: snapshots, values in text, params, require
/// messages, on-wrong remediation, titles instead of ids; and version 1 unchanged.
@Suite struct PlayerV2Tests {
    let text = """
    qkdtutor-lesson 2
    id: v2
    title: Version two
    seed: 4
    param: A = choice(30, 45, 60)

    == runs: Two runs
    $ polarization --source H --analyzer 0 --photons 2000 as open
    $ polarization --source H --analyzer {A} --photons 2000 as turned
    With the analyzer at {A}°, {runs.turned.passed} of {runs.turned.photons} passed ({runs.turned.observedFraction:.3f}).

    ? numeric drop
    ask: How much smaller is the pass fraction at {A}° than at 0°?
    answer: runs.open.observedFraction - runs.turned.observedFraction ± 0.005
    attempts: 1
    explain: cos² falls: {1 - runs.turned.probability:.3f} expected.

    ? choice source
    ask: Which source was used?
    option: V
    correct: H
    attempts: 1
    on-wrong: why-h
    explain: The source line says H.

    == fix: A task with reasons
    ? task block
    ask: Make every photon stop, with at least 1,000 photons.
    require: last.polarization.photons >= 1000 | Use at least 1,000 photons.
    require: last.polarization.passed == 0 | Some photons still pass: turn the analyzer to 90° from the source.
    require: last.polarization.source == "H" | Keep the source at H.
    solution: polarization --source H --analyzer V --photons 1000
    wrong: polarization --source H --analyzer 45 --photons 1000
    explain: V is 90° from H.

    == why-h: Why the source is H
    The command said --source H: horizontal.

    == end: The end
    The route list has {len(runs.open.checkpoints)} checkpoints; the first is {runs.open.checkpoints[0]}.
    """

    @Test func lintsClean() {
        let d = Linter.lint(text: text)
        #expect(d.isEmpty, "\(d)")
    }

    @Test func snapshotsValuesRequireAndOnWrong() throws {
        let lesson = Fixtures.lesson(text)
        #expect(lesson.remedial == ["why-h"] && lesson.snapshots.count == 2)
        let script = ScriptIO(["0.9",            // drop: wrong
                               "a",              // source: wrong, 1 attempt: revealed → remediation step
                               "",               // end of the remediation step
                               "",               // end of step 1
                               "polarization --source H --analyzer V --photons 10",      // too few photons
                               "polarization --source H --analyzer 45 --photons 1000",   // photons pass
                               "polarization --source V --analyzer H --photons 1000",    // wrong source
                               ":next", "", "", ""])
        let player = LessonPlayer(lesson: lesson, io: script)
        let a = try #require(player.params["A"])
        #expect([ExpressionValue.number(30), .number(45), .number(60)].contains(a))
        _ = player.play()
        // Values in narration come from the session.
        let narration = script.events.compactMap { if case .narration(let t) = $0 { return t } else { return nil } }
        let first = try #require(narration.first)
        #expect(first.hasPrefix("With the analyzer at \(a)°, ") && !first.contains("{"))
        #expect(narration.contains("The command said --source H: horizontal."))   // remediation was played
        let last = try #require(narration.last)
        #expect(last.range(of: #"^The route list has \d+ checkpoints; the first is \d+\.$"#, options: .regularExpression) != nil, "\(last)")
        // The ask was filled in.
        let asks = script.events.compactMap { if case .question(let q, _, _) = $0 { return q.ask } else { return nil } }
        #expect(asks.first == "How much smaller is the pass fraction at \(a)° than at 0°?")
        // The task said which requirement failed.
        let feedback = script.grades.compactMap { if case .wrong(let f) = $0 { return f } else { return nil } }
        #expect(feedback.contains("Use at least 1,000 photons."))
        #expect(feedback.contains("Some photons still pass: turn the analyzer to 90° from the source."))
        #expect(feedback.contains("Keep the source at H."))
        #expect(script.infos.contains("Back to the lesson."))
        #expect(player.progress.params["A"] == a.description)
    }

    @Test func paramsFollowTheSeed() {
        let lesson = Fixtures.lesson(text)
        let values = (0..<40).map { LessonPlayer(lesson: lesson, io: ScriptIO([]), seed: UInt64($0)).params["A"]! }
        #expect(Set(values.map(\.description)).count == 3)   // every choice is drawn for some seed
        #expect(LessonPlayer(lesson: lesson, io: ScriptIO([]), seed: 9).params == LessonPlayer(lesson: lesson, io: ScriptIO([]), seed: 9).params)
    }

    @Test func theRemediationStepIsSkippedInTheNormalFlow() {
        let lesson = Fixtures.lesson(text)
        let io = AnswerKeyIO()
        let player = LessonPlayer(lesson: lesson, io: io)
        #expect(player.play() == .completed)
        #expect(!io.transcript.contains("== why-h"))
        #expect(io.transcript.contains("== end"))
        #expect(player.summary().correct == 3)
    }

    @Test func gotoTakesANumberOrATitle() {
        let lesson = Fixtures.lesson(text)
        let io = ScriptIO([":goto", ":goto 2", ":quit"])
        let player = LessonPlayer(lesson: lesson, io: io)
        _ = player.play()
        #expect(io.infos.contains { $0.contains("1. Two runs\n2. A task with reasons\n4. The end") })
        #expect(player.progress.step == "fix")
        let io2 = ScriptIO([":goto the e", ":quit"])
        let p2 = LessonPlayer(lesson: lesson, io: io2)
        _ = p2.play()
        #expect(p2.progress.step == "end")
        #expect(io2.infos.last?.contains("'The end' (step 4 of 4)") == true)
        #expect(!io2.infos.contains { $0.contains("'end'") })   // titles, not ids
    }

    /// A version 1 lesson: braces are literal, nothing else changes.
    @Test func aVersion1LessonPlaysUnchanged() {
        let v1 = """
        qkdtutor-lesson 1
        id: old
        title: Old {style}
        seed: 2

        == a: A
        Sets like {a, b} stay as written.
        $ polarization --photons 100
        ? numeric n
        ask: What fraction passed, {exactly}?
        answer: last.polarization.observedFraction ± 0.001
        explain: All of {them}.
        """
        let lesson = Fixtures.lesson(v1)
        #expect(lesson.formatVersion == 1 && !lesson.interpolates)
        #expect(Linter.lint(text: v1).isEmpty)
        let io = ScriptIO(["1", ""])
        let player = LessonPlayer(lesson: lesson, io: io)
        #expect(player.play() == .completed)
        #expect(io.events.contains { if case .narration("Sets like {a, b} stay as written.") = $0 { return true } else { return false } })
        #expect(io.events.contains { if case .question(let q, _, _) = $0 { return q.ask == "What fraction passed, {exactly}?" } else { return false } })
        #expect(io.grades == [.correct])
    }
}

/// A driver that knows only the `Session` (as the demo's does) still gets
/// snapshot answers and filled-in solutions from the questions it is shown.
@Suite struct SessionOnlyDriverTests {
    final class SessionOnlyKey: LessonIO {
        var grades: [Grade] = []
        func emit(_ event: LessonEvent) { if case .feedback(let g) = event { grades.append(g) } }
        func read(_ request: InputRequest) -> String? {
            switch request {
            case .answer(let q, _, _, let session): return Grader.reference(q, session: session) ?? ":next"
            case .task(let q, _):
                guard case .task(_, let solution) = q.body else { return ":next" }
                return solution.first?.value
            case .confirm: return "n"
            default: return ""
            }
        }
    }

    @Test func snapshotsAndParamsReachASessionOnlyDriver() {
        let lesson = Fixtures.lesson("""
        qkdtutor-lesson 2
        id: s
        title: S
        param: N = choice(1000, 2000)

        == a: A
        $ polarization --analyzer 60 --photons {N} as sixty
        $ polarization --analyzer 0 --photons 100
        ? numeric n
        ask: Fraction at 60°?
        answer: runs.sixty.observedFraction ± 0.0001
        explain: A quarter, about.

        ? task t
        ask: Run {N} photons at 90°.
        check: last.polarization.photons == N and last.polarization.passed == 0
        solution: polarization --analyzer 90 --photons {N}
        explain: None pass.
        """)
        let io = SessionOnlyKey()
        #expect(LessonPlayer(lesson: lesson, io: io).play() == .completed)
        #expect(io.grades == [.correct, .correct])
    }
}
