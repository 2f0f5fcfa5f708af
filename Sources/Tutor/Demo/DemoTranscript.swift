import Commands
import Foundation

/// A Markdown handout of a demo: narration, commands with their output,
/// questions with answers and explanations, and the sources the lesson cites.
public final class DemoTranscript {
    var lines: [String] = []
    var sources: [String] = []
    var openQuestion = false

    public init() {}

    /// Report text in the handout: Unicode, no colour.
    static let style = TextStyle(color: false, unicode: true, plain: false, width: 100)

    func record(_ event: LessonEvent, style _: TextStyle) {
        let s = Self.style
        switch event {
        case .lessonStart(let lesson, _):
            let m = lesson.metadata
            lines += ["# \(m.title)", "", m.summary, "", "*Level: \(m.level), about \(m.minutes) minutes.*", ""]
            if !m.objectives.isEmpty {
                lines.append("You will be able to:")
                lines += m.objectives.map { "- \($0.text)" }
                lines.append("")
            }
        case .stepStart(let i, _, let step):
            lines += ["## \(i + 1). \(step.title)", ""]
        case .narration(let t):
            lines += [t, ""]
            collectSources(t)
        case .verbatim(let t): lines += ["    " + t]
        case .command(let c): lines += ["```console", "$ \(c)"]
        case .report(let r), .show(_, let r): lines += [r.text(s), "```", ""]
        case .output(let t): lines += ["```", t, "```", ""]
        case .commandError(let e): lines += ["error: \(e)", "```", ""]
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
            openQuestion = true
        case .reveal(let t): lines += ["*Answer:* \(t)", ""]
        case .explanation(let t): lines += ["*Why:* \(t)", ""]; collectSources(t)
        case .feedback, .hint, .info, .progress: break
        case .summary(let sum):
            lines += ["## Summary", "", "\(sum.correct) of \(sum.questions) questions answered by the answer key.", ""]
        }
    }

    func answer(_ text: String) {
        guard openQuestion else { return }
        lines += ["*Answer:* `\(text)`", ""]
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
        if !sources.isEmpty {
            out += ["## Sources cited", ""] + sources.map { "- \($0)" } + [""]
        }
        return out.joined(separator: "\n")
    }
}
