// Full-screen loops for the role play: the role screens and the projector.
// The network is the caller's: it hands in a `poll` for what arrived and a
// `submit` for the moves; this file only draws and reads keys.
import CNcurses
import Foundation
import RolePlay

/// What the caller's connection delivered since the last poll.
public enum RolePlayUpdate<View: Sendable>: Sendable {
    /// A newer view.
    case view(View)
    /// The server refused the last move (its one-line reason).
    case refused(String)
    /// The connection or game is gone; the screen closes with this line.
    case closed(String)
}

public enum RolePlayStudio {
    /// How often the loops poll for new views while waiting for keys.
    public static let pollMilliseconds: Int32 = 150

    /// Runs one role's screen until q/Esc, Ctrl-C, end of input or `.closed`.
    /// Returns false, having drawn nothing, when there is no usable terminal
    /// (the caller then plays in line mode). The last `.closed` line, if any,
    /// is returned through `closing` after the terminal is restored.
    @discardableResult
    public static func runRole(initial: RoleView, theme: Theme, poll: () -> [RolePlayUpdate<RoleView>],
                               submit: @escaping (GameAction) -> Void, closing: ((String) -> Void)? = nil) -> Bool {
        let screen = RolePlayRoleScreen(view: initial, theme: theme, submit: submit)
        return run(theme: theme, draw: { screen.draw(into: $0) }, handle: screen.handle, poll: {
            for update in poll() {
                switch update {
                case let .view(v): screen.update(v)
                case let .refused(line): screen.show(error: line)
                case let .closed(line): return line
                }
            }
            return nil
        }, closing: closing)
    }

    /// Runs the projector until q/Esc, Ctrl-C, end of input or `.closed`;
    /// after the game ends, Space and the arrows step through the reveal.
    /// `caption`, asked at each draw, is a line above the screen (the class
    /// names the game and who holds each role there).
    @discardableResult
    public static func runProjector(initial: ProjectorView, theme: Theme, poll: () -> [RolePlayUpdate<ProjectorView>],
                                    caption: (() -> String)? = nil, closing: ((String) -> Void)? = nil) -> Bool {
        let screen = RolePlayProjectorScreen(view: initial, theme: theme)
        return run(theme: theme, draw: { screen.draw(into: $0, caption: caption?()) }, handle: screen.handle, poll: {
            for update in poll() {
                switch update {
                case let .view(v): screen.update(v)
                case .refused: break
                case let .closed(line): return line
                }
            }
            return nil
        }, closing: closing)
    }

    /// The loop both screens run, for callers that draw and read keys their own
    /// way (the class replay steps through moves, then the reveal): opens the
    /// terminal, then draws, waits up to `pollMilliseconds` for a key, polls;
    /// until `handle` returns false, Ctrl-C, the end of input or a `poll` that
    /// returns a closing line, which `closing` gets (made safe) once the terminal
    /// is restored. False, having drawn nothing, when there is no usable terminal.
    @discardableResult
    public static func run(theme: Theme, draw: (Canvas) -> Void, handle: (RolePlayKey) -> Bool, poll: () -> String?,
                           closing: ((String) -> Void)? = nil) -> Bool {
        guard let terminal = Terminal.open(theme: theme) else { return false }
        let reason = loop(terminal: terminal, draw: draw, handle: handle, poll: poll)
        terminal.close()
        if let reason { closing?(RolePlayText.safe(reason)) }
        return true
    }

    /// Decodes one `wget_wch` result.
    static func key(_ ch: wint_t, functionKey: Bool) -> RolePlayKey? {
        if functionKey {
            switch Int32(ch) {
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE, KEY_UP: return .pageUp
            case KEY_NPAGE, KEY_DOWN: return .pageDown
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            default: return nil
            }
        }
        switch ch {
        case 0x0D, 0x0A: return .enter
        case 0x1B: return .escape
        case 0x7F, 0x08: return .backspace
        default: return Unicode.Scalar(UInt32(ch)).map { .char(Character($0)) }
        }
    }

    /// Draw, wait up to `pollMilliseconds` for a key, poll; until leave.
    static func loop(terminal: Terminal, draw: (Canvas) -> Void, handle: (RolePlayKey) -> Bool,
                     poll: () -> String?) -> String? {
        while true {
            let canvas = terminal.canvas
            if canvas.size.rows < Terminal.minimum.rows || canvas.size.cols < Terminal.minimum.cols {
                canvas.clear()
                canvas.put("terminal too small (need \(Terminal.minimum.cols)x\(Terminal.minimum.rows)); q leaves", 0, 0, .bold)
            } else {
                draw(canvas)
            }
            terminal.present()
            wtimeout(stdscr, pollMilliseconds)
            var ch: wint_t = 0
            let r = wget_wch(stdscr, &ch)
            let e = errno
            if pendingSignal.load(ordering: .relaxed) != 0 { return nil }
            if let closed = poll() { return closed }
            if r == ERR {
                // Timeout (redraw with what arrived), or the end of input: leave rather than spin.
                if e == EINTR || e == EAGAIN || e == 0 || isatty(STDIN_FILENO) == 1 { continue }
                return nil
            }
            if r == KEY_CODE_YES && Int32(ch) == KEY_RESIZE { continue }
            if let k = key(ch, functionKey: r == KEY_CODE_YES), !handle(k) { return nil }
        }
    }
}
