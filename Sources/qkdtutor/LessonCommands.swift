import ArgumentParser
import Commands
import Foundation
import Studio
import Tutor

private func warn(_ s: String) { FileHandle.standardError.write(Data(("warning: " + s + "\n").utf8)) }

private func openStore() -> (ProgressStore, ProgressFile) {
    let store = ProgressStore(directory: Paths.stateDirectory())
    let file = store.load()
    if let w = store.warning { warn(w) }
    return (store, file)
}

private func loadLesson(_ name: String) throws -> Lesson {
    do { return try LessonLibrary.find(name) } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    }
}

struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lessons", abstract: "The course map: the lessons in order, prerequisites, minutes, level, your progress per objective, and what to do next.")
    @Flag(help: "Plain lines for screen readers.") var plain = false

    func run() throws {
        let (_, file) = openStore()
        let entries = LessonLibrary.bundled()
        guard !entries.isEmpty else { print("No lessons found (set QKDTUTOR_LESSONS to a folder of .lesson files)."); return }
        let style = TextStyle.detect(color: .auto, plain: plain)
        for e in entries where e.lesson == nil { print("  \(e.url.lastPathComponent): cannot be read; run 'qkdtutor lint \(e.url.path)'") }
        // The course map (Tutor/Player/CourseMap.swift); this closure adapts the progress file to it.
        let rows = CourseMap.rows(entries.compactMap(\.lesson), order: CourseMap.order(in: Paths.lessonDirectory())) { l in
            guard let rec = file.lessons[l.metadata.id], let a = rec.current ?? rec.lastCompleted else { return .notStarted }
            let results = a.questions.filter { !$0.value.answers.isEmpty || $0.value.revealed || $0.value.skipped }.mapValues(\.firstTryRight)
            if a.completed != nil { return .init(state: .completed(score: a.score, total: a.total), results: results) }
            return .init(state: .inProgress(step: (l.stepIndex(a.step) ?? 0) + 1, of: l.steps.count), results: results)
        }
        for line in CourseMap.render(rows, style: style) { print(line) }
    }
}

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Play a lesson: in the studio on a terminal of 80×24 or more, else in line mode; it resumes where you left off.",
        discussion: "Lines starting with ':' steer (:help). Piped input gives the answers, one a line.")
    @Argument(help: "A lesson id (see 'qkdtutor lessons') or a path to a .lesson file.") var lesson: String
    @Flag(help: "Start from the first step without asking (a new attempt; earlier ones are kept).") var restart = false
    @Option(help: "Session seed for this attempt: a number, or 'random'. Default: the lesson's seed.") var seed: String?
    @Option(help: "Colour: auto, always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines for screen readers.") var plain = false

    func validate() throws {
        if let s = seed, s != "random", UInt64(s) == nil {
            throw ValidationError("--seed takes a whole number from 0 to \(UInt64.max), or 'random'; got '\(s)'")
        }
    }

    func run() throws {
        let lesson = try loadLesson(lesson)
        let (store, stored) = openStore()
        let style = TextStyle.detect(color: color, plain: plain)
        // The studio on a terminal of at least 80×24; line mode otherwise or with --plain.
        let studio = StudioLessonIO.open(style: style)
        let io: any LessonIO = studio ?? LineIO(style: style)
        let after = play(lesson, io: io, store: store, stored: stored)
        if let studio {
            studio.close()
            for line in studio.farewell { print(line) }
        }
        for line in after { print(line) }
    }

    /// Plays the lesson; returns lines to print once the screen is back to normal.
    func play(_ lesson: Lesson, io: any LessonIO, store: ProgressStore, stored: ProgressFile) -> [String] {
        let id = lesson.metadata.id
        let record = stored.lessons[id] ?? LessonRecord()
        var existing = restart ? nil : record.current
        let requestedSeed: UInt64? = seed.map { $0 == "random" ? UInt64.random(in: 0...UInt64(UInt32.max)) : UInt64($0)! }
        if existing == nil && !restart, let done = record.lastCompleted {
            let when = DateFormatter.localizedString(from: done.completed!, dateStyle: .medium, timeStyle: .short)
            let reply = io.read(.confirm("You finished '\(lesson.metadata.title)' on \(when) with \(done.score) of \(done.total) right at the first try. Start a new attempt? [y/N]"))
            guard let r = reply, ["y", "yes"].contains(r.trimmingCharacters(in: .whitespaces).lowercased()) else {
                return ["Nothing changed. 'qkdtutor quiz \(id)' asks just the questions."]
            }
        }
        if let e = existing, let s = requestedSeed, s != e.seed { existing = nil }   // another seed: a new attempt
        let (start, note) = LessonPlayer.resumePoint(lesson, existing)
        var warning: String?
        if store.readOnly { warning = "progress is not being saved this run (see the warning above)" }
        let player = LessonPlayer(lesson: lesson, io: io, progress: existing, seed: requestedSeed,
                                  student: store.student(stored), number: record.nextNumber) { attempt in
            guard !store.readOnly else { return }
            do { try store.save(attempt) } catch {
                if warning == nil { warning = "cannot save progress: \(error)" }
            }
        }
        player.isSaving = { warning == nil && !store.readOnly }
        if let studio = io as? StudioLessonIO { player.executionContext = studio.executionContext }
        let ending = player.play(from: start, resumeNote: note)
        if let warning {
            warn(warning)
            if ending != .completed { return ["Your answers in this run were NOT saved."] }
        }
        return []
    }
}

struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Only a lesson's questions, for self-checking; the simulations they need run first, with the lesson's seed. Recorded as a quiz attempt.")
    @Argument(help: "A lesson id or a path to a .lesson file.") var lesson: String
    @Option(help: "Colour: auto, always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines for screen readers.") var plain = false

    func run() throws {
        let lesson = try loadLesson(lesson)
        let (store, stored) = openStore()
        let io = LineIO(style: TextStyle.detect(color: color, plain: plain))
        var failure: String?
        let record = stored.lessons[lesson.metadata.id] ?? LessonRecord()
        let player = LessonPlayer(lesson: lesson, io: io, mode: .quiz, student: store.student(stored), number: record.nextNumber) { attempt in
            guard failure == nil, !store.readOnly else { return }
            do { try store.save(attempt) } catch { failure = "\(error)" }
        }
        player.isSaving = { failure == nil && !store.readOnly }
        _ = player.play()
        // Say what happened to the record, and only what happened.
        if store.readOnly { warn("this quiz was not recorded: \(store.warning ?? "progress is read-only")") }
        else if let failure { warn("this quiz was not recorded: \(failure)") }
    }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check lesson files: format, commands, references, and a headless play-through with the answer key.",
        discussion: "Prints file:line:col: CODE message with the line and a caret; exits 1 on errors.")
    @Argument(help: "Lesson files or folders (default: the bundled lessons).") var paths: [String] = []
    @Flag(name: .customLong("no-play"), help: "Skip the headless play-through (the self-consistency check).") var noPlay = false

    func run() throws {
        var targets = paths
        if targets.isEmpty {
            guard let dir = Paths.lessonDirectory() else { throw ValidationError("no lesson folder found; name files or folders") }
            targets = [dir.path]
        }
        let files = Linter.expand(targets)
        var errors = 0, warnings = 0
        // `requires:` may name the lessons being linted and the bundled ones.
        var known = Set(LessonLibrary.bundled().compactMap { $0.lesson?.metadata.id })
        let folders = Set(files.map { $0.deletingLastPathComponent().path })
        for url in Set(files + Linter.expand(Array(folders))) {
            if let data = FileManager.default.contents(atPath: url.path), data.count <= Lesson.maxFileBytes,
               let text = String(data: data, encoding: .utf8),
               let line = text.split(maxSplits: 40, omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first(where: { $0.hasPrefix("id:") }) {
                known.insert(line.dropFirst(3).trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        for url in files {
            let r = Linter.lint(url: url, play: !noPlay, knownLessons: known)
            for line in r.rendered() { print(line) }
            if r.playSkipped && r.errors > 0 { print("\(r.file): play-through skipped: fix the errors above first") }
            errors += r.errors
            warnings += r.diagnostics.count - r.errors
        }
        let summary = "\(files.count) file\(files.count == 1 ? "" : "s"), \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if errors > 0 || files.isEmpty { throw ExitCode(1) }
    }
}

struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show your progress; set your name; forget a lesson; or export your results for a teacher.",
        discussion: "Export formats are described in docs/progress-export.md.")
    @Option(name: .customLong("reset"), help: "Forget the progress of this lesson id (all its attempts).") var reset: String?
    @Option(name: .customLong("export"), help: "Write your results to this file ('-' = standard output).") var export: String?
    @Option(help: "Export format: md, csv or json (default: from the file's extension, else md).") var format: String?
    @Option(help: "Record this name with your attempts from now on (QKDTUTOR_STUDENT overrides it).") var student: String?

    func validate() throws {
        if let f = format, ProgressExport.Format(rawValue: f) == nil { throw ValidationError("--format is md, csv or json; got '\(f)'") }
        if format != nil && export == nil { throw ValidationError("--format goes with --export FILE") }
        if let s = student, s.trimmingCharacters(in: .whitespaces).isEmpty || s.count > 100 {
            throw ValidationError("--student takes a name of 1 to 100 characters")
        }
    }

    func run() throws {
        let (store, _) = openStore()
        if let name = student {
            guard !store.readOnly else { throw OneLineError("cannot set the name: progress is read-only this run") }
            do { let s = try store.setStudent(name: name); print("Attempts from now on are recorded for '\(s.name)' (id \(s.id)).") }
            catch { throw OneLineError("\(error)") }
            if reset == nil && export == nil { return }
        }
        if let id = reset {
            guard !store.readOnly else { throw OneLineError("cannot forget '\(id)': progress is read-only this run") }
            let found: Bool
            do { found = try store.reset(lesson: id) } catch { throw OneLineError("\(error)") }
            guard found else { throw OneLineError("no progress for '\(id)'") }
            print("Forgot lesson '\(id)'.")
            return
        }
        let file = store.load()
        if let path = export {
            let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
            let fmt = format.flatMap(ProgressExport.Format.init) ?? ProgressExport.Format(rawValue: ext) ?? .md
            var attempts = file.allAttempts
            // Names follow the current setting (QKDTUTOR_STUDENT included) where an attempt has none.
            let me = store.student(file)
            for i in attempts.indices where attempts[i].student.name.isEmpty && attempts[i].student.id == me.id { attempts[i].student.name = me.name }
            try writeOutput(try ProgressExport.render(attempts, format: fmt), to: path)
            if path != "-" { print("Wrote \(path) (\(fmt.rawValue), \(attempts.count) attempt\(attempts.count == 1 ? "" : "s")).") }
        } else {
            print("Progress file: \(store.url.path)")
            print(report(file, student: store.student(file)), terminator: "")
        }
    }

    func report(_ file: ProgressFile, student: StudentIdentity) -> String {
        let lessons = Dictionary(LessonLibrary.bundled().compactMap { $0.lesson }.map { ($0.metadata.id, $0) }, uniquingKeysWith: { a, _ in a })
        let df = ISO8601DateFormatter()
        var out = "Student: \(student.name.isEmpty ? "(no name; set one with --student NAME)" : student.name) [\(student.id)]\n"
        if file.lessons.isEmpty { return out + "No lessons started yet. 'qkdtutor lessons' lists them.\n" }
        for id in file.lessons.keys.sorted() {
            let r = file.lessons[id]!
            guard let last = r.attempts.last else { continue }
            out += "\(id): \(Sanitize.text(last.title))\n"
            for a in r.attempts {
                var state: String
                if let done = a.completed { state = "completed \(df.string(from: done))" }
                else {
                    let l = lessons[id]
                    let title = l.flatMap { l in l.stepIndex(a.step).map { "'\(l.steps[$0].title)' (step \($0 + 1) of \(l.steps.count))" } } ?? "'\(a.step)'"
                    state = "in progress at \(title)"
                }
                if let l = lessons[id], l.contentHash != a.contentHash { state += " (lesson edited since)" }
                out += "  \(a.mode == .quiz ? "quiz" : "attempt") \(a.number): \(state); \(a.score)/\(a.total) right at the first try, "
                    + "\(a.hintsUsed) hint\(a.hintsUsed == 1 ? "" : "s"), \(a.revealedCount) revealed\n"
            }
        }
        return out
    }
}
