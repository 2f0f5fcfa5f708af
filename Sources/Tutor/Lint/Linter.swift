import Commands
import Foundation

/// The author's check (`qkdtutor lint`): the parser's findings, then
/// references, commands and a headless play-through in which every
/// reference answer must pass its own check and known-wrong answers fail.
public enum Linter {
    public struct FileReport: Sendable {
        public var file: String
        public var diagnostics: [Diagnostic]
        public var source: [String]
        /// Format errors stopped the headless play-through.
        public var playSkipped = false
        public var errors: Int { diagnostics.filter { $0.severity == .error }.count }

        public func rendered() -> [String] { diagnostics.map { $0.render(file: file, source: source) } }
    }

    public static func lint(text: String, file: String = "<lesson>", play: Bool = true, knownLessons: Set<String>? = nil) -> [Diagnostic] {
        lintReport(text: text, file: file, play: play, knownLessons: knownLessons).diagnostics
    }

    /// `knownLessons`: the lesson ids `requires:` may name (nil: not checked).
    public static func lintReport(text: String, file: String = "<lesson>", play: Bool = true,
                                  knownLessons: Set<String>? = nil) -> (diagnostics: [Diagnostic], playSkipped: Bool) {
        let (lesson, parsed) = LessonParser.parse(text, file: file)
        var out = parsed
        var skipped = false
        if let lesson {
            // An empty-looking step is often one whose question failed to parse.
            out += references(lesson).filter { $0.code != Code.emptyStep || parsed.isEmpty }
            if let known = knownLessons, let at = lesson.metadata.requiresLocation {
                for r in lesson.metadata.requires where !known.contains(r) && r != lesson.metadata.id {
                    out.append(Diagnostic(Code.unknownLesson, "no lesson '\(r)' (required) among the lessons found", at: at))
                }
            }
            let commandErrors = commands(lesson)
            out += commandErrors
            // Playing needs a lesson that parses; a broken one would only add noise.
            if play {
                if !out.contains(where: { $0.severity == .error }) { out += selfCheck(lesson) } else { skipped = true }
            }
        } else if play { skipped = true }
        var seen = Set<String>()
        let diagnostics = out.filter { seen.insert("\($0.location) \($0.code) \($0.message)").inserted }
            .sorted { $0.location < $1.location }
        return (diagnostics, skipped)
    }

    public static func lint(url: URL, play: Bool = true, knownLessons: Set<String>? = nil) -> FileReport {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        if size > Lesson.maxFileBytes {
            return FileReport(file: url.relativePath, diagnostics: [Diagnostic(Code.fileTooLarge, "the file is \(size) bytes; the limit is \(Lesson.maxFileBytes) (2 MB)", at: SourceLocation(line: 1, column: 1))], source: [], playSkipped: play)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            return FileReport(file: url.relativePath, diagnostics: [Diagnostic(Code.badFile, "cannot read this file: \((error as NSError).localizedFailureReason ?? "unreadable")", at: SourceLocation(line: 1, column: 1))], source: [], playSkipped: play)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return FileReport(file: url.relativePath, diagnostics: [Diagnostic(Code.badFile, "the file is not UTF-8 text", at: SourceLocation(line: 1, column: 1))], source: [], playSkipped: play)
        }
        let r = lintReport(text: text, file: url.path, play: play, knownLessons: knownLessons)
        return FileReport(file: url.relativePath, diagnostics: r.diagnostics, source: LessonParser.lines(of: text).map(Sanitize.text), playSkipped: r.playSkipped)
    }

