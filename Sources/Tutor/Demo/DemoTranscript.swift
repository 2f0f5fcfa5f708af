import Commands
import Foundation

/// A Markdown handout of a demo: narration, commands with their output,
/// questions with answers and explanations, and the sources the lesson cites.
/// The worksheet variant has the questions without answers, for students.
public final class DemoTranscript {
    var lines: [String] = []
    var sources: [String] = []
    var openQuestion = false
    /// A ```console block is open (a command was typed; its output follows).
    var inFence = false
    /// The last report written, so `$ command` then `@show` of the same report appears once.
    var lastReport: String?
    /// No answers, explanations or the answer's output: a sheet for students.
    public let worksheet: Bool
    /// In a worksheet, between a question and the next step or narration: what is shown gives the answer away.
    var answering = false

    public init(worksheet: Bool = false) { self.worksheet = worksheet }

    /// Every block that is not command output starts by closing an open fence,
    /// so fences stay balanced whatever kind of event came before.
    func closeFence() {
        if inFence { lines += ["```", ""]; inFence = false }
    }

    /// Output goes inside a fence: the command's, or a new one (`@show`, a task's answer).
    func output(_ text: String) {
        if !inFence { lines.append("```") }
        lines += [text, "```", ""]
        inFence = false
    }

    /// Report text in the handout: Unicode, no colour.
    static let style = TextStyle(color: false, unicode: true, plain: false, width: 100)

    func record(_ event: LessonEvent, style _: TextStyle) {
        let s = Self.style
        switch event {
        case .report, .show, .output, .commandError: break
        default: closeFence()
        }
        switch event {
        case .report, .show: break
        default: lastReport = nil
        }
        switch event {
        case .lessonStart(let lesson, _):
            let m = lesson.metadata
            lines += ["# \(m.title)" + (worksheet ? " (worksheet)" : ""), "", m.summary, "", "*Level: \(m.level), about \(m.minutes) minutes.*", ""]
            if !m.objectives.isEmpty {
                lines.append("You will be able to:")
                lines += m.objectives.map { "- \($0.text)" }
                lines.append("")
            }
        case .stepStart(let i, _, let step):
            answering = false
            lines += ["## \(i + 1). \(step.title)", ""]
        case .narration(let t):
            answering = false
            lines += [t, ""]
            collectSources(t)
        case .verbatim(let t): lines += ["    " + t]
        case .command(let c):
            answering = false
            lines += ["```console", "$ \(c)"]
            inFence = true
        case .report(let r), .show(_, let r):
            if worksheet && answering { break }
            let text = r.text(s)
            if text == lastReport && !inFence { break }   // `$ cmd` then `@show`: once is enough
            lastReport = text
            output(text)
        case .output(let t):
            if worksheet && answering { break }
            output(t)
        case .commandError(let e):
            if worksheet && answering { break }
            output("error: \(e)")
        case .question(let q, let number, let presentation):
            lines += ["**Question \(number).** \(q.ask)", ""]
            switch q.body {
            case .choice(let options, _):
                for (i, o) in options.enumerated() { lines.append("- \(Grader.letter(i))) \(o.text)") }
                lines.append("")
            case .order(let items):
                for (pos, k) in presentation.enumerated() { lines.append("- \(Grader.letter(pos))) \(items[k])") }
                lines.append("")
            default: break
            }
            if worksheet { lines += ["*Answer:* ______________________", ""] }
            openQuestion = true
            answering = true
        case .reveal(let t): if !worksheet { lines += ["*Answer:* \(t)", ""] }
        case .explanation(let t):
            if !worksheet { lines += ["*Why:* \(t)", ""] }
            collectSources(t)
        case .feedback, .hint, .info, .progress: break
        case .summary(let sum):
            lines += worksheet ? ["## Summary", ""]
                : ["## Summary", "", "\(sum.correct) of \(sum.questions) questions answered by the answer key.", ""]
        }
    }

    func answer(_ text: String) {
        guard openQuestion else { return }
        if !worksheet { lines += ["*Answer:* `\(text)`", ""] }
        openQuestion = false
    }

    /// Parenthesised citations with a year, e.g. "(Bennett & Brassard 1984)".
    func collectSources(_ text: String) {
        var depth = 0
        var current = ""
        for ch in text {
            if ch == "(" { depth += 1; if depth == 1 { current = ""; continue } }
            if ch == ")" {
                depth -= 1
                if depth == 0, current.range(of: #"\b(1[5-9]|20)\d\d\b"#, options: .regularExpression) != nil,
                   current.rangeOfCharacter(from: .letters) != nil, !sources.contains(current) {
                    sources.append(current)
                }
                continue
            }
            if depth > 0 { current.append(ch) }
        }
    }

    public var markdown: String {
        var out = lines
        if inFence { out += ["```", ""] }
        if !sources.isEmpty {
            out += ["## Sources cited", ""] + sources.map { "- \($0)" } + [""]
        }
        return out.joined(separator: "\n")
    }
}
