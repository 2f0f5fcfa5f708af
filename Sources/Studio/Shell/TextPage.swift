/// Plain text in the view pane: help, vars, a report with no picture, a
/// lesson's title page. Each step scrolls one line.
public struct TextPage: StudioView {
    public let name = "text"
    public let title: String
    public let lines: [String]
    public let note: String
    /// Prose (a title card, a summary): long lines wrap at words instead of being cut at the edge.
    public let wraps: Bool

    public init(title: String, text: String, note: String = "PageDown and PageUp scroll.", wraps: Bool = false) {
        self.title = title
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        self.note = note
        self.wraps = wraps
    }

    public var steps: Int { max(1, lines.count) }
    public func narration(step: Int) -> String { note }

    public func draw(into canvas: Canvas, size: Size, step: Int) {
        var row = 0
        if !title.isEmpty {
            let head = wraps ? FrameDrawer.wrap(title, width: size.cols - 1) : [title]
            for (i, l) in head.enumerated() { canvas.put(l, i, 0, .bold) }
            row = head.count
        }
        let lines = wraps ? FrameDrawer.wrapParagraphs(self.lines, width: size.cols - 1) : self.lines
        let room = size.rows - row
        // Never scroll past the point where the last line reaches the bottom.
        let start = max(0, min(step, lines.count - room))
        for (i, l) in lines.dropFirst(start).prefix(room).enumerated() { canvas.put(l, row + i, 0) }
    }
}
