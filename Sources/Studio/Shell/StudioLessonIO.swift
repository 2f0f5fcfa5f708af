import CReadline
import Commands
import Foundation
import Tutor

/// Plays a lesson in the studio: reports and `show` in the view pane, the
/// step's conversation (narration, questions, feedback) in the narration
/// pane, answers and `:` navigation typed at the readline command line.
public final class StudioLessonIO: LessonIO {
    let shell: StudioShell
    let style: TextStyle
    /// The current step's conversation, one paragraph each; the pane shows its tail.
    var talk: [String] {
        get { shell.state.conversation ?? [] }
        set { shell.state.conversation = newValue; shell.state.conversationScroll = 0 }
    }
    var title = ""
    /// What to print on the normal screen once the studio is closed: the summary or the last notice.
    public private(set) var farewell: [String] = []

    /// The studio, when stdout is a terminal of at least 80×24; nil means line mode.
    public static func open(style: TextStyle) -> StudioLessonIO? {
        guard !style.plain, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
              Int(size.ws_col) >= Terminal.minimum.cols, Int(size.ws_row) >= Terminal.minimum.rows else { return nil }
        guard let shell = StudioShell.open(style: style) else { return nil }
        return StudioLessonIO(shell: shell, style: style)
    }

    init(shell: StudioShell, style: TextStyle) {
        self.shell = shell; self.style = style
        shell.state.keysHint = ":hint :back :quit  Space/PgDn view  F2 report"
        shell.state.conversation = []
    }

    public func close() { shell.close() }

    /// Lesson commands run with the studio's Ctrl-C token, so Ctrl-C stops a long run at once.
    public func executionContext() -> ExecutionContext {
        studioInterrupts.reset()
        return ExecutionContext(cancellation: studioInterrupts)
    }

    var check: String { shell.terminal.theme.check }
    var cross: String { shell.terminal.theme.cross }

    func say(_ text: String, indent: String = "") {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { talk.append(indent + line) }
    }

    public func emit(_ event: LessonEvent) {
        switch event {
        case .lessonStart(let lesson, let note):
            let m = lesson.metadata
            title = m.title
            var page = ["\(m.level), about \(m.minutes) minutes", ""]
            if !m.summary.isEmpty { page += [m.summary, ""] }
            if !m.objectives.isEmpty { page += ["You will be able to:"] + m.objectives.map { "  - " + $0.text } }
            shell.displayText(page.joined(separator: "\n"), title: m.title, wraps: true)
            talk = ["Controls: Enter goes on; :hint a hint, :back the previous step, :quit save and leave (:help lists all). "
                    + "Space (on an empty line) or PageDown steps the view, PageUp back; F2 shows the report; Shift-PgUp scrolls this text back. Anything else is an answer or a command."]
            if let note { say(note) }
            shell.state.lesson = title
        case .stepStart(let i, let n, let step):
            talk = ["Step \(i + 1) of \(n): \(step.title)"]
            shell.state.lesson = "\(title)  step \(i + 1)/\(n)"
        case .narration(let t): say(t)
        case .verbatim(let t): say(t, indent: "    ")
        case .command(let c): say("$ " + c)
        // A step's run opens on its result, which its question is about; PgUp walks back.
        case .report(let r):
            shell.display(r, atEnd: true)
            // `$ command` prints its report, as line mode does: beside the view when there is room (else F2).
            if ReportPane(frame: shell.frame).beside { shell.state.reportShown = true }
        case .output(let t): shell.displayText(t)
        case .show(let v, let r): shell.display(r, view: v)
        case .commandError(let e): say("error: " + e)
        case .question(let q, let number, let shown):
            say("Question \(number) (\(q.kind)): " + q.ask)
            switch q.body {
            case .choice(let options, let multiple):
                for (i, o) in options.enumerated() { say("  \(Grader.letter(i))) " + o.text) }
                say(multiple ? "Choose all that apply, e.g. a c." : "Answer with one letter.")
            case .order(let items):
                for (pos, k) in shown.enumerated() { say("  \(Grader.letter(pos))) " + items[k]) }
                say("Type the letters in the right order.")
            case .numeric(_, _, _, let unit): say("Answer with a number" + (unit.isEmpty ? "." : " in \(unit)."))
            case .task: say("Type commands; the task is checked after each run. :hint helps, :next skips.")
            case .text: break
            }
        case .hint(let n, let of, let t): say("Hint \(n)/\(of): " + t)
        case .feedback(let g):
            switch g {
            case .correct: say(check + " Correct.")
            case .wrong(let fb): say(cross + " Not quite." + (fb.map { " " + $0 } ?? ""))
            case .unreadable(let why): say(why)
            }
        case .reveal(let t): say("The answer: " + t)
        case .explanation(let t): say("Why: " + t)
        case .info(let t):
            say(t)
            farewell = [t]
        case .progress(let t): say(t)
        case .summary(let sum):
            var lines = ["Score: \(sum.correct) of \(sum.questions) questions right"
                         + (sum.revealed > 0 ? ", \(sum.revealed) revealed" : "")
                         + (sum.skipped > 0 ? ", \(sum.skipped) skipped" : "") + "; \(sum.hints) hint\(sum.hints == 1 ? "" : "s") used."]
            if !sum.skippedSteps.isEmpty { lines.append("Steps skipped: " + sum.skippedSteps.joined(separator: ", ")) }
            for o in sum.objectives { lines.append("  " + (o.met ? check : "~") + " " + o.text) }
            shell.displayText(lines.joined(separator: "\n"), title: "Lesson complete: \(title)", wraps: true)
            farewell = ["Lesson complete: \(title)"] + lines
        }
    }

    public func read(_ request: InputRequest) -> String? {
        let prompt: String
        switch request {
        case .pause: prompt = "[Enter] to go on> "
        case .endOfStep(let last): prompt = last ? "[Enter] to finish> " : "[Enter] for the next step> "
        case .answer: prompt = "answer> "
        case .task: prompt = "task> "
        case .confirm(let q): say(q); prompt = "> "
        }
        guard let line = shell.readLine(prompt: prompt) else { return nil }
        let t = line.trimmingCharacters(in: .whitespaces)
        if !t.isEmpty {
            add_history(t)   // Up recalls within the lesson; not saved to the REPL's file
            say("> " + t)
        }
        return line
    }
}
