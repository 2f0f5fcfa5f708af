// Studio: the full-screen ncurses visualizer. Views draw reports; they never simulate.
import Commands

public enum Studio {
    /// Opens view `name` on `report` full screen until the learner leaves.
    /// Returns false, having drawn nothing, when the terminal cannot be used
    /// (not a TTY, newterm failed) or the report has no such view: the
    /// caller then prints the report as text.
    @discardableResult
    public static func show(_ name: String, report: Report, style: TextStyle, seed: UInt64? = nil) -> Bool {
        present(view: name, report: report, style: style, seed: seed)
    }

    /// For the lesson player: like `show`, with the lesson's own narration in
    /// the narration pane and the lesson's name in the status bar.
    @discardableResult
    public static func present(view name: String? = nil, report: Report, narration: String? = nil, lesson: String? = nil,
                               style: TextStyle, seed: UInt64? = nil) -> Bool {
        let theme = Theme(style)
        guard let view = Views.make(name ?? Views.defaultView(for: report), report: report, theme: theme) else { return false }
        guard let terminal = Terminal.open(theme: theme) else { return false }
        let player = ViewPlayer(terminal: terminal, view: view, seed: seed)
        player.state.narration = narration
        player.state.lesson = lesson
        player.run()
        terminal.close()
        return true
    }
}
