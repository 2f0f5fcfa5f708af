import CNcurses
import CReadline
import Console
import Foundation

/// Keys bound in readline that act on the view rather than the line.
enum ViewKey { case next, back, first, last, redraw, pageDown, pageUp, toggleReport, narrationUp, narrationDown, wheelUp, wheelDown }

/// GNU readline through its callback interface, drawn in a one-row curses
/// window at the bottom of the studio (see shared/PLATFORM.md). Keys come
/// from curses as characters, are UTF-8 encoded into a byte queue, and
/// readline pops the bytes through its getc hook. One editor per process.
final class LineEditor {
    private(set) var window: UnsafeMutablePointer<WINDOW>
    private var queue: [UInt8] = []
    private var head = 0
    private var prompt = ""
    private var line: String?
    private var gotLine = false
    private var wakeRead: Int32 = -1
    /// Set by the studio: repaint everything, after a resize or a completion list.
    var onResize: () -> Void = {}
    var onViewKey: (ViewKey) -> Void = { _ in }
    var onCompletions: ([String]) -> Void = { _ in }
    /// The screen is under 80×24 and says "press q": q on an empty line then leaves.
    var tooSmall: () -> Bool = { false }

    nonisolated(unsafe) private static var initialized = false

    /// readline's settings; must run before newterm so inputrc errors land on the normal screen.
    static func prepare() {
        guard !initialized else { return }
        initialized = true
        setlocale(LC_ALL, "")
        rl_readline_name = UnsafePointer(strdup("qkdtutor"))
        rl_change_environment = 0   // else ncurses would ignore later resizes
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        // readline still writes in a few cases the hooks miss; keep that off the curses screen.
        rl_outstream = fopen("/dev/null", "w")
        rl_initialize()
        rl_attempted_completion_function = attemptCompletion
        stifle_history(REPL.historyLimit)
        _ = rl_bind_keyseq("\\e[6~", editorPageDown)   // PageDown
        _ = rl_bind_keyseq("\\e[5~", editorPageUp)     // PageUp
        _ = rl_bind_keyseq("\\e[5;2~", editorNarrationUp)   // Shift-PageUp: narration scroll-back
        _ = rl_bind_keyseq("\\e[6;2~", editorNarrationDown) // Shift-PageDown
        _ = rl_bind_keyseq("\\e[1;3A", editorNarrationUp)   // Alt-Up (terminals that keep Shift-PgUp)
        _ = rl_bind_keyseq("\\e[1;3B", editorNarrationDown) // Alt-Down
        _ = rl_bind_keyseq("\\eOQ", editorToggleReport)   // F2 (xterm, tmux)
        _ = rl_bind_keyseq("\\e[12~", editorToggleReport) // F2 (rxvt)
        _ = rl_bind_keyseq("\\e[1;5H", editorFirstStep) // Ctrl-Home
        _ = rl_bind_keyseq("\\e[1;5F", editorLastStep)  // Ctrl-End
        _ = rl_bind_key(32, editorSpace)
        // → and ← step the view on an empty line (the views say "Space or →"); else they move the cursor.
        for seq in ["\\e[C", "\\eOC"] { _ = rl_bind_keyseq(seq, editorRight) }
        for seq in ["\\e[D", "\\eOD"] { _ = rl_bind_keyseq(seq, editorLeft) }
        _ = rl_bind_key(12, editorRedraw)                // Ctrl-L
    }

