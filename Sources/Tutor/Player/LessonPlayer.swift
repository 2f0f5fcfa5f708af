import Commands
import Foundation

/// The one lesson interpreter: plays steps, runs their commands through the
/// REPL's `Interpreter` with the attempt's seed, asks questions and keeps
/// every answer in an `Attempt`. Drivers (`LessonIO`) decide how things look.
public final class LessonPlayer {
    /// `demo` plays a lesson for a class: same steps, no progress kept.
    public enum Mode: Sendable { case lesson, quiz, demo }
    public enum Ending: Equatable, Sendable { case completed, quit, endOfInput }

    public let lesson: Lesson
    public let mode: Mode
    public private(set) var interpreter: Interpreter
    /// Reports kept by `$ command as NAME`, read as `runs.NAME.*`.
    public private(set) var runs: [String: Report] = [:]
    public private(set) var progress: Attempt
    /// The learner's `param:` values, drawn from the attempt's seed.
    public let params: [String: ExpressionValue]
    let io: any LessonIO
    /// Called after every change worth keeping (step entered, answer given).
    let persist: (Attempt) -> Void
    var cachedContext: EvalContext?
    /// Whether saves are working (the store is writable and no save failed):
    /// the player says "saved" only when this is true.
    public var isSaving: () -> Bool = { true }

    /// The context each lesson command runs in: a driver that catches Ctrl-C
    /// (the studio) hands out its cancellation token here, so a long run stops.
    public var executionContext: () -> ExecutionContext = { ExecutionContext() }

    public init(lesson: Lesson, io: any LessonIO, progress: Attempt? = nil, mode: Mode = .lesson,
                seed: UInt64? = nil, student: StudentIdentity = StudentIdentity(name: "", id: "anonymous"),
                number: Int = 1, persist: @escaping (Attempt) -> Void = { _ in }) {
        self.lesson = lesson; self.io = io; self.mode = mode; self.persist = persist
        var p = progress ?? Attempt(lesson: lesson, student: student, number: number,
                                    mode: mode == .quiz ? .quiz : .lesson, seed: seed)
        if let seed, progress == nil { p.seed = seed }
        p.adopt(lesson)
        let drawn = Dictionary(uniqueKeysWithValues: lesson.metadata.params.map { ($0.name, $0.value(seed: p.seed)) })
        p.params = drawn.mapValues(\.description)
        self.params = drawn
        self.progress = p
        interpreter = Interpreter(session: Session(seed: p.seed))
        (io as? LessonContextReceiver)?.currentContext = { [unowned self] in self.context }
    }

    /// The values expressions see now.
    public var context: EvalContext {
        if let c = cachedContext { return c }
        let c = EvalContext(session: interpreter.session, runs: runs, params: params)
        cachedContext = c
        return c
    }

    /// Lesson text with its `{…}` values filled in (version 2 files only).
    public func fill(_ text: String) -> String {
        lesson.interpolates ? Interpolation.fill(text, context, params: lesson.paramNames) : text
    }

    /// The question as drivers see it: text with values filled in, a numeric
    /// answer already computed from the whole context (snapshots, params) and
    /// task solutions with their values, so a driver that only has the
    /// `Session` (a demo's answer key) still gets them right.
    func filled(_ q: Question) -> Question {
        var f = q
        if case .numeric(let e, let text, let tolerance, let unit) = q.body, !e.paths.isEmpty,
           case .number(let x)? = try? e.evaluate(context) {
            f.body = .numeric(answer: .number(x, column: e.column), answerText: text, tolerance: tolerance, unit: unit)
        }
        guard lesson.interpolates else { return f }
        f.ask = fill(q.ask)
        f.explain = fill(q.explain)
        f.hints = q.hints.map(fill)
        switch q.body {
        case .choice(let options, let multiple):
            f.body = .choice(options: options.map { var o = $0; o.text = fill(o.text); o.feedback = o.feedback.map(fill); return o }, multiple: multiple)
        case .order(let items): f.body = .order(items: items.map(fill))
        case .task(let check, let solution):
            f.body = .task(check: check, solution: solution.map { Located(fill($0.value), $0.location) })
        default: break
        }
        return f
    }

