import CNcurses
import Commands
import Foundation
import Tutor

/// A classroom demo in the studio: StudioLessonIO draws the panes, the
/// command row shows each command as DemoIO types it, and presenter keys
/// come from curses. DemoIO keeps the pacing, so the transcript and the
/// line-mode text stream (for --record) are the same as in line mode.
public final class StudioDemoStage: DemoStage, PresenterInput {
    let lesson: StudioLessonIO
    var shell: StudioShell { lesson.shell }
    public var keys: PresenterInput? { self }
    public var farewell: [String] { lesson.farewell }

    static let hint = PresenterKey.hint

    /// nil when the terminal cannot host the studio (under 80×24, not a tty, --plain).
    public static func open(style: TextStyle, projector: Bool = false) -> StudioDemoStage? {
        guard let io = StudioLessonIO.open(style: style) else { return nil }
        io.shell.terminal.theme.projector = projector
        return StudioDemoStage(lesson: io)
    }

    init(lesson: StudioLessonIO) {
        self.lesson = lesson
        shell.state.keysHint = Self.hint
        shell.state.playback = "demo"
        shell.terminal.reportMouseWheel(false)   // a click must not move the class on
        curs_set(1)
    }

    public func close() { lesson.close() }

    // MARK: DemoStage

    public func show(_ event: LessonEvent) {
        lesson.emit(event)
        switch event {
        // A question: the view shows the whole result it asks about; a question about
        // numbers also opens the report pane, so the room has every figure.
        case .question(let q, _, _):
            finishAnimation()
            if case .numeric = q.body, shell.state.reportText != nil { shell.state.reportShown = true }
        case .stepStart: shell.state.reportShown = false; finishAnimation()
        // A run or @show: the view starts at its first step and fills in at the demo's pace.
        case .report, .show:
            shell.state.step = 0
            animating = (shell.view?.steps ?? 1) > 1 && shell.view?.name != "text"
        default: break
        }
        if case .lessonStart = event {
            shell.state.conversation = ["Classroom demo: the lesson plays itself. " + Self.hint + "."]
        }
        shell.render()
        drawCommandLine()
    }

    private var row = ""

    /// Seconds between two view steps while a run fills in (the demo's speed divides it).
    public var tick = 0.15
    var animating = false
    var isPaused = false

    func finishAnimation() {
        guard animating else { return }
        animating = false
        shell.state.step = max(0, (shell.view?.steps ?? 1) - 1)
    }

    /// One view step of the fill-in; false when it has reached the end.
    func advanceAnimation() {
        guard animating, !isPaused else { return }
        let last = max(0, (shell.view?.steps ?? 1) - 1)
        shell.state.step = min(last, shell.state.step + 1)
        if shell.state.step >= last { animating = false }
        shell.render()
        drawCommandLine()
    }

    public func commandLine(_ text: String) {
        row = text
        drawCommandLine()
    }

    /// --record in the studio: each frame the class saw, as the changed rows of the
    /// real-size screen (cursor moves and text), for the asciicast.
    public var onFrame: ((String) -> Void)?
    private var lastFrame: [String] = []

    /// The screen's size, for the cast's header.
    public var size: Size { shell.terminal.size }

    /// Reads the screen back (the panes from stdscr, the bottom row from the command
    /// window) and hands the rows that changed since the last frame to `onFrame`.
    func captureFrame() {
        guard let onFrame else { return }
        let size = shell.terminal.size
        var rows = (0..<max(0, size.rows - 1)).map { shell.terminal.line($0) }
        rows.append(Self.read(shell.editor.window, cols: size.cols))
        rows = rows.map { String($0.reversed().drop { $0 == " " }.reversed()) }
        var out = lastFrame.count == rows.count ? "" : "\u{1b}[H\u{1b}[2J"
        if lastFrame.count != rows.count { lastFrame = Array(repeating: "", count: rows.count) }
        for (i, row) in rows.enumerated() where row != lastFrame[i] {
            out += "\u{1b}[\(i + 1);1H" + row + "\u{1b}[K"
        }
        lastFrame = rows
        if !out.isEmpty { onFrame(out) }
    }

