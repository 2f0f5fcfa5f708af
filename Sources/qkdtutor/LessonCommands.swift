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
    static let configuration = CommandConfiguration(commandName: "lessons", abstract: "List the lessons, with your progress.")
    @Flag(help: "Plain lines for screen readers.") var plain = false

    func run() throws {
        let (_, file) = openStore()
        let entries = LessonLibrary.bundled()
        guard !entries.isEmpty else { print("No lessons found (set QKDTUTOR_LESSONS to a folder of .lesson files)."); return }
        let style = TextStyle.detect(color: .auto, plain: plain)
        for e in entries {
            guard let l = e.lesson else { print("  \(e.url.lastPathComponent): cannot be read; run 'qkdtutor lint \(e.url.path)'"); continue }
            let m = l.metadata
            let state: String
            if let p = file.lessons[m.id] {
                let total = l.questions.count
                if p.completed != nil { state = "done, score \(p.score)/\(total)" }
                else { state = "at step \((l.stepIndex(p.step) ?? 0) + 1) of \(l.steps.count)" }
            } else { state = "not started" }
            print("  " + style.bold(Format.pad(m.id, 14)) + Format.pad(m.title, 44) + "  " + Format.pad("\(m.level), \(m.minutes) min", 20) + state)
            if !m.requires.isEmpty { print("  " + String(repeating: " ", count: 14) + style.dim("after: " + m.requires.joined(separator: ", "))) }
        }
        print(style.dim("Start one with: qkdtutor lesson ID"))
    }
}

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Play a lesson: in the studio on a terminal of 80×24 or more, else in line mode; it resumes where you left off.",
        discussion: "Lines starting with ':' steer (:help). Piped input gives the answers, one a line.")
    @Argument(help: "A lesson id (see 'qkdtutor lessons') or a path to a .lesson file.") var lesson: String
    @Flag(help: "Start from the first step without asking.") var restart = false
    @Option(help: "Colour: auto, always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines for screen readers.") var plain = false

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
        var file = stored
        let id = lesson.metadata.id
        var existing = restart ? nil : file.lessons[id]
        if let p = existing, let done = p.completed {
            let when = DateFormatter.localizedString(from: done, dateStyle: .medium, timeStyle: .short)
            let reply = io.read(.confirm("You finished '\(lesson.metadata.title)' on \(when) with \(p.score) of \(lesson.questions.count) right. Start again? [y/N]"))
            guard let r = reply, ["y", "yes"].contains(r.trimmingCharacters(in: .whitespaces).lowercased()) else {
                return ["Nothing changed. 'qkdtutor quiz \(id)' asks just the questions."]
            }
            existing = nil
        }
        let (start, note) = LessonPlayer.resumePoint(lesson, existing)
        var warning: String?
        let player = LessonPlayer(lesson: lesson, io: io, progress: existing) { p in
            file.lessons[id] = p
            do { try store.save(file) } catch {
                if warning == nil { warning = "cannot save progress: \(error.localizedDescription)" }
            }
        }
        _ = player.play(from: start, resumeNote: note)
        if let warning { warn(warning) }
        return []
    }
}

struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Only a lesson's questions, for self-checking; the simulations they need run first, with the lesson's seed.")
    @Argument(help: "A lesson id or a path to a .lesson file.") var lesson: String
    @Option(help: "Colour: auto, always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines for screen readers.") var plain = false

    func run() throws {
        let lesson = try loadLesson(lesson)
        let io = LineIO(style: TextStyle.detect(color: color, plain: plain))
        _ = LessonPlayer(lesson: lesson, io: io, mode: .quiz).play()
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
        for url in files {
            let r = Linter.lint(url: url, play: !noPlay)
            for line in r.rendered() { print(line) }
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
        abstract: "Show your progress; forget a lesson; or export a summary for a teacher.")
    @Option(name: .customLong("reset"), help: "Forget the progress of this lesson id.") var reset: String?
    @Option(name: .customLong("export"), help: "Write a readable summary to this file.") var export: String?

    func run() throws {
        let (store, stored) = openStore()
        var file = stored
        if let id = reset {
            guard file.lessons.removeValue(forKey: id) != nil else {
                FileHandle.standardError.write(Data("no progress for '\(id)'\n".utf8)); throw ExitCode(1)
            }
            try store.save(file)
            print("Forgot lesson '\(id)'.")
            return
        }
        let text = report(file, detailed: export != nil)
        if let path = export {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            print("Wrote \(path).")
        } else {
            print("Progress file: \(store.url.path)")
            print(text, terminator: "")
        }
    }

    func report(_ file: ProgressFile, detailed: Bool) -> String {
        let lessons = Dictionary(LessonLibrary.bundled().compactMap { $0.lesson }.map { ($0.metadata.id, $0) }, uniquingKeysWith: { a, _ in a })
        let df = ISO8601DateFormatter()
        var out = detailed ? "qkdtutor progress summary, \(df.string(from: Date()))\n\n" : ""
        if file.lessons.isEmpty { return out + "No lessons started yet. 'qkdtutor lessons' lists them.\n" }
        for id in file.lessons.keys.sorted() {
            let p = file.lessons[id]!
            let l = lessons[id]
            let total = l.map { "/\($0.questions.count)" } ?? ""
            var state = p.completed.map { "completed \(df.string(from: $0))" } ?? "in progress at step '\(p.step)'"
            if let l, l.contentHash != p.contentHash { state += " (lesson edited since)" }
            out += "\(id): \(p.title)\n  \(state); score \(p.score)\(total), \(p.hintsUsed) hint\(p.hintsUsed == 1 ? "" : "s")"
            if !p.skippedSteps.isEmpty { out += "; skipped steps: \(p.skippedSteps.joined(separator: ", "))" }
            out += "\n"
            if detailed {
                out += "  started \(df.string(from: p.started)), seed \(p.seed)\n"
                let order = l?.questions.map(\.id) ?? p.questions.keys.sorted()
                for qid in order {
                    guard let q = p.questions[qid] else { out += "    \(qid): not reached\n"; continue }
                    let result = q.correct && !q.revealed ? "right" : q.revealed ? "revealed" : q.skipped ? "skipped" : "open"
                    out += "    \(qid): \(result), \(q.attempts) attempt\(q.attempts == 1 ? "" : "s"), \(q.hints) hint\(q.hints == 1 ? "" : "s")\n"
                }
            }
        }
        return out
    }
}
