/// The studio's panes: the visualization on top, the narration under it,
/// the status bar, and (in the full studio) the command line at the bottom.
public struct Frame {
    public let size: Size
    public let commandLine: Bool
    public static let narrationRows = 3
    /// Rows of the narration pane; lessons widen it to fit a question.
    public var narrationRows = Frame.narrationRows

    public init(size: Size, commandLine: Bool, narrationRows: Int = Frame.narrationRows) {
        self.size = size; self.commandLine = commandLine; self.narrationRows = max(1, narrationRows)
    }

    public var tooSmall: Bool { size.rows < Terminal.minimum.rows || size.cols < Terminal.minimum.cols }
    var statusRow: Int { size.rows - 1 - (commandLine ? 1 : 0) }
    var narrationTop: Int { statusRow - narrationRows }
    /// Rows of the visualization pane; the separator line sits below it.
    var viewRows: Int { narrationTop - 1 }
    var commandRow: Int { size.rows - 1 }
}

/// What the frame shows besides the view itself.
public struct FrameState {
    public var step = 0
    public var playing = false
    public var delayMs = 400
    public var help = false
    public var lesson: String?
    public var seed: UInt64?
    /// Narration supplied by a lesson replaces the view's own.
    public var narration: String?
    /// A lesson's conversation (paragraphs, indent kept); its tail fills the narration pane.
    public var conversation: [String]?
    /// Replaces the view player's playing/paused word, for a driver with its own pace (the demo).
    public var playback: String?
    /// The status bar's key hint, when not the view player's.
    public var keysHint: String?
    /// The run's full text report at a given width (the report pane), if there is a run.
    public var reportText: ((Int) -> String)?
    /// Lines the conversation is scrolled back from its tail (Shift-PgUp / Alt-Up).
    public var conversationScroll = 0
    /// The report pane is open (F2 in the studio, r in a demo).
    public var reportShown = false
    /// First report line shown; PageDown/PageUp move it while the pane is open.
    public var reportScroll = 0
    public init() {}
}

/// Where the report pane goes: beside the view when the terminal has room
/// for both (the view keeps 80 columns), else over the whole view pane.
struct ReportPane {
    static let minimumBeside = 40
    let rows: Int, top: Int, left: Int, cols: Int
    let beside: Bool

    init(frame: Frame) {
        beside = frame.size.cols >= 80 + 1 + Self.minimumBeside
        top = 0
        rows = frame.viewRows
        left = beside ? 81 : 0
        cols = beside ? frame.size.cols - 81 : frame.size.cols
    }

    /// The report's lines at this pane's width (plain, no colour codes: curses does attributes).
    static func lines(_ state: FrameState, width: Int) -> [String] {
        guard let text = state.reportText?(width) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The scroll position kept inside the report.
    static func clamp(_ scroll: Int, lines: Int, rows: Int) -> Int { max(0, min(scroll, lines - (rows - 1))) }
}

enum FrameDrawer {
    /// Draws a whole frame (everything except the command line) on `canvas`.
    static func draw(_ view: (any StudioView)?, state: FrameState, frame: Frame, on c: Canvas, keysHint: String) {
        c.clear()
        if frame.tooSmall {
            c.put("terminal too small (need \(Terminal.minimum.cols)\(c.theme.unicode ? "×" : "x")\(Terminal.minimum.rows))", c.size.rows / 2, 0, .bold)
            c.put("now \(c.size.cols)\(c.theme.unicode ? "×" : "x")\(c.size.rows); enlarge the window, or press q", c.size.rows / 2 + 1, 0)
            return
        }
        let pane = state.reportShown && state.reportText != nil ? ReportPane(frame: frame) : nil
        let viewCols = pane.map { $0.beside ? 80 : 0 } ?? frame.size.cols
        let step = view.map { max(0, min(state.step, $0.steps - 1)) } ?? 0
        if viewCols > 0 {
            let viewCanvas = c.region(row: 0, col: 0, rows: frame.viewRows, cols: viewCols)
            if let view { view.draw(into: viewCanvas, size: viewCanvas.size, step: step) }
            else { viewCanvas.put("No view yet: run a simulation, e.g.  bb84 --photons 200 --show 20", 1, 0) }
        }
        if let pane { drawReport(pane, state: state, on: c) }
        c.hline(frame.viewRows)
        if let talk = state.conversation {
            // The tail, or further back when scrolled; a mark says there is more above or below.
            let all = wrapParagraphs(talk, width: frame.size.cols - 1)
            let scroll = max(0, min(state.conversationScroll, all.count - frame.narrationRows))
            let end = all.count - scroll, start = max(0, end - frame.narrationRows)
            for (i, l) in all[start..<end].enumerated() { c.put(l, frame.narrationTop + i, 1) }
            let t = c.theme
            if start > 0 { c.put(" \(t.up) \(start) more: Shift-PgUp ", frame.narrationTop, frame.size.cols - 24, .inverse) }
            if scroll > 0 { c.put(" \(t.unicode ? "▼" : "v") \(scroll) more: Shift-PgDn ", frame.statusRow - 1, frame.size.cols - 24, .inverse) }
        } else {
            let text = state.narration ?? view?.narration(step: step) ?? "Type a command below; 'help' lists them."
            for (i, l) in wrap(text, width: frame.size.cols - 1).prefix(frame.narrationRows).enumerated() {
                c.put(l, frame.narrationTop + i, 1)
            }
        }
        // Status bar: lesson, step k/n, seed, and the keys.
        var parts: [String] = []
        if let lesson = state.lesson { parts.append(lesson) }
        if let view { parts.append("\(view.name) step \(step + 1)/\(view.steps)") }
        if let seed = state.seed { parts.append("seed \(seed)") }
        parts.append(state.playback ?? (state.playing ? "playing \(state.delayMs)ms" : "paused"))
        var status = " " + parts.joined(separator: "  ")
        let keysHint = state.keysHint ?? keysHint
        let hint = c.theme.unicode ? keysHint : keysHint.replacingOccurrences(of: "\u{2190}", with: "<-")
        for h in [hint, state.keysHint == nil ? "? help  q leave" : ""] where !h.isEmpty && status.count + h.count + 4 <= frame.size.cols {
            status += "  " + c.theme.vline + " " + h
            break
        }
        c.put(status.padded(frame.size.cols), frame.statusRow, 0, .inverse)
        if state.help { help(c, frame) }
    }

