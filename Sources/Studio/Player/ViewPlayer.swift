import CNcurses
import Foundation

/// Plays one view full screen: keys step it, a timeout drives the animation,
/// and input blocks while paused so an idle view costs nothing.
final class ViewPlayer {
    let terminal: Terminal
    var view: any StudioView
    var state = FrameState()
    static let delays = [1600, 800, 400, 200, 100, 50]
    var speed = 2

    init(terminal: Terminal, view: any StudioView, seed: UInt64?) {
        self.terminal = terminal; self.view = view; state.seed = seed; state.delayMs = Self.delays[speed]
    }

    static var keysHint: String { "Space next \u{2190} back p play +/- speed ? help q leave" }

    func render() {
        let frame = Frame(size: terminal.size, commandLine: false)
        FrameDrawer.draw(view, state: state, frame: frame, on: terminal.canvas, keysHint: Self.keysHint)
        terminal.present()
    }

    /// Applies one key; false means leave.
    func handle(key: UInt32, isFunctionKey: Bool) -> Bool {
        if state.help { state.help = false; return true }
        let last = view.steps - 1
        if isFunctionKey {
            switch Int32(key) {
            case KEY_RIGHT, KEY_DOWN, KEY_NPAGE: state.step = min(last, state.step + 1)
            case KEY_LEFT, KEY_UP, KEY_PPAGE: state.step = max(0, state.step - 1); state.playing = false
            case KEY_HOME: state.step = 0
            case KEY_END: state.step = last
            default: break   // KEY_RESIZE included: the caller redraws.
            }
            return true
        }
        switch Unicode.Scalar(key).map(Character.init) {
        case "q", "Q", "\u{1B}": return false
        case " ", "n", "l": state.step = min(last, state.step + 1)
        case "b", "h": state.step = max(0, state.step - 1); state.playing = false
        case "p", "P":
            state.playing.toggle()
            if state.playing && state.step >= last { state.step = 0 }
        case "+", "=": speed = min(Self.delays.count - 1, speed + 1); state.delayMs = Self.delays[speed]
        case "-", "_": speed = max(0, speed - 1); state.delayMs = Self.delays[speed]
        case "?": state.help = true
        case "\u{0C}": clearok(stdscr, true)   // Ctrl-L repaints from scratch.
        default: break
        }
        return true
    }

    /// Runs until q, Esc, Ctrl-C, SIGTERM or end of input.
    func run() {
        while true {
            if state.playing && state.step >= view.steps - 1 { state.playing = false }
            render()
            wtimeout(stdscr, state.playing ? Int32(state.delayMs) : -1)
            var ch: wint_t = 0
            let r = wget_wch(stdscr, &ch)
            let e = errno
            if pendingSignal.load(ordering: .relaxed) != 0 { return }
            if r == ERR {
                if state.playing { state.step += 1; continue }   // the animation's tick
                if e == EINTR { continue }
                return   // end of input: leave rather than spin
            }
            if !handle(key: UInt32(ch), isFunctionKey: r == KEY_CODE_YES) { return }
        }
    }
}
