import Commands
import Foundation

/// The one lesson interpreter: plays steps, runs their commands through the
/// REPL's `Interpreter` with the lesson's seed, asks questions and keeps
/// progress. Drivers (`LessonIO`) decide how things look.
public final class LessonPlayer {
    /// `demo` plays a lesson for a class: same steps, no progress kept.
    public enum Mode: Sendable { case lesson, quiz, demo }
    public enum Ending: Equatable, Sendable { case completed, quit, endOfInput }

    public let lesson: Lesson
    public let mode: Mode
    public private(set) var interpreter: Interpreter
    public private(set) var progress: LessonProgress
    let io: any LessonIO
    /// Overrides the lesson's seed (a demo's --seed).
    let seed: UInt64?
    /// Called after every change worth keeping (step entered, answer given).
    let persist: (LessonProgress) -> Void

    public init(lesson: Lesson, io: any LessonIO, progress: LessonProgress? = nil, mode: Mode = .lesson,
                seed: UInt64? = nil, persist: @escaping (LessonProgress) -> Void = { _ in }) {
        self.lesson = lesson; self.io = io; self.mode = mode; self.persist = persist; self.seed = seed
        var p = progress ?? LessonProgress(lesson: lesson)
        p.contentHash = lesson.contentHash
        p.title = lesson.metadata.title
        self.progress = p
        interpreter = Interpreter(session: Session(seed: seed ?? lesson.metadata.seed))
    }

    /// Where a learner with this progress picks up, with a note to show.
    public static func resumePoint(_ lesson: Lesson, _ p: LessonProgress?) -> (index: Int, note: String?) {
        guard let p, !lesson.steps.isEmpty else { return (0, nil) }
        let edited = p.contentHash != lesson.contentHash
        if let i = lesson.stepIndex(p.step) {
            if i == 0 && !edited { return (0, nil) }
            let at = "step '\(p.step)' (\(i + 1) of \(lesson.steps.count))"
            return (i, edited ? "This lesson was edited since you started; resuming at \(at)." : "Resuming at \(at). Type :restart to start over.")
        }
        return (0, "This lesson was edited since you started and step '\(p.step)' is gone; starting from the first step.")
    }

    enum Flow { case next, back, again, to(Int), restart, quit, endOfInput }

    /// Plays from a step to the end, or until the learner quits.
    public func play(from start: Int = 0, resumeNote: String? = nil) -> Ending {
        guard !lesson.steps.isEmpty else { return .completed }
        io.emit(.lessonStart(lesson, resumeNote: resumeNote))
        var index = max(0, min(start, lesson.steps.count - 1))
        rebuildSession(upTo: index)
        while index < lesson.steps.count {
            if mode != .quiz {
                progress.step = lesson.steps[index].id
                save()
            }
            switch playStep(index) {
            case .next: index += 1
            case .back: index = max(0, index - 1); rebuildSession(upTo: index)
            case .again: rebuildSession(upTo: index)
            case .to(let i):
                if i > index { for s in lesson.steps[index..<i] { markSkipped(s.id) } }
                index = i; rebuildSession(upTo: index)
            case .restart:
                progress = LessonProgress(lesson: lesson)
                index = 0; rebuildSession(upTo: 0)
                io.emit(.info("Starting again from the first step."))
            case .quit:
                save()
                switch mode {
                case .lesson: io.emit(.info("Progress saved; run the lesson again to resume at step '\(progress.step)'."))
                case .quiz: io.emit(.info("Quiz stopped."))
                case .demo: io.emit(.info("Demo stopped at step '\(progress.step)'."))
                }
                return .quit
            case .endOfInput:
                save()
                io.emit(.info("End of input; progress saved at step '\(progress.step)'."))
                return .endOfInput
            }
        }
        if mode != .quiz {
            progress.completed = Date.wholeSeconds()
            progress.step = lesson.steps.last!.id
            save()
        }
        io.emit(.summary(summary()))
        return .completed
    }

    func save() {
        guard mode == .lesson else { return }
        progress.updated = Date.wholeSeconds()
        persist(progress)
    }

    func markSkipped(_ id: String) {
        if !progress.skippedSteps.contains(id) { progress.skippedSteps.append(id) }
    }

    /// A fresh session replaying every earlier step's commands, so that a
    /// resume, goto or back leaves it exactly as those steps would.
    func rebuildSession(upTo index: Int) {
        interpreter = Interpreter(session: Session(seed: seed ?? lesson.metadata.seed))
        for step in lesson.steps[..<index] {
            for c in step.sessionCommands { _ = interpreter.execute(c.value) }
        }
    }

