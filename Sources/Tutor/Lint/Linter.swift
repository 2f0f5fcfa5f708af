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
        public var errors: Int { diagnostics.filter { $0.severity == .error }.count }

        public func rendered() -> [String] { diagnostics.map { $0.render(file: file, source: source) } }
    }

    public static func lint(text: String, file: String = "<lesson>", play: Bool = true) -> [Diagnostic] {
        let (lesson, parsed) = LessonParser.parse(text, file: file)
        var out = parsed
        if let lesson {
            // An empty-looking step is often one whose question failed to parse.
            out += references(lesson).filter { $0.code != Code.emptyStep || parsed.isEmpty }
            let commandErrors = commands(lesson)
            out += commandErrors
            // Playing needs a lesson that parses; a broken one would only add noise.
            if play && !out.contains(where: { $0.severity == .error }) { out += selfCheck(lesson) }
        }
        var seen = Set<String>()
        return out.filter { seen.insert("\($0.location) \($0.code) \($0.message)").inserted }
            .sorted { $0.location < $1.location }
    }

    public static func lint(url: URL, play: Bool = true) -> FileReport {
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            return FileReport(file: url.path, diagnostics: [Diagnostic(Code.badFile, "cannot read this file as UTF-8 text", at: SourceLocation(line: 1, column: 1))], source: [])
        }
        return FileReport(file: url.relativePath, diagnostics: lint(text: text, file: url.path, play: play), source: LessonParser.lines(of: text))
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
        func check(_ c: Located<String>) {
            if let e = checker.check(c.value) {
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

    static func pathProblems(_ e: Expression, at base: SourceLocation, _ session: Session) -> [Diagnostic] {
        e.paths.compactMap { path, column in
            guard session.value(path) == nil else { return nil }
            let names = session.variables.map(\.name)
            let near = names.min { editDistance($0, path) < editDistance($1, path) }
            let hint = near.map { editDistance($0, path) <= 4 ? " (did you mean '\($0)'?)" : "" } ?? ""
            return Diagnostic(Code.unknownPath, "no command before this produces '\(path)'\(hint)", at: base.offset(column - 1))
        }
    }

    /// Plays the lesson headless with its own answers.
    static func selfCheck(_ lesson: Lesson) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var interpreter = Interpreter(session: Session(seed: lesson.metadata.seed))
        for step in lesson.steps {
            for item in step.items {
                switch item {
                case .command(let c):
                    if case .failure(let e) = interpreter.execute(c.value) {
                        out.append(Diagnostic(Code.commandFails, "fails when run: \(e.message)", at: c.location.offset((e.column ?? 1) - 1)))
                    }
                case .show(let v):
                    if case .failure = interpreter.execute("show " + v.value) {
                        let kind = Verbs.views.first { $0.view == v.value }?.kind ?? v.value
                        out.append(Diagnostic(Code.showBeforeRun, "nothing to show: no '\(kind)' command runs before this", at: v.location))
                    }
                case .question(let q):
                    out += check(q, &interpreter)
                default: break
                }
            }
        }
        return out
    }

    static func check(_ q: Question, _ interpreter: inout Interpreter) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let session = interpreter.session
        func v1(_ message: String) { out.append(Diagnostic(Code.referenceFails, message, at: q.location)) }
        func mustFail(_ w: Located<String>, _ session: Session) {
            if Grader.grade(q, answer: w.value, session: session).isCorrect {
                out.append(Diagnostic(Code.wrongPasses, "the known-wrong answer '\(w.value)' is accepted", at: w.location))
            }
        }
        switch q.body {
        case .numeric(let e, let text, _, _):
            let problems = pathProblems(e, at: text.location, session)
            if !problems.isEmpty { return problems }
            do { _ = try e.evaluate(session.value) } catch {
                return [Diagnostic(Code.expressionType, error.message, at: text.location.offset(error.column - 1))]
            }
        case .task(let check, _):
            // The check's paths may appear only once the solution runs.
            _ = check
        default: break
        }
        switch q.body {
        case .task(let check, let solution):
            if case .boolean(true)? = try? check.evaluate(session.value) {
                out.append(Diagnostic("W001", "the task is already done before the learner does anything", at: q.location, severity: .warning))
            }
            if !q.wrong.isEmpty {
                var copy = interpreter
                for w in q.wrong { _ = copy.execute(w.value) }
                if case .boolean(true)? = try? check.evaluate(copy.session.value) {
                    out.append(Diagnostic(Code.wrongPasses, "after the known-wrong commands the check still passes", at: q.wrong[0].location))
                }
            }
            for c in solution {
                if case .failure(let e) = interpreter.execute(c.value) {
                    out.append(Diagnostic(Code.commandFails, "the solution fails when run: \(e.message)", at: c.location))
                }
            }
            if let base = checkLocation(q) {
                let problems = pathProblems(check, at: base, interpreter.session)
                if !problems.isEmpty { return out + problems }
            }
            do {
                if case .boolean(false) = try check.evaluate(interpreter.session.value) {
                    v1("the solution does not pass the task's own check")
                }
            } catch {
                out.append(Diagnostic(Code.expressionType, error.message, at: (checkLocation(q) ?? q.location).offset(error.column - 1)))
            }
        case .choice(let options, _):
            for (i, o) in options.enumerated() where !o.correct {
                if Grader.grade(q, answer: Grader.letter(i), session: session).isCorrect {
                    out.append(Diagnostic(Code.wrongPasses, "the wrong option '\(o.text)' is accepted", at: o.location))
                }
            }
            q.wrong.forEach { mustFail($0, session) }
            if let r = Grader.reference(q, session: session), !Grader.grade(q, answer: r, session: session).isCorrect {
                v1("the correct options do not pass the check")
            }
        default:
            guard let r = Grader.reference(q, session: session) else { v1("no reference answer can be computed"); break }
            let g = Grader.grade(q, answer: r, session: session)
            if !g.isCorrect { v1("the reference answer '\(r)' does not pass its own check (\(g))") }
            q.wrong.forEach { mustFail($0, session) }
        }
        return out
    }

    static func checkLocation(_ q: Question) -> SourceLocation? { q.checkLocation }
}
