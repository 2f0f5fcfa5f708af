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
    public init() {}
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
        let viewCanvas = c.region(row: 0, col: 0, rows: frame.viewRows, cols: frame.size.cols)
        let step = view.map { max(0, min(state.step, $0.steps - 1)) } ?? 0
        if let view { view.draw(into: viewCanvas, size: viewCanvas.size, step: step) }
        else { viewCanvas.put("No view yet: run a simulation, e.g.  bb84 --photons 200 --show 20", 1, 0) }
        c.hline(frame.viewRows)
        if let talk = state.conversation {
            for (i, l) in wrapParagraphs(talk, width: frame.size.cols - 1).suffix(frame.narrationRows).enumerated() {
                c.put(l, frame.narrationTop + i, 1)
            }
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
