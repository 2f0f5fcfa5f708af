// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Commands
import Foundation
import Tutor

/// The projector's live panel: aggregates of one question, as text lines.
/// Pure, so tests check it against hand-made tallies.
public enum ClassPanel {
    /// During the countdown: answered count and the distribution. `expected`
    /// (a numeric question's value) is only passed after the reveal, so the
    /// room does not see the answer early.
    public static func render(_ t: Tally, question q: Question, style s: TextStyle, expected: Double? = nil, revealed: Bool = false) -> [String] {
        var out = ["class: \(t.answered) answered" + (t.answered == 0 ? " so far" : "")]
        switch q.body {
        case .choice(let options, _):
            let most = max(1, t.options.max() ?? 0)
            for i in options.indices {
                let n = i < t.options.count ? t.options[i] : 0
                let mark = revealed && options[i].correct ? " " + s.check : ""
                out.append("  \(Grader.letter(i))) " + s.bar(Double(n) / Double(most), width: 20) + " \(n)" + mark)
            }
        case .numeric:
            out += histogram(t.values, expected: expected, style: s)
        default: break
        }
        if revealed, t.answered > 0 {
            let pct = Int((100 * Double(t.firstTryRight) / Double(t.answered)).rounded())
            out.append("right at first try: \(t.firstTryRight) of \(t.answered) (\(pct)%)")
        }
        return out
    }

    /// Eight bins over the answers' range (widened to include the expected value).
    static func histogram(_ values: [Double], expected: Double?, style s: TextStyle) -> [String] {
        guard !values.isEmpty else { return expected.map { ["  expected " + ExpressionValue.format($0)] } ?? [] }
        var lo = values.min()!, hi = values.max()!
        if let e = expected { lo = min(lo, e); hi = max(hi, e) }
        if hi - lo < 1e-12 { lo -= 0.5 * max(abs(lo), 1e-3); hi += 0.5 * max(abs(hi), 1e-3) }
        let bins = 8
        let w = (hi - lo) / Double(bins)
        var counts = Array(repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, max(0, Int((v - lo) / w)))] += 1 }
        let most = max(1, counts.max()!)
        let expectedBin = expected.map { min(bins - 1, max(0, Int(($0 - lo) / w))) }
        return (0..<bins).map { b in
            let from = ExpressionValue.format(lo + Double(b) * w), to = ExpressionValue.format(lo + Double(b + 1) * w)
            let label = (from + "…" + to).padding(toLength: 22, withPad: " ", startingAt: 0)
            let mark = expectedBin == b ? "  < expected " + ExpressionValue.format(expected!) : ""
            return "  " + label + s.bar(Double(counts[b]) / Double(most), width: 20) + " \(counts[b])" + mark
        }
    }
}

/// The demo's class hook: a `DemoStage` that passes everything to the studio
/// stage (if any) and shows the live panel during a question's countdown and
/// the first-try share after its reveal. In line mode the panel is printed
/// below the countdown; while the presenter has paused, it is refreshed from
/// a timer so the room watches the answers come in during the discussion.
public final class ClassPanelStage: DemoStage, @unchecked Sendable {
    /// The studio's stage, set once it is open; nil in line mode.
    public var inner: (any DemoStage)?
    let link: ClassLink
    let style: TextStyle
    let write: (String) -> Void
    let lock = NSLock()
    var tallies: [String: Tally] = [:]
    var question: Question?
    var shown: Tally?
    var expected: Double?
    var isPaused = false
    var timer: Thread?

    public init(inner: (any DemoStage)?, link: ClassLink, style: TextStyle, write: @escaping (String) -> Void = { print($0, terminator: ""); fflush(nil) }) {
        self.inner = inner; self.link = link; self.style = style; self.write = write
        link.onTally = { [weak self] t in
            guard let self else { return }
            self.lock.lock(); self.tallies[t.question] = t; self.lock.unlock()
        }
    }

    public var keys: PresenterInput? { inner?.keys }

    func tally(_ q: Question) -> Tally {
        lock.lock(); defer { lock.unlock() }
        return tallies[q.id] ?? Tally(lesson: "", question: q.id)
    }

    func present(_ lines: [String]) {
        if let inner {
            inner.show(.info(lines.joined(separator: "\n")))
        } else {
            write("\n" + lines.map { "  " + ClassText.printable($0, limit: 200) }.joined(separator: "\n") + "\n")
        }
    }

    /// Shows the panel if the counts changed since it was last shown.
    func refresh(force: Bool = false) {
        guard let q = question else { return }
        let t = tally(q)
        guard force || t != shown else { return }
        shown = t
        present(ClassPanel.render(t, question: q, style: style))
    }

    public func show(_ event: LessonEvent) {
        inner?.show(event)
        switch event {
        case .question(let q, _, _):
            question = q; shown = nil; expected = nil
            refresh(force: true)
        case .progress(let p) where question != nil && p.hasPrefix("> "):
            // DemoIO shows the reference answer it typed: the expected value.
            expected = Double(p.dropFirst(2).trimmingCharacters(in: .whitespaces))
        case .feedback, .reveal:
            guard let q = question else { return }
            present(ClassPanel.render(tally(q), question: q, style: style, expected: expected, revealed: true))
            question = nil
        default: break
        }
    }

    public func commandLine(_ text: String) {
        inner?.commandLine(text)
        if text.hasPrefix("Answer in") { refresh() }
    }

    public func paused(_ on: Bool) {
        inner?.paused(on)
        lock.lock(); isPaused = on; lock.unlock()
        if on, inner == nil, question != nil { startTimer() }
    }

    func startTimer() {
        let t = Thread { [weak self] in
            while let self, self.pausedNow {
                Thread.sleep(forTimeInterval: 0.5)
                if self.pausedNow { self.refresh() }
            }
        }
        t.start()
    }

    var pausedNow: Bool { lock.lock(); defer { lock.unlock() }; return isPaused }

    public func live(_ outcome: Outcome) { inner?.live(outcome) }
}
