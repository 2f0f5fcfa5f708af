import CNcurses
import CReadline
import Commands
import Console
import Foundation
import QKD

/// The full studio: a view pane, the narration pane, the status bar, and
/// GNU readline on the bottom row. Commands typed there update the view in place.
public final class StudioShell {
    let terminal: Terminal
    let editor: LineEditor
    let style: TextStyle
    public var view: (any StudioView)?
    public var state = FrameState()
    private var closed = false

    public static let keysHint = "PgDn/PgUp or Space step  F2 report  Tab complete  Ctrl-D leave"

    /// Opens the studio on the terminal; nil (nothing drawn) when it is not a
    /// terminal or curses refuses it, so the caller falls back to line mode.
    public static func open(style: TextStyle, seed: UInt64? = nil) -> StudioShell? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        LineEditor.prepare()   // before newterm, so inputrc errors show on the normal screen
        guard let terminal = Terminal.open(theme: Theme(style)) else { return nil }
        return StudioShell(terminal: terminal, style: style, seed: seed)
    }

    init(terminal: Terminal, style: TextStyle, seed: UInt64?) {
        self.terminal = terminal
        self.style = style
        editor = LineEditor()
        state.seed = seed
        state.keysHint = Self.keysHint
        curs_set(1)
        terminal.reportMouseWheel(true)
        editor.onResize = { [unowned self] in self.render() }
        editor.onViewKey = { [unowned self] key in self.step(key) }
        editor.tooSmall = { [unowned self] in self.frame.tooSmall }
        editor.onCompletions = { [unowned self] list in
            self.state.narration = list.joined(separator: "  ")
            self.render()
        }
    }

    /// A style for text drawn inside the panes: curses does the attributes.
    var paneStyle: TextStyle {
        TextStyle(color: false, unicode: terminal.theme.unicode, plain: style.plain, width: max(40, terminal.size.cols - 1))
    }

    /// A lesson's conversation widens the narration pane to fit, up to half the screen.
    var frame: Frame {
        let size = terminal.size
        var rows = Frame.narrationRows
        if let talk = state.conversation {
            rows = max(rows, min(FrameDrawer.wrapParagraphs(talk, width: size.cols - 1).count, (size.rows - 3) / 2))
        }
        return Frame(size: size, commandLine: true, narrationRows: rows)
    }

    /// Repaints every pane, then the command line last so the cursor stays there.
    public func render() {
        FrameDrawer.draw(view, state: state, frame: frame, on: terminal.canvas, keysHint: Self.keysHint)
        wnoutrefresh(stdscr)
        editor.redisplay()
    }

    func step(_ key: ViewKey) {
        let last = max(0, (view?.steps ?? 1) - 1)
        // While the report pane is open, the page keys scroll it; Space still steps the view.
        let pane = state.reportShown && state.reportText != nil ? ReportPane(frame: frame) : nil
        switch key {
        case .narrationUp, .narrationDown:
            let page = max(1, frame.narrationRows - 1)
            state.conversationScroll = max(0, state.conversationScroll + (key == .narrationUp ? page : -page))
            if let talk = state.conversation {
                let lines = FrameDrawer.wrapParagraphs(talk, width: terminal.size.cols - 1).count
                state.conversationScroll = min(state.conversationScroll, max(0, lines - frame.narrationRows))
            }
            render(); return
        case .toggleReport:
            if state.reportText == nil { state.narration = "No report yet: run a simulation first." }
            else { state.reportShown.toggle() }
            render(); return
        case .wheelUp, .wheelDown:
            // The wheel scrolls the report pane by three lines, or steps the view.
            if let pane {
                let count = ReportPane.lines(state, width: pane.cols - 1).count
                state.reportScroll = ReportPane.clamp(state.reportScroll + (key == .wheelDown ? 3 : -3), lines: count, rows: pane.rows)
                render(); return
            }
            state.step = key == .wheelDown ? min(last, state.step + 1) : max(0, state.step - 1)
        case .pageDown, .pageUp:
            if let pane {
                let count = ReportPane.lines(state, width: pane.cols - 1).count
                let page = max(1, pane.rows - 2)
                state.reportScroll = ReportPane.clamp(state.reportScroll + (key == .pageDown ? page : -page), lines: count, rows: pane.rows)
                render(); return
            }
            state.step = key == .pageDown ? min(last, state.step + 1) : max(0, state.step - 1)
        default: break
        }
        switch key {
        case .pageDown, .pageUp, .toggleReport, .narrationUp, .narrationDown, .wheelUp, .wheelDown: break
        case .next: state.step = min(last, state.step + 1)
        case .back: state.step = max(0, state.step - 1)
        case .first: state.step = 0
        case .last: state.step = last
        case .redraw: clearok(stdscr, true)
        }
        if view != nil { state.narration = nil }
        render()
    }

    /// Shows `report` in the view pane: its own view, or its text; `atEnd`
    /// opens on the last step, where the whole result is drawn.
    public func display(_ report: Report, view name: String? = nil, atEnd: Bool = false) {
        let theme = terminal.theme
        let unicode = theme.unicode, plain = style.plain
        // The full text report, as the line mode prints it, for the report pane.
        state.reportText = { width in report.text(TextStyle(color: false, unicode: unicode, plain: plain, width: max(40, width))) }
        state.reportScroll = 0
        if let v = Views.make(name ?? Views.defaultView(for: report), report: report, theme: theme) {
            view = v
        } else {
            view = TextPage(title: report.kind, text: report.text(paneStyle))
        }
        state.step = atEnd && view?.name != "text" ? max(0, (view?.steps ?? 1) - 1) : 0
        state.narration = nil
    }

    public func displayText(_ text: String, title: String = "", wraps: Bool = false) {
        view = TextPage(title: title, text: text, wraps: wraps)
        state.step = 0
        state.narration = nil
    }

    /// One line from the command row; nil at Ctrl-D, end of input or SIGTERM.
    public func readLine(prompt: String) -> String? {
        render()
        return editor.readLine(prompt: prompt)
    }

    /// Leaves curses: readline's handler is already removed; the window goes before endwin.
    public func close() {
        guard !closed else { return }
        closed = true
        editor.close()
        terminal.close()
    }

    deinit { close() }

    /// The interactive studio: runs commands until quit, Ctrl-D or SIGTERM; returns the exit status.
    public func run(interpreter: inout Interpreter, history: History?) -> Int32 {
        if let w = history?.warning { state.narration = "warning: " + w }
        while true {
            state.seed = interpreter.session.seed
            guard let line = readLine(prompt: "qkd[seed \(interpreter.session.seed)]> ") else { break }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            history?.add(line)
            state.narration = "running: " + line
            render()
            studioInterrupts.reset()
            let watcher = progressFooter(for: line)
            let outcome = interpreter.execute(line, context: ExecutionContext(cancellation: studioInterrupts, progress: watcher.reporter))
            watcher.stop()
            // The Ctrl-C that stopped the run has done its job; it need not clear the next line too.
            _ = pendingSignal.compareExchange(expected: SIGINT, desired: 0, ordering: .relaxed)
            if !apply(outcome) { break }
        }
        return 0
    }

    /// The status bar becomes the run's progress line after 1 s (stage, percent,
    /// "Ctrl-C to stop"), drawn by RunProgress's thread while this one is in the engine.
    func progressFooter(for line: String) -> RunProgress {
        let row = Int32(frame.statusRow), cols = terminal.size.cols
        let title = line.split(separator: " ").first.map(String.init) ?? "run"
        return RunProgress(title: title, draw: { text in
            let cells = Array(" \(text)".unicodeScalars.prefix(cols - 1)).map { wchar_t($0.value) }
            let padded = cells + [wchar_t](repeating: 32, count: max(0, cols - cells.count))
            wattr_on(stdscr, qkd_attr_reverse(), nil)
            padded.withUnsafeBufferPointer { _ = mvwaddnwstr(stdscr, row, 0, $0.baseAddress, Int32($0.count)) }
            wattr_off(stdscr, qkd_attr_reverse(), nil)
            wnoutrefresh(stdscr)
            doupdate()
        }, erase: {})   // the next render repaints the status bar
    }

    /// Puts an outcome on screen; false means leave.
    func apply(_ outcome: Outcome) -> Bool {
        switch outcome {
        case .report(let report, let json, _):
            if json { displayText((try? report.json()) ?? "{}", title: report.kind + " (JSON)") }
            else { display(report) }
        case .text(let s): displayText(s)
        case .show(let name, let report): display(report, view: name)
        case .history:
            var lines: [String] = []
            for i in 0..<history_length {
                if let e = history_get(history_base + i), let t = e.pointee.line { lines.append(Format.padLeft(String(i + 1), 5) + "  " + String(cString: t)) }
            }
            displayText(lines.joined(separator: "\n"), title: "history")
        case .clear: view = nil; state.narration = nil; clearok(stdscr, true)
        case .quit: return false
        case .nothing: state.narration = nil
        case .failure(let e): state.narration = "error: " + e.description
        }
        return true
    }
}

extension Studio {
    /// `qkdtutor studio`: the interactive studio. nil when the terminal cannot
    /// host it (the caller says so and exits non-zero).
    public static func runShell(style: TextStyle, seed: UInt64, historyPath: URL?) -> Int32? {
        var interpreter = Interpreter(session: Session(seed: seed))
        guard let shell = StudioShell.open(style: style, seed: seed) else { return nil }
        let history = History(path: historyPath)
        let status = shell.run(interpreter: &interpreter, history: history)
        history.close()
        shell.close()
        return status
    }
}
