import Foundation
import QKD

/// Ctrl-C, as one process-wide flag: the handler only sets it, the running
/// simulation polls it between batches, and the prompt clears its line.
let interrupts = CancellationToken()

private func onInterrupt(_ signal: Int32) { interrupts.cancel() }

/// The terminal's modes before readline changed them, for SIGTERM and SIGHUP.
nonisolated(unsafe) private var shellModes: termios?

/// SIGTERM or SIGHUP: put the terminal back (modes, cursor) with
/// async-signal-safe calls only, then die of the same signal.
private func onTerminate(_ signal: Int32) {
    if var t = shellModes {
        tcsetattr(STDIN_FILENO, TCSANOW, &t)
        let show: StaticString = "\u{1b}[?25h"   // the cursor, in case a view hid it
        if isatty(STDOUT_FILENO) == 1 { _ = write(STDOUT_FILENO, show.utf8Start, show.utf8CodeUnitCount) }
    }
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}

enum Signals {
    /// SIGINT without SA_RESTART, so a blocked read returns EINTR and
    /// readline calls its signal event hook.
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = onInterrupt
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        var t = termios()
        if isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &t) == 0 { shellModes = t }
        var term = sigaction()
        term.__sigaction_handler.sa_handler = onTerminate
        sigemptyset(&term.sa_mask)
        for s in [SIGTERM, SIGHUP] { sigaction(s, &term, nil) }
    }
}