    /// Needs an open curses screen.
    init() {
        window = newwin(1, COLS, LINES - 1, 0)
        keypad(window, false)   // readline parses escape sequences itself
        var fds: [Int32] = [0, 0]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            wakeRead = fds[0]; wakeWriteFD = fds[1]
        }
        rl_getc_function = editorGetc
        rl_input_available_hook = editorInputAvailable
        rl_redisplay_function = editorRedisplay
        rl_prep_term_function = editorPrep
        rl_deprep_term_function = editorDeprep
        rl_completion_display_matches_hook = editorShowMatches
        activeEditor = self
    }

    func close() {
        if activeEditor === self { activeEditor = nil }
        delwin(window)
        if wakeRead >= 0 { Glibc.close(wakeRead); Glibc.close(wakeWriteFD); wakeWriteFD = -1; wakeRead = -1 }
    }

    /// Moves the window to the new bottom row after a resize.
    func relayout() {
        wresize(window, 1, COLS)
        mvwin(window, LINES - 1, 0)
        rl_resize_terminal()
    }

    // MARK: reading a line

    /// Edits one line; nil at Ctrl-D on an empty line, end of input, SIGTERM or SIGHUP.
    func readLine(prompt: String) -> String? {
        self.prompt = prompt
        line = nil; gotLine = false
        rl_callback_handler_install(prompt, editorLineDone)
        defer { rl_callback_handler_remove() }
        var idlePolls = 0
        while true {
            feed()
            if gotLine { return line }
            if terminating { return nil }
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, nfds_t(wakeRead >= 0 ? 2 : 1), -1)
            if wakeRead >= 0 { var b = [UInt8](repeating: 0, count: 64); while read(wakeRead, &b, 64) > 0 {} }
            if pendingSignal.compareExchange(expected: SIGINT, desired: 0, ordering: .relaxed).exchanged { cancelLine() }
            if terminating { return nil }
            // Take every key that is ready; stop as soon as a line is complete.
            wtimeout(window, 0)
            var got = false
            while !gotLine {
                var ch: wint_t = 0
                let r = wget_wch(window, &ch)
                if r == ERR { break }
                got = true
                if r == KEY_CODE_YES {
                    if Int32(ch) == KEY_RESIZE { relayout(); onResize() }
                    continue
                }
                if ch == UInt32(UInt8(ascii: "q")), rl_end == 0, tooSmall() { return nil }
                // A mouse report (SGR: ESC [ < b ; x ; y M) never reaches readline: the wheel scrolls.
                if ch == 27 {
                    // Either the mouse report was handled (nothing for readline), or the characters read ahead go on.
                    for c in takeMouseReport() ?? [] { push(c) }
                    feed()
                    continue
                }
                push(UInt32(ch))
                feed()
            }
            if gotLine { return line }
            let hungUp = fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
            if got { idlePolls = 0 } else if fds[0].revents != 0 { idlePolls += 1 }
            if hungUp || idlePolls > 50 { return nil }   // end of input: leave rather than spin
        }
    }

    /// After ESC: reads a whole SGR mouse report and acts on the wheel, returning nil;
    /// or returns the characters it read ahead when they are not one (readline gets them).
    private func takeMouseReport() -> [UInt32]? {
        func next() -> UInt32? {
            wtimeout(window, 20)
            defer { wtimeout(window, 0) }
            var c: wint_t = 0
            let r = wget_wch(window, &c)
            return r == ERR || r == KEY_CODE_YES ? nil : UInt32(c)
        }
        var read: [UInt32] = [27]
        guard let a = next() else { return read }
        read.append(a)
        guard a == UInt32(UInt8(ascii: "[")), let b = next() else { return read }
        read.append(b)
        guard b == UInt32(UInt8(ascii: "<")) else { return read }
        var body = ""
        while let c = next(), body.count < 32 {
            if c == UInt32(UInt8(ascii: "M")) || c == UInt32(UInt8(ascii: "m")) {
                // Buttons 64 and 65 are the wheel, up and down.
                switch body.split(separator: ";").first {
                case "64": onViewKey(.wheelUp)
                case "65": onViewKey(.wheelDown)
                default: break
                }
                return nil
            }
            body.unicodeScalars.append(Unicode.Scalar(c) ?? " ")
        }
        return nil   // a broken report: dropped whole
    }

    /// Ctrl-C: drop the line and start a fresh one.
    func cancelLine() {
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_callback_handler_remove()
        queue.removeAll(); head = 0
        rl_callback_handler_install(prompt, editorLineDone)
    }

    private func feed() {
        while head < queue.count && !gotLine { rl_callback_read_char() }
        if head >= queue.count { queue.removeAll(keepingCapacity: true); head = 0 }
    }

    private func push(_ scalar: UInt32) {
        guard let s = Unicode.Scalar(scalar) else { return }
        queue.append(contentsOf: Array(String(Character(s)).utf8))
    }

    fileprivate func finish(_ text: UnsafeMutablePointer<CChar>?) {
        gotLine = true
        line = text.map { String(cString: $0) }
        free(text)
    }

    // MARK: hooks

    fileprivate func getc() -> Int32 {
        while head >= queue.count {
            // readline wants more than we queued (rare: quoted insert and the like): wait on curses.
            wtimeout(window, -1)
            var ch: wint_t = 0
            let r = wget_wch(window, &ch)
            if r == ERR {
                if errno == EINTR && !terminating { continue }
                return EOF
            }
            if r == KEY_CODE_YES { if Int32(ch) == KEY_RESIZE { relayout(); onResize() }; continue }
            push(UInt32(ch))
        }
        defer { head += 1 }
        return Int32(queue[head])
    }

    fileprivate func inputAvailable() -> Bool {
        if head < queue.count { return true }
        var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) > 0
    }

    /// Draws the prompt and the line, scrolled sideways so the cursor stays visible.
    func redisplay() {
        let promptText = rl_display_prompt.map { String(cString: $0) } ?? prompt
        var bytes: [UInt8] = []
        if let buf = rl_line_buffer, rl_end > 0 {
            bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buf).assumingMemoryBound(to: UInt8.self), count: Int(rl_end)))
        }
        let point = max(0, min(Int(rl_point), bytes.count))
        let before = String(decoding: bytes[..<point], as: UTF8.self)
        let after = String(decoding: bytes[point...], as: UTF8.self)
        let cells = Self.cells(promptText.filter { $0 != "\u{1}" && $0 != "\u{2}" } + before)
        let cursor = cells.reduce(0) { $0 + $1.1 }
        let all = cells + Self.cells(after)
        let width = Int(getmaxx(window))
        // Scroll by half a screen when the cursor would leave the right edge.
        let offset = cursor < width - 1 ? 0 : cursor - width / 2
        werase(window)
        var x = 0
        var chars: [wchar_t] = []
        for (scalar, w) in all {
            if x >= offset && x + w - offset <= width - 1 { chars.append(wchar_t(scalar.value)) }
            x += w
        }
        chars.withUnsafeBufferPointer { _ = mvwaddnwstr(window, 0, 0, $0.baseAddress, Int32($0.count)) }
        wmove(window, 0, Int32(cursor - offset))
        wnoutrefresh(window)
        doupdate()
    }

    static func cells(_ s: String) -> [(Unicode.Scalar, Int)] {
        s.unicodeScalars.map { ($0, max(0, Int(wcwidth(wchar_t($0.value))))) }
    }
}

