import Foundation
import QKD

/// Ctrl-C, as one process-wide flag: the handler only sets it, the running
/// simulation polls it between batches, and the prompt clears its line.
let interrupts = CancellationToken()

private func onInterrupt(_ signal: Int32) { interrupts.cancel() }

enum Signals {
    /// SIGINT without SA_RESTART, so a blocked read returns EINTR and
    /// readline calls its signal event hook.
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = onInterrupt
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}
