import CNcurses
import Foundation
import QKD
import Synchronization

/// The signal that asked the studio to stop (SIGINT, SIGTERM or SIGHUP), or 0.
let pendingSignal = Atomic<Int32>(0)

/// SIGTERM or SIGHUP (the terminal went away) arrived: restore the terminal and end.
var terminating: Bool {
    let s = pendingSignal.load(ordering: .relaxed)
    return s == SIGTERM || s == SIGHUP
}

/// The write end of the studio shell's self-pipe, or -1: a signal wakes its poll().
nonisolated(unsafe) var wakeWriteFD: Int32 = -1

/// Ctrl-C stops a simulation the studio shell is running (polled between batches).
let studioInterrupts = CancellationToken()

private func onStudioSignal(_ signal: Int32) {
    pendingSignal.store(signal, ordering: .relaxed)
    studioInterrupts.cancel()   // Ctrl-C stops the run; SIGTERM and SIGHUP stop it on the way out
    if wakeWriteFD >= 0 { var b: UInt8 = 1; _ = write(wakeWriteFD, &b, 1) }
}

/// True while a curses screen is up, so every exit path can call endwin.
nonisolated(unsafe) var cursesActive = false

/// One curses screen on the real terminal (or, headless, on /dev/null).
/// `close()` restores the terminal; so do atexit, SIGTERM and SIGHUP.
public final class Terminal {
    let screen: OpaquePointer
    let output: UnsafeMutablePointer<FILE>
    let input: UnsafeMutablePointer<FILE>
    public internal(set) var theme: Theme
    let headless: Bool
    fileprivate var savedActions: [(Int32, sigaction)] = []
    private var closed = false

    public static let minimum = Size(rows: 24, cols: 80)

    /// Opens the real terminal; nil when curses cannot drive it (line mode then).
    public static func open(theme: Theme) -> Terminal? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        setlocale(LC_ALL, "")
        fflush(nil)
        // Duplicates, so closing the FILEs later leaves the REPL's stdin/stdout open.
        guard let out = fdopen(dup(STDOUT_FILENO), "w") else { return nil }
        guard let inp = fdopen(dup(STDIN_FILENO), "r") else { fclose(out); return nil }
        // ncurses installs SIGTERM/SIGTSTP handlers of its own when they are default;
        // they outlive delscreen, so put back what the caller had.
        let saved = [SIGINT, SIGTERM, SIGHUP, SIGTSTP].map { s -> (Int32, sigaction) in
            var old = sigaction(); sigaction(s, nil, &old); return (s, old)
        }
        guard let scr = newterm(nil, out, inp) else { fclose(out); fclose(inp); return nil }
        let t = Terminal(screen: scr, output: out, input: inp, theme: theme, headless: false)
        t.savedActions = saved
        return t
    }

    /// A virtual screen of `size` on /dev/null, for tests and timing.
    public static func headless(size: Size, theme: Theme) -> Terminal? {
        setlocale(LC_ALL, "C.UTF-8")
        guard let out = fopen("/dev/null", "w") else { return nil }
        guard let inp = fopen("/dev/null", "r") else { fclose(out); return nil }
        guard let scr = newterm("xterm-256color", out, inp) else { fclose(out); fclose(inp); return nil }
        let t = Terminal(screen: scr, output: out, input: inp, theme: theme, headless: true)
        resize_term(Int32(size.rows), Int32(size.cols))
        return t
    }

    private init(screen: OpaquePointer, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
                 theme: Theme, headless: Bool) {
        self.screen = screen; self.output = output; self.input = input; self.headless = headless
        var t = theme
        if t.color && !has_colors() { t.color = false }
        self.theme = t
        cursesActive = true
        Self.installAtExit()
        cbreak(); noecho(); nonl()
        keypad(stdscr, true)
        ESCDELAY = 25
        if self.theme.color {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_GREEN), -1)
            init_pair(2, Int16(COLOR_RED), -1)
            init_pair(3, Int16(COLOR_YELLOW), -1)
            init_pair(4, Int16(COLOR_CYAN), -1)
        }
        if !headless {
            curs_set(0)
            pendingSignal.store(0, ordering: .relaxed)
            for s in [SIGINT, SIGTERM, SIGHUP] {
                // No SA_RESTART: a blocked read returns so the loop can leave cleanly.
                var action = sigaction()
                action.__sigaction_handler.sa_handler = onStudioSignal
                sigemptyset(&action.sa_mask)
                action.sa_flags = 0
                sigaction(s, &action, nil)
            }
        }
    }

    public var size: Size { Size(rows: Int(getmaxy(stdscr)), cols: Int(getmaxx(stdscr))) }

    /// The whole screen as a canvas.
    public var canvas: Canvas { Canvas(window: stdscr, top: 0, left: 0, size: size, theme: theme) }

    public func resize(_ size: Size) { resize_term(Int32(size.rows), Int32(size.cols)) }

    /// Copies the frame to the terminal in one write: no flicker.
    public func present() {
        wnoutrefresh(stdscr)
        doupdate()
    }

    /// Row `row` of the virtual screen, as text (trailing blanks kept).
    public func line(_ row: Int) -> String {
        let cols = size.cols
        var buffer = [wchar_t](repeating: 0, count: cols + 1)
        let n = buffer.withUnsafeMutableBufferPointer { mvwinnwstr(stdscr, Int32(row), 0, $0.baseAddress, Int32(cols)) }
        guard n > 0 else { return "" }
        return String(String.UnicodeScalarView(buffer.prefix(Int(n)).compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
    }

    /// The whole virtual screen, one string per row.
    public var lines: [String] { (0..<size.rows).map(line) }

    /// Mouse reports in SGR form (button presses, so the wheel), for the studio
    /// shell; the wheel scrolls. Hold Shift to select text meanwhile.
    private var mouseOn = false
    func reportMouseWheel(_ on: Bool) {
        guard !headless, on != mouseOn else { return }
        mouseOn = on
        fputs(on ? "\u{1b}[?1000h\u{1b}[?1006h" : "\u{1b}[?1006l\u{1b}[?1000l", output)
        fflush(output)
    }

    /// Leaves curses: endwin, terminal modes back to the shell's, signals restored.
    public func close() {
        guard !closed else { return }
        closed = true
        reportMouseWheel(false)
        if !headless { curs_set(1) }
        endwin()
        reset_shell_mode()
        cursesActive = false
        delscreen(screen)
        fclose(output); fclose(input)
        for (s, old) in savedActions { var o = old; sigaction(s, &o, nil) }
        fflush(nil)
        // SIGTERM or SIGHUP asked the whole process to stop; the terminal is clean now.
        if terminating {
            let s = pendingSignal.load(ordering: .relaxed)
            signal(s, SIG_DFL)
            raise(s)
        }
    }

    deinit { close() }

    nonisolated(unsafe) private static var atExitInstalled = false
    private static func installAtExit() {
        guard !atExitInstalled else { return }
        atExitInstalled = true
        // A stray exit() must not leave the terminal in raw mode.
        atexit { if cursesActive { endwin() } }
    }
}
