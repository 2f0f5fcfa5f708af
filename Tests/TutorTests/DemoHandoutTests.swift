import Commands
import Foundation
import Testing
@testable import Tutor

/// Code fences in Markdown: every ``` line toggles; the handout must end outside a block
/// and every question must sit outside one (else the rest renders as code).
func fenceProblems(_ markdown: String) -> [String] {
    var open = false
    var problems: [String] = []
    for (n, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        if line.hasPrefix("```") { open.toggle(); continue }
        if open && (line.hasPrefix("**Question") || line.hasPrefix("## ") || line.hasPrefix("*Answer:*")) {
            problems.append("line \(n + 1) inside a code block: \(line)")
        }
    }
    if open { problems.append("the handout ends inside a code block") }
    return problems
}

@Suite("Demo handout and worksheet")
struct DemoHandoutTests {
    func play(_ id: String) throws -> DemoIO {
        let lesson = try LessonLibrary.find(id)
        var options = DemoOptions()
        options.realTime = false
        options.pauseAt = .never
        let io = DemoIO(style: DemoTests.style, options: options, keys: nil, seed: lesson.metadata.seed, screen: { _ in })
        _ = LessonPlayer(lesson: lesson, io: io, mode: .demo, seed: lesson.metadata.seed).play()
        return io
    }

    @Test("Fences are balanced in the handout and the worksheet of every bundled lesson", arguments: DemoTests.bundled)
    func fences(id: String) throws {
        let io = try play(id)
        #expect(fenceProblems(io.transcript.markdown) == [])
        #expect(fenceProblems(io.worksheet.markdown) == [])
    }

    @Test("The checker itself catches an inverted fence")
    func checkerFails() {
        #expect(!fenceProblems("```\nout\n```\n```\n**Question 1.** x\n").isEmpty)
        #expect(fenceProblems("```console\n$ a\nout\n```\n\n**Question 1.** x\n") == [])
    }

    @Test("The worksheet has every question and no answer")
    func worksheet() throws {
        let io = try play("bb84")
        let key = io.transcript.markdown, sheet = io.worksheet.markdown
        let questions = { (s: String) in s.split(separator: "\n").filter { $0.hasPrefix("**Question") } }
        #expect(questions(key) == questions(sheet))
        #expect(!questions(key).isEmpty)
        #expect(key.contains("*Answer:* `"))
        #expect(!sheet.contains("*Answer:* `"))
        #expect(!sheet.contains("*Why:*"))
    }

    @Test("A task's typed answer and its report sit in their own fence")
    func taskQuestionFence() throws {
        // Every bundled lesson with a task question is covered by `fences`; this checks one exists.
        let withTask = DemoTests.bundled.filter { id in
            (try? LessonLibrary.find(id))?.questions.contains { if case .task = $0.body { return true }; return false } ?? false
        }
        #expect(!withTask.isEmpty)
    }

    @Test("A report shown twice in a row appears once")
    func reportOnce() throws {
        let t = DemoTranscript()
        var interpreter = Interpreter(session: Session(seed: 3))
        guard case .report(let r, _, _) = interpreter.execute("bb84 --photons 200") else { Issue.record("no report"); return }
        t.record(.command("bb84 --photons 200"), style: DemoTests.style)
        t.record(.report(r), style: DemoTests.style)
        t.record(.show(view: "bb84", report: r), style: DemoTests.style)
        let text = r.text(DemoTranscript.style)
        #expect(t.markdown.components(separatedBy: text).count == 2)
        #expect(fenceProblems(t.markdown) == [])
    }
}

