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

    static let hint = "Space pause  . step  ] next  [ restart  +/- speed  Tab live  q quit"

    /// nil when the terminal cannot host the studio (under 80×24, not a tty, --plain).
    public static func open(style: TextStyle) -> StudioDemoStage? {
        guard let io = StudioLessonIO.open(style: style) else { return nil }
        return StudioDemoStage(lesson: io)
    }

    init(lesson: StudioLessonIO) {
        self.lesson = lesson
        shell.state.keysHint = Self.hint
        shell.state.playback = "demo"
        curs_set(1)
    }

    public func close() { lesson.close() }

    // MARK: DemoStage

    public func show(_ event: LessonEvent) {
        lesson.emit(event)
        if case .lessonStart = event {
            shell.state.conversation = ["Classroom demo: the lesson plays itself. " + Self.hint + "."]
        }
        shell.render()
        drawCommandLine()
    }

    private var row = ""

    public func commandLine(_ text: String) {
        row = text
        drawCommandLine()
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
    }

    public func paused(_ on: Bool) {
        shell.state.playback = on ? "demo [paused]" : "demo"
        shell.render()
        drawCommandLine()
    }

    public func live(_ outcome: Outcome) {
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
        let w = shell.editor.window
        let ms = seconds.map { Int32(max(0, min(Double(Int32.max), $0 * 1000))) } ?? -1
        wtimeout(w, ms)
        var ch: wint_t = 0
        let r = wget_wch(w, &ch)
        if pendingSignal.load(ordering: .relaxed) != 0 { return .quit }   // Ctrl-C or SIGTERM
        if r == ERR {
            // A blocking read that fails means the input is gone.
            return seconds == nil && errno != EINTR ? .quit : nil
        }
        if r == KEY_CODE_YES {
            if Int32(ch) == KEY_RESIZE { shell.editor.relayout(); shell.render(); drawCommandLine() }
            return nil
        }
        guard ch < 128 else { return .other }
        return PresenterKey(byte: UInt8(ch))
    }

    /// Tab: readline at the command row; what runs shows in the view pane.
    public func readLine(prompt: String) -> String? {
        let saved = shell.state.keysHint
        shell.state.keysHint = "live: type commands  empty line back to the demo"
        defer { shell.state.keysHint = saved; shell.render(); drawCommandLine() }
        return shell.readLine(prompt: prompt)
    }
}