    /// Files given, and every `*.lesson` in directories given, sorted.
    public static func expand(_ paths: [String]) -> [URL] {
        var out: [URL] = []
        for p in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue {
                let items = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
                out += items.filter { $0.hasSuffix(".lesson") }.sorted().map { URL(fileURLWithPath: p).appendingPathComponent($0) }
            } else {
                out.append(URL(fileURLWithPath: p))
            }
        }
        return out
    }

    static func references(_ lesson: Lesson) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let objectives = Set(lesson.metadata.objectives.map(\.id))
        for step in lesson.steps {
            if step.items.isEmpty {
                out.append(Diagnostic(Code.emptyStep, "step '\(step.id)' has nothing in it", at: step.location, severity: .warning))
            }
            for case .question(let q) in step.items {
                if let r = q.review, lesson.stepIndex(r.value) == nil {
                    out.append(Diagnostic(Code.undefinedStep, "no step '\(r.value)' to review", at: r.location))
                }
                if let r = q.onWrong, lesson.stepIndex(r.value) == nil {
                    out.append(Diagnostic(Code.undefinedStep, "no step '\(r.value)' to send a wrong answer to", at: r.location))
                }
                if let o = q.objective, !objectives.contains(o.value) {
                    out.append(Diagnostic(Code.unknownObjective, "no objective '\(o.value)' in the header", at: o.location))
                }
            }
        }
        return out
    }

    /// Every command line must parse in the REPL language: no unknown verbs or options.
    static func commands(_ lesson: Lesson) -> [Diagnostic] {
        let checker = Interpreter()
        var out: [Diagnostic] = []
        let params = Dictionary(uniqueKeysWithValues: lesson.metadata.params.map { ($0.name, $0.value(seed: lesson.metadata.seed)) })
        let bare = EvalContext(session: Session(seed: lesson.metadata.seed), params: params)
        func check(_ c: Located<String>) {
            var line = c.value
            if lesson.interpolates && line.contains("{") {
                // Params fill in now; session values only while playing (checked there).
                line = Interpolation.fill(line, bare, params: lesson.paramNames)
                if line.contains("{?}") { return }
            }
            if let e = checker.check(line) {
                var message = e.message
                if let h = e.hint { message += " (\(h))" }
                out.append(Diagnostic(Code.commandParse, message, at: c.location.offset((e.column ?? 1) - 1)))
            }
        }
        for step in lesson.steps {
            for item in step.items {
                switch item {
                case .command(let c): check(c)
                case .show(let v):
                    if !Verbs.views.contains(where: { $0.view == v.value }) {
                        out.append(Diagnostic(Code.commandParse, "no view '\(v.value)'; views: \(Verbs.views.map(\.view).joined(separator: ", "))", at: v.location))
                    }
                case .question(let q):
                    if case .task(_, let solution) = q.body {
                        solution.forEach(check)
                        q.wrong.forEach(check)
                    }
                default: break
                }
            }
        }
        return out
    }

    static func pathProblems(_ e: Expression, at base: SourceLocation, _ context: EvalContext) -> [Diagnostic] {
        e.paths.compactMap { path, column in
            guard context.resolve(path) == nil else { return nil }
            let names = context.scalarPaths
            let near = names.min { editDistance($0, path) < editDistance($1, path) }
            let hint = near.map { editDistance($0, path) <= 4 ? " (did you mean '\($0)'?)" : "" } ?? ""
            return Diagnostic(Code.unknownPath, "no command before this produces '\(path)'\(hint)", at: base.offset(column - 1))
        }
    }

    /// The headless play-through's state: the session, snapshots and params.
    struct PlayState {
        var interpreter: Interpreter
        var runs: [String: Report] = [:]
        let params: [String: ExpressionValue]
        var context: EvalContext { EvalContext(session: interpreter.session, runs: runs, params: params) }
    }

    /// `{…}` values in a text: their paths must exist here (E002), and they must evaluate (E003).
    static func values(_ text: Located<String>, _ lesson: Lesson, _ context: EvalContext) -> [Diagnostic] {
        guard lesson.interpolates, let segments = try? Interpolation.segments(text.value, params: lesson.paramNames) else { return [] }
        var out: [Diagnostic] = []
        for case .value(let e, _, let column) in segments {
            let base = text.location.offset(column - 1)
            let problems = pathProblems(e, at: base, context)
            if !problems.isEmpty { out += problems; continue }
            do { _ = try e.evaluate(context) } catch {
                out.append(Diagnostic(Code.expressionType, error.message, at: base.offset(error.column - 1)))
            }
        }
        return out
    }

    /// Plays the lesson headless with its own answers.
    static func selfCheck(_ lesson: Lesson) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let params = Dictionary(uniqueKeysWithValues: lesson.metadata.params.map { ($0.name, $0.value(seed: lesson.metadata.seed)) })
        var state = PlayState(interpreter: Interpreter(session: Session(seed: lesson.metadata.seed)), params: params)
        for step in lesson.steps {
            // A remediation step runs on a copy: the normal flow never sees its commands.
            let remedial = lesson.remedial.contains(step.id)
            let saved = state
            out += values(Located(step.title, step.location), lesson, state.context)
            for item in step.items {
                switch item {
                case .narration(let t), .verbatim(let t):
                    out += values(t, lesson, state.context)
                case .command(let c):
                    out += values(c, lesson, state.context)
                    let line = lesson.interpolates ? Interpolation.fill(c.value, state.context, params: lesson.paramNames) : c.value
                    switch state.interpreter.execute(line) {
                    case .failure(let e):
                        out.append(Diagnostic(Code.commandFails, "fails when run: \(e.message)", at: c.location.offset((e.column ?? 1) - 1)))
                    case .report(let r, _, _):
                        if let name = lesson.snapshots[c.location] { state.runs[name] = r }
                    default: break
                    }
                case .show(let v):
                    if case .failure = state.interpreter.execute("show " + v.value) {
                        let kind = Verbs.views.first { $0.view == v.value }?.kind ?? v.value
                        out.append(Diagnostic(Code.showBeforeRun, "nothing to show: no '\(kind)' command runs before this", at: v.location))
                    }
                case .question(let q):
                    for t in q.texts { out += values(t, lesson, state.context) }
                    out += check(q, &state, lesson)
                default: break
                }
            }
            if remedial { state = saved }
        }
        return out
    }

    static func check(_ q: Question, _ state: inout PlayState, _ lesson: Lesson) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let context = state.context
        func v1(_ message: String) { out.append(Diagnostic(Code.referenceFails, message, at: q.location)) }
        func mustFail(_ w: Located<String>, _ context: EvalContext) {
            if Grader.grade(q, answer: w.value, context: context).isCorrect {
                out.append(Diagnostic(Code.wrongPasses, "the known-wrong answer '\(w.value)' is accepted", at: w.location))
            }
        }
        func fill(_ s: String, _ c: EvalContext) -> String { lesson.interpolates ? Interpolation.fill(s, c, params: lesson.paramNames) : s }
        switch q.body {
        case .numeric(let e, let text, let tolerance, _):
            let problems = pathProblems(e, at: text.location, context)
            if !problems.isEmpty { return problems }
            do {
                if case .number(let x) = try e.evaluate(context), let d = q.display {
                    // The learner cannot type closer than the screen shows.
                    let half = 0.5 * pow(10, -Double(d))
                    let slack: Double
                    switch tolerance { case .absolute(let t): slack = t; case .relative(let r): slack = r * abs(x) }
                    if slack < half && !(tolerance == .absolute(0) && d == 0) {
                        out.append(Diagnostic(Code.toleranceBelowDisplay, "the tolerance (\(tolerance.description)) is tighter than the displayed rounding (\(d) decimal\(d == 1 ? "" : "s"), ± \(ExpressionValue.format(half)))", at: text.location, severity: .warning))
                    }
                }
            } catch {
                return [Diagnostic(Code.expressionType, error.message, at: text.location.offset(error.column - 1))]
            }
            if let p = q.prediction {
                for d in pathProblems(p, at: q.location, context) { out.append(d) }
            }
        default: break
        }
        switch q.body {
        case .task(let check, let solution):
            if case .boolean(true)? = try? check.evaluate(context) {
                out.append(Diagnostic(Code.taskAlreadyDone, "the task is already done before the learner does anything", at: q.location, severity: .warning))
            }
            if !q.wrong.isEmpty {
                var copy = state.interpreter
                for w in q.wrong { _ = copy.execute(fill(w.value, context)) }
                let after = EvalContext(session: copy.session, runs: state.runs, params: state.params)
                if case .boolean(true)? = try? check.evaluate(after) {
                    out.append(Diagnostic(Code.wrongPasses, "after the known-wrong commands the check still passes", at: q.wrong[0].location))
                }
            }
            for c in solution {
                if case .failure(let e) = state.interpreter.execute(fill(c.value, context)) {
                    out.append(Diagnostic(Code.commandFails, "the solution fails when run: \(e.message)", at: c.location))
                }
            }
            let after = state.context
            if let base = checkLocation(q) {
                var problems: [Diagnostic] = []
                if q.requirements.isEmpty { problems = pathProblems(check, at: base, after) }
                for r in q.requirements { problems += pathProblems(r.condition, at: r.location, after) }
                if !problems.isEmpty { return out + problems }
            }
            do {
                if case .boolean(false) = try check.evaluate(after) {
                    let failing = q.requirements.first { (try? $0.condition.evaluate(after)) != .boolean(true) }
                    v1("the solution does not pass the task's own check" + (failing.map { $0.message.isEmpty ? "" : " ('\($0.message)')" } ?? ""))
                }
            } catch {
                out.append(Diagnostic(Code.expressionType, error.message, at: (checkLocation(q) ?? q.location).offset(error.column - 1)))
            }
        case .choice(let options, _):
            for (i, o) in options.enumerated() where !o.correct {
                if Grader.grade(q, answer: Grader.letter(i), context: context).isCorrect {
                    out.append(Diagnostic(Code.wrongPasses, "the wrong option '\(o.text)' is accepted", at: o.location))
                }
            }
            q.wrong.forEach { mustFail($0, context) }
            if let r = Grader.reference(q, context: context), !Grader.grade(q, answer: r, context: context).isCorrect {
                v1("the correct options do not pass the check")
            }
        default:
            guard let r = Grader.reference(q, context: context) else { v1("no reference answer can be computed"); break }
            let g = Grader.grade(q, answer: r, context: context)
            if !g.isCorrect { v1("the reference answer '\(r)' does not pass its own check (\(g))") }
            q.wrong.forEach { mustFail($0, context) }
        }
        return out
    }

    static func checkLocation(_ q: Question) -> SourceLocation? { q.checkLocation }
}