@Suite("Projector theme")
struct ProjectorThemeTests {
    @Test("A projector demo writes no dim text and wraps its step titles")
    func noDim() throws {
        let lesson = try LessonLibrary.find("bb84")
        var options = DemoOptions()
        options.realTime = false
        options.pauseAt = .never
        options.theme = .projector
        var screen = ""
        let style = TextStyle(color: true, unicode: true, plain: false, width: 40)
        let io = DemoIO(style: style, options: options, keys: nil, seed: 1, screen: { screen += $0 })
        _ = LessonPlayer(lesson: lesson, io: io, mode: .demo, seed: 1).play()
        #expect(!screen.contains("\u{1B}[2m"))
        #expect(screen.contains("\u{1B}[1m"))
        // At 40 columns every STEP title line fits.
        for line in screen.split(separator: "\n") where line.contains("STEP ") {
            let visible = line.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression)
            #expect(visible.count <= 40, "\(visible)")
        }
        // The default theme does use dim, so the check above can fail.
        var plainScreen = ""
        options.theme = .standard
        let io2 = DemoIO(style: style, options: options, keys: nil, seed: 1, screen: { plainScreen += $0 })
        _ = LessonPlayer(lesson: lesson, io: io2, mode: .demo, seed: 1).play()
        #expect(plainScreen.contains("\u{1B}[2m"))
    }
}

@Suite("Presenter keys")
struct PresenterKeyTests {
    /// Decodes a byte string the way the terminal delivers it.
    func keys(_ bytes: [UInt8]) -> [PresenterKey] {
        var i = 0
        var out: [PresenterKey] = []
        while i < bytes.count {
            let first = bytes[i]; i += 1
            out.append(PresenterKeyDecoder.key(first: first) { _ in
                guard i < bytes.count else { return nil }
                defer { i += 1 }
                return bytes[i]
            })
        }
        return out
    }

    @Test("A clicker's → and PageDown advance, ← and PageUp go back; none quits")
    func clicker() {
        let right = Array("\u{1b}[C".utf8), pgdn = Array("\u{1b}[6~".utf8)
        let left = Array("\u{1b}[D".utf8), pgup = Array("\u{1b}[5~".utf8)
        #expect(keys(right + pgdn + Array("\u{1b}OC".utf8)) == [.advance, .advance, .advance])
        #expect(keys(left + pgup) == [.back, .back])
        #expect(keys(Array(" \r\n".utf8)) == [.advance, .advance, .advance])
        #expect(keys(Array("b.".utf8)) == [.blank, .blank])
        #expect(keys(Array("q".utf8)) == [.quit])
    }

    @Test("Unknown escape sequences are swallowed whole, never read as q or other keys")
    func swallowed() {
        // F5 (CSI 15~), Shift-F5 with modifiers, an OSC string, a lone Esc, Alt-q.
        #expect(keys(Array("\u{1b}[15~".utf8)) == [.other])
        #expect(keys(Array("\u{1b}[15;2~".utf8)) == [.other])
        #expect(keys(Array("\u{1b}]0;qqq\u{7}".utf8)) == [.other])
        #expect(keys([27]) == [.other])
        #expect(keys(Array("\u{1b}q".utf8)) == [.other])
        #expect(!keys(Array("\u{1b}[1;5Q\u{1b}[200~".utf8)).contains(.quit))
    }

    @Test("Clicker keys through a presenter-paced demo never stop it")
    func clickerDemo() throws {
        let clicks: [PresenterKey] = Array(repeating: .advance, count: 10) + [.back] + Array(repeating: .advance, count: 400)
        let lesson = try LessonLibrary.find("polarization")
        var options = DemoOptions()
        options.realTime = true
        options.speed = 1000
        options.countdown = 0
        let io = DemoIO(style: DemoTests.style, options: options, keys: ClickerKeys(clicks), seed: 1, screen: { _ in })
        let ending = LessonPlayer(lesson: lesson, io: io, mode: .demo, seed: 1).play()
        #expect(ending == .completed)
    }
}

/// Keys from a list; when it runs out, more advances (a clicker held down), never quit.
final class ClickerKeys: PresenterInput {
    var keys: [PresenterKey]
    init(_ keys: [PresenterKey]) { self.keys = keys }
    func nextKey(timeout: Double?) -> PresenterKey? {
        if keys.isEmpty { return timeout == nil ? .advance : nil }
        return keys.removeFirst()
    }
    func readLine(prompt: String) -> String? { nil }
}
