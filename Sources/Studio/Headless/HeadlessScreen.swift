import CNcurses

/// A virtual curses screen on /dev/null: views render exactly as on a
/// terminal, and the text is read back cell by cell. One at a time per process.
public final class HeadlessScreen {
    let terminal: Terminal

    public init?(size: Size, theme: Theme = Theme(color: false, unicode: true)) {
        guard let t = Terminal.headless(size: size, theme: theme) else { return nil }
        terminal = t
    }

    public var size: Size { terminal.size }
    public func resize(_ size: Size) { terminal.resize(size) }

    /// Draws one frame of `view` at `step`, as the player would, and returns the rows.
    @discardableResult
    public func render(_ view: any StudioView, step: Int, commandLine: Bool = false, state: FrameState = FrameState()) -> [String] {
        var s = state
        s.step = step
        FrameDrawer.draw(view, state: s, frame: Frame(size: terminal.size, commandLine: commandLine),
                         on: terminal.canvas, keysHint: ViewPlayer.keysHint)
        terminal.present()
        return terminal.lines
    }

    /// Draws the view's pane alone at `step`, filling the screen.
    public func renderView(_ view: any StudioView, step: Int) -> [String] {
        let c = terminal.canvas
        c.clear()
        view.draw(into: c, size: c.size, step: step)
        return terminal.lines
    }

    public func close() { terminal.close() }
}