// readline's hooks are C function pointers: plain functions reaching the one editor.
nonisolated(unsafe) private var activeEditor: LineEditor?

private func editorGetc(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 { activeEditor?.getc() ?? EOF }
private func editorInputAvailable() -> Int32 { activeEditor?.inputAvailable() == true ? 1 : 0 }
private func editorRedisplay() { activeEditor?.redisplay() }
private func editorPrep(_ meta: Int32) {}   // curses owns the terminal modes
private func editorDeprep() {}
private func editorLineDone(_ text: UnsafeMutablePointer<CChar>?) { activeEditor?.finish(text) }

private func editorShowMatches(_ matches: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ count: Int32, _ longest: Int32) {
    guard let matches, count > 0 else { return }
    // readline frees the list right after: copy it.
    let list = (1...Int(count)).compactMap { matches[$0].map { String(cString: $0) } }
    activeEditor?.onCompletions(list)
}

private func viewKey(_ k: ViewKey) -> Int32 { activeEditor?.onViewKey(k); return 0 }
private func editorNextStep(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.next) }
private func editorBackStep(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.back) }
private func editorPageDown(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.pageDown) }
private func editorPageUp(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.pageUp) }
private func editorToggleReport(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.toggleReport) }
private func editorNarrationUp(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.narrationUp) }
private func editorNarrationDown(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.narrationDown) }
private func editorFirstStep(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.first) }
private func editorLastStep(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.last) }
private func editorRedraw(_ count: Int32, _ key: Int32) -> Int32 { viewKey(.redraw) }
private func editorRight(_ count: Int32, _ key: Int32) -> Int32 {
    if rl_end == 0 { return viewKey(.next) }
    return rl_forward_char(count, key)
}
private func editorLeft(_ count: Int32, _ key: Int32) -> Int32 {
    if rl_end == 0 { return viewKey(.back) }
    return rl_backward_char(count, key)
}
/// Space steps the view while the line is empty, and types a space otherwise.
private func editorSpace(_ count: Int32, _ key: Int32) -> Int32 {
    if rl_end == 0 { return viewKey(.next) }
    return rl_insert(count, key)
}
