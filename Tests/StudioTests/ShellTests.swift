import Commands
import Foundation
import Testing
import Tutor
@testable import Studio

/// The studio shell and the lesson driver, drawn on the headless screen.
/// An extension, so these run inside the serialized suite: curses is process-global.
extension ViewRenderTests {
    func withShell(_ size: Size, _ body: (StudioShell) throws -> Void) throws {
        let theme = Theme(color: false, unicode: true)
        let terminal = try #require(Terminal.headless(size: size, theme: theme))
        let shell = StudioShell(terminal: terminal, style: TextStyle(color: false, unicode: true), seed: 1)
        defer { shell.close() }
        try body(shell)
    }

    @Test func shellPicksTheViewByReportKindAndShowsErrorsInOneLine() throws {
        try withShell(Size(rows: 24, cols: 80)) { shell in
            var interpreter = Interpreter(session: Session(seed: 1))
            #expect(shell.apply(interpreter.execute("bb84 --photons 200 --show 20")))
            #expect(shell.view?.name == "bb84")
            shell.render()
            var rows = shell.terminal.lines
            #expect(text(rows).contains("BB84 timeline"))
            #expect(rows[22].contains("bb84 step 1/22"))   // status bar above the command row
            #expect(rows[23].hasPrefix("qkd") || rows[23].trimmingCharacters(in: .whitespaces).isEmpty)
            shell.step(.next)
            #expect(shell.state.step == 1)
            #expect(shell.apply(interpreter.execute("e91 --pairs 2000")))
            #expect(shell.view?.name == "e91")
            #expect(shell.apply(interpreter.execute("show bb84")))
            #expect(shell.view?.name == "bb84" && shell.state.step == 0)
            #expect(shell.apply(interpreter.execute("bb85")))
            shell.render()
            rows = shell.terminal.lines
            #expect(rows.filter { $0.contains("error: ") }.count == 1)
            #expect(shell.apply(interpreter.execute("help")))
            #expect(shell.view?.name == "text")
            #expect(!shell.apply(interpreter.execute("quit")))
        }
    }

    @Test func textPageScrollsButNeverPastTheEnd() throws {
        let page = TextPage(title: "T", text: (1...50).map { "line \($0)" }.joined(separator: "\n"))
        #expect(page.steps == 50)
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        let rows = screen.renderView(page, step: 49)
        #expect(rows.last?.hasPrefix("line 50") == true)
        #expect(screen.renderView(page, step: 0)[1].hasPrefix("line 1 "))
    }

    @Test func wrappedParagraphsKeepTheirIndent() {
        let lines = FrameDrawer.wrapParagraphs(["  a) " + String(repeating: "word ", count: 20)], width: 30)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.hasPrefix("  ") })
    }

    @Test func lessonConversationFillsTheNarrationPane() throws {
        let source = """
        qkdtutor-lesson 1
        id: shell-test
        title: Shell test

        == first: The first step
        A photon meets a polarizer.
        $ polarization --source H --analyzer 30 --photons 100

        == second: The second step
        Done.
        """
        let parsed = LessonParser.parse(source)
        let lesson = try #require(parsed.lesson, "\(parsed.diagnostics)")
        try withShell(Size(rows: 30, cols: 100)) { shell in
            let io = StudioLessonIO(shell: shell, style: TextStyle(color: false, unicode: true))
            io.emit(.lessonStart(lesson, resumeNote: nil))
            io.emit(.stepStart(index: 0, count: 2, lesson.steps[0]))
            io.emit(.narration("A photon meets a polarizer."))
            var interpreter = Interpreter(session: Session(seed: 7))
            if case .report(let r, _, _) = interpreter.execute("polarization --source H --analyzer 30 --photons 100") { io.emit(.report(r)) }
            io.emit(.hint(number: 1, of: 1, "Look at the passed line."))
            shell.render()
            let rows = shell.terminal.lines
            let all = text(rows)
            #expect(all.contains("Step 1 of 2: The first step"))
            #expect(all.contains("Hint 1/1: Look at the passed line."))
            #expect(rows[28].contains("Shell test  step 1/2"))
            #expect(shell.view?.name == "polarization")
            io.emit(.info("Progress saved; run the lesson again to resume at step 'first'."))
            #expect(io.farewell.first?.contains("resume at step 'first'") == true)
        }
    }
}