    /// The report pane: a title row with the position, then the report's lines from the scroll position.
    static func drawReport(_ pane: ReportPane, state: FrameState, on c: Canvas) {
        let t = c.theme
        if pane.beside { for r in 0..<pane.rows { c.put(t.vline, r, 80) } }
        let box = c.region(row: pane.top, col: pane.left, rows: pane.rows, cols: pane.cols)
        box.clear()
        let lines = ReportPane.lines(state, width: pane.cols - 1)
        let start = ReportPane.clamp(state.reportScroll, lines: lines.count, rows: pane.rows)
        let shown = lines.dropFirst(start).prefix(pane.rows - 1)
        let more = start + shown.count < lines.count
        let position = lines.isEmpty ? "" : "  lines \(start + 1)\(t.unicode ? "–" : "-")\(start + shown.count) of \(lines.count)"
        box.put(("Report" + position + (more || start > 0 ? "  PgUp/PgDn scroll" : "")).padded(pane.cols), 0, 0, .inverse)
        for (i, l) in shown.enumerated() { box.put(l, 1 + i, 0) }
    }

    static let helpLines = [
        ("Space or \u{2192}", "next step"), ("\u{2190}", "back"), ("p", "play or pause the animation"),
        ("+ / -", "faster / slower"), ("Home / End", "first / last step"), ("?", "this help"), ("q or Esc", "leave the view"),
    ]

    static func help(_ c: Canvas, _ frame: Frame) {
        let w = 50, h = helpLines.count + 4
        let box = c.region(row: max(0, (frame.viewRows - h) / 2), col: (frame.size.cols - w) / 2, rows: h, cols: w)
        box.clear()
        let t = c.theme
        box.put(String(repeating: t.hline, count: w), 0, 0)
        box.put(" Keys ", 0, 2, .bold)
        for (i, (k, what)) in helpLines.enumerated() {
            let key = t.unicode ? k : k.replacingOccurrences(of: "\u{2192}", with: "Right").replacingOccurrences(of: "\u{2190}", with: "Left")
            box.put("  " + key.padded(14) + what, 1 + i, 0)
        }
        box.put("  press any key to close", h - 2, 0, .dim)
        box.put(String(repeating: t.hline, count: w), h - 1, 0)
    }

    /// Wraps each paragraph, keeping its leading indent on every line.
    static func wrapParagraphs(_ paragraphs: [String], width: Int) -> [String] {
        paragraphs.flatMap { p -> [String] in
            // A line that fits keeps its spacing (a lesson's `|` lines, tables).
            if p.count <= width { return [p] }
            let indent = String(p.prefix { $0 == " " })
            let lines = wrap(String(p.dropFirst(indent.count)), width: max(10, width - indent.count))
            return lines.isEmpty ? [""] : lines.map { indent + $0 }
        }
    }

    /// Greedy word wrap.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty { line = String(word) }
            else if line.count + 1 + word.count <= width { line += " " + word }
            else { lines.append(line); line = String(word) }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