    /// Runs a line; with `echo` its output is shown (and, unless the
    /// learner `typed` it, the line itself first).
    func run(_ line: String, echo: Bool, typed: Bool = false) -> Outcome {
        if echo && !typed { io.emit(.command(line)) }
        let outcome = interpreter.execute(line)
        guard echo else { return outcome }
        switch outcome {
        case .report(let r, let json, _):
            if json, let j = try? r.json() { io.emit(.output(j)) } else { io.emit(.report(r)) }
        case .text(let s): io.emit(.output(s))
        case .show(let v, let r): io.emit(.show(view: v, report: r))
        case .failure(let e): io.emit(.commandError(e.description))
        case .quit, .clear, .history, .nothing: break
        }
        return outcome
    }

    /// Steps worth showing in a quiz: those that ask something.
    func hasQuestions(_ step: Step) -> Bool {
        step.items.contains { if case .question = $0 { return true } else { return false } }
    }

    func playStep(_ index: Int) -> Flow {
        let step = lesson.steps[index]
        let quiz = mode == .quiz
        if !quiz || hasQuestions(step) { if !quiz { io.emit(.stepStart(index: index, count: lesson.steps.count, step)) } }
        var items = step.items[...]
        var lastWasPause = false
        while let item = items.popFirst() {
            lastWasPause = false
            switch item {
            case .narration(let t): if !quiz { io.emit(.narration(t.value)) }
            case .verbatim(let t): if !quiz { io.emit(.verbatim(t.value)) }
            case .command(let c): _ = run(c.value, echo: !quiz || hasQuestions(step))
            case .show(let v): if !quiz { _ = run("show " + v.value, echo: true) }
            case .pause:
                if quiz { continue }
                lastWasPause = true
                switch wait(.pause, step: step, rest: items) {
                case .some(let flow): return flow
                case .none: break
                }
            case .question(let q):
                if let flow = ask(q, step: step, rest: items) { return flow }
            }
        }
        if quiz || lastWasPause { return .next }
        return wait(.endOfStep(isLast: index == lesson.steps.count - 1), step: step, rest: [][...]) ?? .next
    }

    /// Waits at a pause or a step's end; nil means carry on.
    func wait(_ request: InputRequest, step: Step, rest: ArraySlice<StepItem>) -> Flow? {
        while true {
            guard let line = io.read(request) else { return .endOfInput }
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            if t.hasPrefix(":") {
                switch navigate(t, step: step, rest: rest, question: nil) {
                case .flow(let f): return f
                case .continue: return nil
                case .stay: continue
                }
            }
            // Anything else at a pause runs as a command: the REPL is always at hand.
            _ = run(t, echo: true, typed: true)
        }
    }

    enum NavResult { case flow(Flow), `continue`, stay }

    static let navigationHelp = """
    :next      go on (at a question: skip it)     :back      the previous step
    :repeat    this step again                    :skip      skip the rest of this step
    :hint      a hint for this question           :goto ID   jump to a step
    :restart   start the lesson again             :progress  where you are
    :quit      save and leave                     :help      this list
    """

