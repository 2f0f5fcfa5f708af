import Commands
import Foundation

/// Line mode: prints to stdout, reads stdin a line at a time. Piped input
/// works too (answers one per line), and is echoed so a transcript reads well.
public final class LineIO: LessonIO {
    public let style: TextStyle
    let echoInput: Bool
    let read: () -> String?
    /// Prose width: the screen, but never more than 80 columns.
    var width: Int { min(style.width, 80) }

    public init(style: TextStyle, read: @escaping () -> String? = { readLine(strippingNewline: true) },
                echoInput: Bool = isatty(STDIN_FILENO) != 1) {
        self.style = style; self.read = read; self.echoInput = echoInput
    }

    /// Where text goes; the demo driver records it as it passes.
    public var write: (String) -> Void = { print($0, terminator: ""); fflush(nil) }

    func out(_ s: String) { write(s + "\n") }
    func para(_ s: String, indent: String = "  ") { for l in TextWrap.wrap(s, width: width, indent: indent) { out(l) } }

    public func emit(_ event: LessonEvent) {
        let s = style
        switch event {
        case .lessonStart(let lesson, let note):
            let m = lesson.metadata
            out(s.bold(m.title) + "  (\(m.level), about \(m.minutes) minutes)")
            if !m.summary.isEmpty { para(m.summary) }
            if !m.objectives.isEmpty {
                out("  You will be able to:")
                for o in m.objectives { para(o.text, indent: "    - ") }
            }
            para("Lines starting with ':' steer the lesson (:help lists them); anything else is an answer or a command.")
            if let note { out(s.yellow(note)) }
        case .stepStart(let i, let n, let step):
            out("")
            out(s.bold("\(s.unicode ? "──" : "--") Step \(i + 1) of \(n): \(step.title) \(s.unicode ? "──" : "--")"))
        case .narration(let t): out(""); para(t)
        case .verbatim(let t): out("    " + t)
        case .command(let c): out(""); out(s.dim("  $ ") + s.bold(c))
        case .report(let r): out(r.text(s))
        case .output(let t): out(t)   // reports and help: made by the tool, not by files
        case .show(_, let r): out(r.text(s))
        case .commandError(let e): out(s.red("error") + ": " + e)
        case .question(let q, let number, let shown):
            out("")
            out(s.bold("Question \(number)") + s.dim(" (\(q.kind))"))
            para(q.ask)
            switch q.body {
            case .choice(let options, let multiple):
                for (i, o) in options.enumerated() { para(o.text, indent: "    \(Grader.letter(i))) ") }
                out(s.dim(multiple ? "  Choose all that apply, e.g. a c." : "  Answer with one letter."))
            case .order(let items):
                for (pos, k) in shown.enumerated() { para(items[k], indent: "    \(Grader.letter(pos))) ") }
                out(s.dim("  Type the letters in the right order, e.g. \(shown.indices.map(Grader.letter).joined(separator: " "))."))
            case .numeric(_, _, _, let unit):
                out(s.dim("  Answer with a number" + (unit.isEmpty ? "." : unit == "fraction" ? " (a fraction such as 0.25, or 25%)." : " in \(unit).")))
            case .task:
                out(s.dim("  Type commands; the task is checked after each run. :hint helps, :next skips."))
            case .text: break
            }
        case .hint(let n, let of, let t): para(t, indent: "  " + s.yellow("Hint \(n)/\(of): "))
        case .feedback(let g):
            switch g {
            case .correct: out("  " + s.green(s.check + " Correct."))
            case .wrong(let fb): out("  " + s.red(s.cross + " Not quite.")); if let fb { para(fb, indent: "    ") }
            case .unreadable(let why): out("  " + s.yellow(why))
            }
        case .reveal(let t):
            out("  The answer:")
            for line in t.split(separator: "\n") { para(String(line), indent: "    ") }
        case .explanation(let t): para(t, indent: "  " + s.dim("Why: "))
        case .info(let t): for line in t.split(separator: "\n") { out("  " + s.dim(String(line))) }
        case .progress(let t): para(t)
        case .summary(let sum):
            out("")
            out(s.bold("Lesson complete."))
            out("  Score: \(sum.correct) of \(sum.questions) right at the first try.")
            out("  Right after a wrong try: \(sum.rightLater); revealed: \(sum.revealed); skipped: \(sum.skipped); hints used: \(sum.hints).")
            if !sum.skippedSteps.isEmpty { out("  Steps skipped: " + sum.skippedSteps.joined(separator: ", ")) }
            if !sum.objectives.isEmpty {
                out("  Objectives:")
                for o in sum.objectives { para(o.text, indent: "    " + (o.met ? s.green(s.check) : s.yellow(s.unicode ? "…" : "~")) + " ") }
                if sum.objectives.contains(where: { !$0.met }) {
                    out(s.dim("  (not yet met: answer its questions without the reveal; run the lesson again or `qkdtutor quiz`)"))
                }
            }
        }
    }

    public func read(_ request: InputRequest) -> String? {
        let prompt: String
        switch request {
        case .pause: prompt = style.dim("  [Enter] to go on, :help for more") + " > "
        case .endOfStep(let last): prompt = style.dim(last ? "  [Enter] to finish" : "  [Enter] for the next step") + " > "
        case .answer: prompt = "answer> "
        case .task: prompt = "task> "
        case .confirm(let q): prompt = q + " "
        }
        write(prompt)
        let line = read()
        if line == nil { write("\n") }
        else if echoInput { write(Sanitize.text(line!) + "\n") }
        return line
    }
}
