/// Plain text in the view pane: help, vars, a report with no picture, a
/// lesson's title page. Each step scrolls one line.
public struct TextPage: StudioView {
    public let name = "text"
    public let title: String
    public let lines: [String]
    public let note: String

    public init(title: String, text: String, note: String = "PageDown and PageUp scroll.") {
        self.title = title
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        self.note = note
    }

    public var steps: Int { max(1, lines.count) }
    public func narration(step: Int) -> String { note }

    public func draw(into canvas: Canvas, size: Size, step: Int) {
        var row = 0
        if !title.isEmpty { canvas.put(title, 0, 0, .bold); row = 1 }
        let room = size.rows - row
        // Never scroll past the point where the last line reaches the bottom.
        let start = max(0, min(step, lines.count - room))
        for (i, l) in lines.dropFirst(start).prefix(room).enumerated() { canvas.put(l, row + i, 0) }
    }
}
