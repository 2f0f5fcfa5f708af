import Foundation
import QKD
import Synchronization

/// The progress line of a long run, drawn by a watcher thread while the main
/// thread is inside the engine: nothing for the first second, then every
/// 200 ms "stage  42%  12 s  Ctrl-C to stop" (the stage and percent the
/// engine reports through `reporter`, or just the time when it reports none).
/// `stop()` joins the thread before the caller draws again, so the two never
/// write to the terminal at once.
public final class RunProgress: Sendable {
    /// Hand this to the engine (`ExecutionContext.progress`).
    public let reporter: ProgressReporter
    private let latest = LatestUpdate()
    private let stopping = Atomic<Bool>(false)
    private let shown = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let draw: @Sendable (String) -> Void
    private let erase: @Sendable () -> Void

    /// Seconds before the line appears: short runs show nothing.
    public static let delay = 1.0

    /// `draw` and `erase` run on the watcher thread (and `erase` in `stop()`).
    public init(title: String, draw: @escaping @Sendable (String) -> Void, erase: @escaping @Sendable () -> Void) {
        let latest = self.latest
        self.draw = draw
        self.erase = erase
        reporter = ProgressReporter(interval: 0.05) { update in latest.value.withLock { $0 = update } }
        let start = Date()
        Thread.detachNewThread { [self] in
            while !stopping.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: 0.05)
                let elapsed = -start.timeIntervalSinceNow
                guard elapsed >= Self.delay, !stopping.load(ordering: .relaxed) else { continue }
                let update = latest.value.withLock { $0 }
                self.draw(Self.line(title: title, update: update, elapsed: elapsed))
                shown.store(true, ordering: .relaxed)
                Thread.sleep(forTimeInterval: 0.15)
            }
            finished.signal()
        }
    }

    /// Ends the watcher and erases its line if it drew one. Call before drawing anything else.
    public func stop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        finished.wait()
        if shown.load(ordering: .relaxed) { erase() }
    }

    deinit { stop() }

    /// "bb84: Cascade pass 3  42%  12 s  Ctrl-C to stop".
    public static func line(title: String, update: ProgressUpdate?, elapsed: Double) -> String {
        var parts = [title + (update.map { ": " + $0.stage } ?? "")]
        if let f = update?.fraction { parts.append("\(Int((f * 100).rounded(.down)))%") }
        parts.append("\(Int(elapsed)) s")
        parts.append("Ctrl-C to stop")
        return parts.joined(separator: "  ")
    }

    /// The REPL's progress line: on the terminal's current row, erased when the
    /// run ends. nil (nothing shown) when stdout is not a terminal or the
    /// command asks for --json, so pipes and JSON stay clean.
    public static func forPrompt(commandLine: String) -> RunProgress? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        let words = commandLine.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.contains("--json") { return nil }
        let title = words.first.map(String.init) ?? "run"
        return RunProgress(title: title, draw: { text in
            var width = winsize()
            let cols = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &width) == 0 && width.ws_col > 0 ? Int(width.ws_col) : 80
            let s = "\r\u{1b}[K" + String(text.prefix(max(1, cols - 1)))
            _ = s.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
        }, erase: {
            let s = "\r\u{1b}[K"
            _ = s.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
        })
    }
}

/// The last update an engine reported, shared with the watcher thread.
final class LatestUpdate: Sendable {
    let value = Mutex<ProgressUpdate?>(nil)
}