    /// "'Malus's law' (step 2 of 6)": learners see titles, not ids.
    func stepName(_ id: String) -> String {
        guard let i = lesson.stepIndex(id) else { return "'\(id)'" }
        return "'\(lesson.steps[i].title)' (step \(i + 1) of \(lesson.steps.count))"
    }

    /// Where a learner with this attempt picks up, with a note to show.
    public static func resumePoint(_ lesson: Lesson, _ p: Attempt?) -> (index: Int, note: String?) {
        guard let p, !lesson.steps.isEmpty else { return (0, nil) }
        let edited = p.contentHash != lesson.contentHash
        if let i = lesson.stepIndex(p.step) {
            if i == 0 && !edited { return (0, nil) }
            let at = "'\(lesson.steps[i].title)' (step \(i + 1) of \(lesson.steps.count))"
            return (i, edited ? "This lesson was edited since you started; resuming at \(at)." : "Resuming at \(at). Type :restart to start over.")
        }
        return (0, "This lesson was edited since you started and the step you were at is gone; starting from the first step.")
    }

    enum Flow { case next, back, again, to(Int), restart, quit, endOfInput }

    /// The next step of the normal flow after `index` (remediation steps are skipped).
    func following(_ index: Int) -> Int {
        var i = index + 1
        while i < lesson.steps.count && lesson.remedial.contains(lesson.steps[i].id) { i += 1 }
        return i
    }
    func preceding(_ index: Int) -> Int {
        var i = index - 1
        while i > 0 && lesson.remedial.contains(lesson.steps[i].id) { i -= 1 }
        return max(0, i)
    }

    /// Plays from a step to the end, or until the learner quits.
    public func play(from start: Int = 0, resumeNote: String? = nil) -> Ending {
        guard !lesson.steps.isEmpty else { return .completed }
        io.emit(.lessonStart(lesson, resumeNote: resumeNote))
        var index = max(0, min(start, lesson.steps.count - 1))
        if lesson.remedial.contains(lesson.steps[index].id) { index = following(index) }
        rebuildSession(upTo: index)
        while index < lesson.steps.count {
            progress.step = lesson.steps[index].id
            save()
            switch playStep(index) {
            case .next: index = following(index)
            case .back: index = preceding(index); rebuildSession(upTo: index)
            case .again: rebuildSession(upTo: index)
            case .to(let i):
                if i > index { for s in lesson.steps[index..<i] { markSkipped(s.id) } }
                index = i; rebuildSession(upTo: index)
            case .restart:
                // A new attempt; the old one stays in the history.
                progress = Attempt(lesson: lesson, student: progress.student, number: progress.number + 1,
                                   mode: progress.mode, seed: progress.seed)
                progress.params = params.mapValues(\.description)
                index = 0; rebuildSession(upTo: 0)
                io.emit(.info("Starting again from the first step (a new attempt; the earlier one is kept)."))
            case .quit:
                save()
                switch mode {
                case .lesson:
                    io.emit(.info(isSaving() ? "Progress saved; run the lesson again to resume at \(stepName(progress.step))."
                                             : "Stopped at \(stepName(progress.step)). Progress could not be saved."))
                case .quiz: io.emit(.info(isSaving() ? "Quiz stopped; your answers so far are recorded." : "Quiz stopped; it could not be recorded."))
                case .demo:
                    let i = lesson.stepIndex(progress.step) ?? 0
                    io.emit(.info("Demo stopped at step \(i + 1) of \(lesson.steps.count) ('\(lesson.steps[i].title)')."))
                }
                return .quit
            case .endOfInput:
                save()
                if mode == .lesson && isSaving() { io.emit(.info("End of input; progress saved at \(stepName(progress.step)).")) }
                else { io.emit(.info("End of input.")) }
                return .endOfInput
            }
        }
        progress.completed = Date.wholeSeconds()
        progress.step = lesson.steps.last!.id
        save()
        io.emit(.summary(summary()))
        return .completed
    }

    func save() {
        guard mode != .demo else { return }
        progress.updated = Date.wholeSeconds()
        persist(progress)
    }

    func markSkipped(_ id: String) {
        if !progress.skippedSteps.contains(id) { progress.skippedSteps.append(id) }
    }

    /// Runs a lesson command (values filled in) and keeps its snapshot.
    @discardableResult
    func execute(_ c: Located<String>) -> Outcome {
        let outcome = interpreter.execute(fill(c.value), context: executionContext())
        cachedContext = nil
        if case .report(let r, _, _) = outcome, let name = lesson.snapshots[c.location] { runs[name] = r }
        return outcome
    }