    func navigate(_ line: String, step: Step, rest: ArraySlice<StepItem>, question: Question?) -> NavResult {
        let words = line.dropFirst().split(separator: " ").map(String.init)
        let word = words.first ?? ""
        if mode == .quiz && ["back", "repeat", "goto", "restart", "skip"].contains(word) {
            io.emit(.info("In a quiz only :next, :hint and :quit work.")); return .stay
        }
        switch word {
        case "next", "n": return .continue
        case "quit", "q": return .flow(.quit)
        case "help", "h", "?":
            io.emit(.info(Self.navigationHelp)); return .stay
        case "progress":
            io.emit(.progress(progressLine())); return .stay
        case "hint":   // questions handle it themselves
            io.emit(.info("There is no question here to give a hint for.")); return .stay
        case "back": return .flow(.back)
        case "repeat": return .flow(.again)
        case "skip":
            // Leave the session as later steps expect: run what the step would have run.
            for item in rest {
                switch item {
                case .command(let c): _ = interpreter.execute(c.value)
                case .question(let q):
                    progress.questions[q.id, default: QuestionProgress()].skipped = true
                    if case .task(_, let sol) = q.body { for c in sol { _ = interpreter.execute(c.value) } }
                default: break
                }
            }
            if let q = question, case .task(_, let sol) = q.body { for c in sol { _ = interpreter.execute(c.value) } }
            markSkipped(step.id)
            io.emit(.info("Skipped step '\(step.id)'."))
            return .flow(.next)
        case "goto":
            guard words.count == 2 else { io.emit(.info("Usage: :goto STEP  (steps: \(lesson.steps.map(\.id).joined(separator: ", ")))")); return .stay }
            guard let i = lesson.stepIndex(words[1]) else {
                io.emit(.info("No step '\(words[1])'. Steps: \(lesson.steps.map(\.id).joined(separator: ", "))")); return .stay
            }
            return .flow(.to(i))
        case "restart":
            guard let answer = io.read(.confirm("Start this lesson again from the beginning? Your answers so far will be forgotten. [y/N]")) else { return .flow(.endOfInput) }
            if ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) { return .flow(.restart) }
            io.emit(.info("Carrying on.")); return .stay
        default:
            io.emit(.info("'\(line)' is not a navigation command; type :help for the list.")); return .stay
        }
    }

    func progressLine() -> String {
        let i = lesson.stepIndex(progress.step).map { $0 + 1 } ?? 1
        let qs = lesson.questions
        let answered = qs.filter { progress.questions[$0.id].map { $0.correct || $0.revealed } ?? false }.count
        return "Step \(i) of \(lesson.steps.count) ('\(progress.step)'); \(answered) of \(qs.count) questions answered, score \(progress.score), \(progress.hintsUsed) hints used."
    }

    /// Asks one question until it is right, revealed or skipped; nil means carry on.
    func ask(_ q: Question, step: Step, rest: ArraySlice<StepItem>) -> Flow? {
        let number = (lesson.questions.firstIndex { $0.id == q.id } ?? 0) + 1
        let shown = Grader.presentation(q)
        io.emit(.question(q, number: number, presentation: shown))
        var record = progress.questions[q.id] ?? QuestionProgress()
        record.correct = false; record.revealed = false; record.skipped = false
        var attempts = 0
        var hintsShown = 0
        func commit() { progress.questions[q.id] = record; save() }
        while true {
            let request: InputRequest
            if case .task = q.body { request = .task(q, session: interpreter.session) }
            else { request = .answer(q, presentation: shown, attempt: attempts + 1, session: interpreter.session) }
            guard let line = io.read(request) else { commit(); return .endOfInput }
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            if t.hasPrefix(":") {
                let word = t.dropFirst().split(separator: " ").first.map(String.init) ?? ""
                if word == "hint" {
                    if hintsShown < q.hints.count {
                        hintsShown += 1
                        record.hints = max(record.hints, hintsShown)
                        io.emit(.hint(number: hintsShown, of: q.hints.count, q.hints[hintsShown - 1]))
                        commit()
                    } else {
                        io.emit(.info(q.hints.isEmpty ? "This question has no hints; :next skips it." : "No more hints; :next skips the question."))
                    }
                    continue
                }
                switch navigate(t, step: step, rest: rest, question: q) {
                case .stay: continue
                case .continue:
                    record.skipped = true
                    if case .task(_, let sol) = q.body {
                        for c in sol { _ = interpreter.execute(c.value) }
                    }
                    io.emit(.info("Skipped. The answer: " + Grader.revealText(q, session: interpreter.session)))
                    io.emit(.explanation(q.explain))
                    commit()
                    return nil
                case .flow(let f):
                    if word == "skip" { record.skipped = true }
                    commit(); return f
                }
            }
            let grade: Grade
            if case .task = q.body {
                let outcome = run(t, echo: true, typed: true)
                if case .report = outcome {} else { continue }   // help, vars, typos: no attempt
                grade = Grader.grade(q, answer: t, session: interpreter.session)
            } else {
                grade = Grader.grade(q, answer: t, session: interpreter.session)
            }
            if case .unreadable = grade { io.emit(.feedback(grade)); continue }
            attempts += 1
            record.attempts += 1
            io.emit(.feedback(grade))
            if grade.isCorrect {
                record.correct = true
                io.emit(.explanation(q.explain))
                commit()
                return nil
            }
            if attempts >= q.attempts {
                record.revealed = true
                if case .task(_, let sol) = q.body { for c in sol { _ = run(c.value, echo: true) } }
                io.emit(.reveal(Grader.revealText(q, session: interpreter.session)))
                io.emit(.explanation(q.explain))
                if let r = q.review { io.emit(.info("To review, type :goto \(r.value) later.")) }
                commit()
                return nil
            }
            let left = q.attempts - attempts
            io.emit(.info("\(left) attempt\(left == 1 ? "" : "s") left" + (hintsShown < q.hints.count ? "; :hint for a hint." : ".")))
            commit()
        }
    }

    public func summary() -> LessonSummary {
        let qs = lesson.questions
        let recs = qs.map { progress.questions[$0.id] ?? QuestionProgress() }
        let objectives = lesson.metadata.objectives.map { o -> (text: String, met: Bool) in
            let mine = qs.filter { $0.objective?.value == o.id }
            let met = mine.allSatisfy { q in progress.questions[q.id].map { $0.correct && !$0.revealed } ?? false }
            return (o.text, met)
        }
        return LessonSummary(questions: qs.count,
                             correct: recs.filter { $0.correct && !$0.revealed }.count,
                             revealed: recs.filter(\.revealed).count,
                             skipped: recs.filter(\.skipped).count,
                             hints: recs.reduce(0) { $0 + $1.hints },
                             skippedSteps: progress.skippedSteps,
                             objectives: objectives)
    }
}