    static func read(_ w: UnsafeMutablePointer<WINDOW>, cols: Int) -> String {
        var buffer = [wchar_t](repeating: 0, count: cols + 1)
        let n = buffer.withUnsafeMutableBufferPointer { mvwinnwstr(w, 0, 0, $0.baseAddress, Int32(cols)) }
        guard n > 0 else { return "" }
        return String(String.UnicodeScalarView(buffer.prefix(Int(n)).compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
    }

    /// The bottom row without readline: the demo owns it until the presenter presses Tab.
    func drawCommandLine() {
        let w = shell.editor.window
        werase(w)
        let width = Int(getmaxx(w))
        var cells = LineEditor.cells(row)
        // Keep the end visible, as readline scrolls to its cursor.
        while cells.reduce(0, { $0 + $1.1 }) >= width, !cells.isEmpty { cells.removeFirst() }
        let chars = cells.map { wchar_t($0.0.value) }
        chars.withUnsafeBufferPointer { _ = mvwaddnwstr(w, 0, 0, $0.baseAddress, Int32($0.count)) }
        wnoutrefresh(w)
        doupdate()
        captureFrame()
    }

    public func toggleReport() {
        shell.step(.toggleReport)
        drawCommandLine()
    }

    public func paused(_ on: Bool) {
        isPaused = on
        shell.state.playback = on ? "demo [paused]" : "demo"
        shell.render()
        drawCommandLine()
    }

    /// Ctrl-C during a live run stops the run (not the demo).
    public func liveContext() -> ExecutionContext {
        studioInterrupts.reset()
        return ExecutionContext(cancellation: studioInterrupts)
    }

    public func live(_ outcome: Outcome) {
        // The Ctrl-C that stopped a live run has done its job; the demo goes on.
        _ = pendingSignal.compareExchange(expected: SIGINT, desired: 0, ordering: .relaxed)
        // The conversation hides the one-line narration, so errors join the conversation.
        switch outcome {
        case .failure(let e): lesson.say("error: " + e.description)
        case .report(let r, false, _): shell.display(r, atEnd: true)   // the result, as lesson runs open
        default: _ = shell.apply(outcome)
        }
        shell.render()
    }

    // MARK: PresenterInput

    public func nextKey(timeout seconds: Double?) -> PresenterKey? {
        let deadline = seconds.map { Date().addingTimeInterval($0) }
        while true {
            // While a view fills in, wait at most one tick, then draw its next step.
            var ms = deadline.map { Int32(max(0, min(Double(Int32.max), $0.timeIntervalSinceNow * 1000))) } ?? -1
            let ticking = animating && !isPaused
            if ticking { ms = ms < 0 ? Int32(tick * 1000) : min(ms, Int32(tick * 1000)) }
            switch byte(timeoutMs: ms) {
            case .quit: return .quit
            case .byte(let first):
                // Escape sequences arrive as bytes (keypad is off for readline's sake): decode them whole.
                return PresenterKeyDecoder.key(first: first) { ms in
                    if case .byte(let b) = self.byte(timeoutMs: ms) { return b }
                    return nil
                }
            case .none:
                if ticking { advanceAnimation() }
                if let deadline, deadline.timeIntervalSinceNow <= 0 { return nil }
                if !ticking && deadline != nil { return nil }
            }
        }
    }

    enum Read { case byte(UInt8), none, quit }

    /// One byte from the keyboard; a wide character counts as an unknown key.
    func byte(timeoutMs ms: Int32) -> Read {
        let w = shell.editor.window
        wtimeout(w, ms)
        var ch: wint_t = 0
        let r = wget_wch(w, &ch)
        if pendingSignal.load(ordering: .relaxed) != 0 { return .quit }   // Ctrl-C, SIGTERM or SIGHUP
        if r == ERR {
            // A blocking read that fails means the input is gone.
            return ms < 0 && errno != EINTR ? .quit : .none
        }
        if r == KEY_CODE_YES {
            if Int32(ch) == KEY_RESIZE { shell.editor.relayout(); shell.render(); drawCommandLine() }
            return .none
        }
        return .byte(ch < 128 ? UInt8(ch) : 0)
    }

    /// b or .: an empty screen with no cursor; the next key redraws the studio.
    public func blank(_ on: Bool) {
        if on {
            curs_set(0)
            werase(stdscr)
            wnoutrefresh(stdscr)
            werase(shell.editor.window)
            wnoutrefresh(shell.editor.window)
            doupdate()
            captureFrame()
        } else {
            curs_set(1)
            shell.render()
            drawCommandLine()
        }
    }

    /// Tab: readline at the command row; what runs shows in the view pane.
    public func readLine(prompt: String) -> String? {
        let saved = shell.state.keysHint
        shell.state.keysHint = "live: type commands  empty line back to the demo"
        defer { shell.state.keysHint = saved; shell.render(); drawCommandLine() }
        return shell.readLine(prompt: prompt)
    }
}