    /// A fresh session replaying every earlier step's commands, so that a
    /// resume, goto or back leaves it exactly as those steps would.
    func rebuildSession(upTo index: Int) {
        interpreter = Interpreter(session: Session(seed: progress.seed))
        runs = [:]
        cachedContext = nil
        for step in lesson.steps[..<index] where !lesson.remedial.contains(step.id) {
            for c in step.sessionCommands { execute(c) }
        }
    }

    /// Runs a line; with `echo` its output is shown (and, unless the
    /// learner `typed` it, the line itself first).
    func run(_ line: String, echo: Bool, typed: Bool = false, location: SourceLocation? = nil) -> Outcome {
        let shown = typed ? line : fill(line)
        if echo && !typed { io.emit(.command(shown)) }
        let outcome: Outcome
        if let location { outcome = execute(Located(line, location)) }
        else { outcome = interpreter.execute(shown, context: executionContext()); cachedContext = nil }
        guard echo else { return outcome }
        switch outcome {
        case .report(let r, let json, _):
            if json, let j = try? r.json() { io.emit(.output(j)) } else { io.emit(.report(r)) }
        case .text(let s): io.emit(.output(s))
        case .show(let v, let r): io.emit(.show(view: v, report: r))
        case .failure(let e): io.emit(.commandError(Sanitize.text(e.description)))
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
        if !quiz {
            var shown = step
            shown.title = fill(step.title)
            io.emit(.stepStart(index: index, count: lesson.steps.count, shown))
        }
        var items = step.items[...]
        var lastWasPause = false
        while let item = items.popFirst() {
            lastWasPause = false
            switch item {
            case .narration(let t): if !quiz { io.emit(.narration(fill(t.value))) }
            case .verbatim(let t): if !quiz { io.emit(.verbatim(fill(t.value))) }
            case .command(let c): _ = run(c.value, echo: !quiz || hasQuestions(step), location: c.location)
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
        return wait(.endOfStep(isLast: following(index) >= lesson.steps.count), step: step, rest: [][...]) ?? .next
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
    :hint      a hint for this question           :goto N    jump to step N (or a title)
    :restart   start the lesson again             :progress  where you are
    :quit      save and leave                     :help      this list
    """

    /// The steps a learner can go to, by number and title.
    func stepList() -> String {
        lesson.steps.enumerated().filter { !lesson.remedial.contains($0.element.id) }
            .map { "\($0.offset + 1). \($0.element.title)" }.joined(separator: "\n")
    }

    /// `:goto 3` or `:goto malus` (a title prefix, any case); ids work too.
    func findStep(_ arg: String) -> Int? {
        if let n = Int(arg), n >= 1, n <= lesson.steps.count { return n - 1 }
        let a = arg.lowercased()
        if let i = lesson.steps.firstIndex(where: { $0.title.lowercased().hasPrefix(a) && !lesson.remedial.contains($0.id) }) { return i }
        return lesson.stepIndex(arg)
    }

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
                case .command(let c): execute(c)
                case .question(let q):
                    progress.questions[q.id, default: QuestionRecord()].skipped = true
                    if case .task(_, let sol) = q.body { for c in sol { execute(c) } }
                default: break
                }
            }
            if let q = question, case .task(_, let sol) = q.body { for c in sol { execute(c) } }
            markSkipped(step.id)
            io.emit(.info("Skipped the rest of '\(step.title)'."))
            return .flow(.next)
        case "goto":
            guard words.count >= 2 else { io.emit(.info("Usage: :goto N or :goto TITLE. Steps:\n" + stepList())); return .stay }
            let arg = words.dropFirst().joined(separator: " ")
            guard let i = findStep(arg) else {
                io.emit(.info("No step '\(Sanitize.text(arg))'. Steps:\n" + stepList())); return .stay
            }
            return .flow(.to(i))
        case "restart":
            guard let answer = io.read(.confirm("Start this lesson again from the beginning? This attempt is kept in your history. [y/N]")) else { return .flow(.endOfInput) }
            if ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) { return .flow(.restart) }
            io.emit(.info("Carrying on.")); return .stay
        default:
            io.emit(.info("'\(Sanitize.text(line))' is not a navigation command; type :help for the list.")); return .stay
        }
    }

    func progressLine() -> String {
        let i = lesson.stepIndex(progress.step) ?? 0
        let answered = progress.questions.values.filter { $0.correct || $0.revealed }.count
        return "Step \(i + 1) of \(lesson.steps.count) ('\(lesson.steps[i].title)'); \(answered) of \(lesson.questions.count) questions answered; "
            + "\(progress.score) right at the first try; \(progress.hintsUsed) hint\(progress.hintsUsed == 1 ? "" : "s") used."
    }

    lazy var questionNumbers: [String: Int] = Dictionary(lesson.questions.enumerated().map { ($0.element.id, $0.offset + 1) }, uniquingKeysWith: { a, _ in a })

    /// Asks one question until it is right, revealed or skipped; nil means carry on.
    func ask(_ original: Question, step: Step, rest: ArraySlice<StepItem>) -> Flow? {
        let number = questionNumbers[original.id] ?? 1
        let shown = Grader.presentation(original)
        let q = filled(original)
        io.emit(.question(q, number: number, presentation: shown))
        var record = progress.questions[q.id] ?? QuestionRecord()
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
                switch navigate(t, step: step, rest: rest, question: original) {
                case .stay: continue
                case .continue:
                    if !record.correct { record.skipped = true }
                    if case .task(_, let sol) = original.body { for c in sol { execute(c) } }
                    io.emit(.info("Skipped. The answer: " + Grader.revealText(q, context: context)))
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
                grade = Grader.grade(q, answer: t, context: context)
            } else {
                grade = Grader.grade(q, answer: t, context: context)
            }
            if case .unreadable = grade { io.emit(.feedback(grade)); continue }
            attempts += 1
            record.answers.append(AnswerRecord(answer: String(t.prefix(RegexSafety.maxAnswerBytes)), right: grade.isCorrect, time: Date.wholeSeconds()))
            io.emit(.feedback(grade))
            if grade.isCorrect {
                record.correct = true
                io.emit(.explanation(q.explain))
                commit()
                return nil
            }
            if attempts >= q.attempts {
                record.revealed = true
                if case .task(_, let sol) = original.body { for c in sol { _ = run(c.value, echo: true, location: c.location) } }
                io.emit(.reveal(Grader.revealText(q, context: context)))
                io.emit(.explanation(q.explain))
                commit()
                if let target = q.onWrong, let i = lesson.stepIndex(target.value), mode != .quiz {
                    if let flow = remediate(i) { return flow }
                } else if let r = q.review {
                    io.emit(.info("To review, type :goto \(lesson.stepIndex(r.value).map { String($0 + 1) } ?? r.value) later (\(stepName(r.value)))."))
                }
                return nil
            }
            let left = q.attempts - attempts
            io.emit(.info("\(left) attempt\(left == 1 ? "" : "s") left" + (hintsShown < q.hints.count ? "; :hint for a hint." : ".")))
            commit()
        }
    }

    /// `on-wrong:`: plays a remediation step on a copy of the session, then
    /// returns to where the learner was. Quit and end of input pass through.
    func remediate(_ index: Int) -> Flow? {
        let saved = (interpreter, runs)
        io.emit(.info("Let's look at this from another side first."))
        let flow = playStep(index)
        interpreter = saved.0; runs = saved.1; cachedContext = nil
        switch flow {
        case .quit, .endOfInput: return flow
        default:
            io.emit(.info("Back to the lesson."))
            return nil
        }
    }

    public func summary() -> LessonSummary {
        let qs = lesson.questions
        let recs = qs.map { progress.questions[$0.id] ?? QuestionRecord() }
        let objectives = progress.objectives.map { o -> (text: String, met: Bool) in
            (o.text, progress.result(of: o) == .met)
        }
        var s = LessonSummary(questions: qs.count,
                              correct: progress.score,
                              revealed: recs.filter(\.revealed).count,
                              skipped: recs.filter(\.skipped).count,
                              hints: recs.reduce(0) { $0 + $1.hints },
                              skippedSteps: progress.skippedSteps.map { id in lesson.stepIndex(id).map { lesson.steps[$0].title } ?? id },
                              objectives: objectives)
        s.rightLater = recs.filter { $0.correct && !$0.firstTryRight }.count
        return s
    }
}
