import CReadline
import Commands
import Foundation
import QKD

/// The learner's prompt: GNU readline with completion and history when
/// stdin is a terminal, a plain script reader otherwise.
public struct REPL {
    public var interpreter: Interpreter
    public var style: TextStyle
    /// Script mode: stop at the first error with a non-zero status.
    public var strict: Bool
    public var historyPath: URL?
    /// Opens the full-screen visualizer on a report; wired by the executable
    /// so the REPL knows nothing of ncurses.
    public var viewer: ((String, Report, TextStyle) -> Void)?
    /// Runs a lesson command (`lesson ID`, `quiz ID`, `lessons`, `progress …`);
    /// wired by the executable, since lessons live in another module.
    public var lessonRunner: ((String, [String]) -> Void)?

    public init(interpreter: Interpreter = Interpreter(), style: TextStyle, strict: Bool = false,
                historyPath: URL? = Paths.stateDirectory().appendingPathComponent("history")) {
        self.interpreter = interpreter; self.style = style; self.strict = strict; self.historyPath = historyPath
        self.interpreter.width = style.width
        self.interpreter.unicode = style.unicode
    }

    /// Runs until quit, end of input or (in strict scripts) an error; returns the exit status.
    public mutating func run() -> Int32 {
        Signals.install()
        if isatty(STDIN_FILENO) == 1 { return interactive() }
        return script()
    }

    public static let historyLimit: Int32 = 1000

    mutating func interactive() -> Int32 {
        rl_readline_name = UnsafePointer(strdup("qkdtutor"))
        rl_catch_signals = 0
        rl_catch_sigwinch = 1
        rl_change_environment = 0
        rl_attempted_completion_function = attemptCompletion
        rl_signal_event_hook = onSignalEvent
        stifle_history(Self.historyLimit)
        let history = History(path: historyPath)
        print(style.bold("qkdtutor \(qkdtutorVersion)") + " \(style.dash) a tutor for quantum key distribution.")
        print("Type 'help' for the commands, or try:  bb84 --photons 1000 --show 8")
        print("Tab completes, Up recalls, Ctrl-C stops a run or clears the line, Ctrl-D leaves.")
        if let w = history.warning { print(style.yellow("warning: ") + w) }

        while true {
            interrupts.reset()
            let prompt = "qkd[seed \(interpreter.session.seed)]> "
            guard let raw = readline(prompt) else { print(""); break }   // Ctrl-D
            let line = String(cString: raw)
            free(raw)
            interpreter.width = TextStyle.currentWidth()   // help pages follow window resizes
            // Lesson commands run as from the shell (the executable wires them).
            if let lessonRunner, let (verb, arguments) = Interpreter.lessonCommand(line) {
                history.add(line); lessonRunner(verb, arguments); fflush(nil); continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            history.add(line)
            interrupts.reset()
            let watcher = RunProgress.forPrompt(commandLine: line)   // a progress line for runs over 1 s
            let outcome = interpreter.execute(line, context: ExecutionContext(cancellation: interrupts, progress: watcher?.reporter))
            watcher?.stop()
            if !handle(outcome, lineNumber: nil) { break }
        }
        history.close()
        return 0
    }

    mutating func script() -> Int32 {
        var number = 0
        var status: Int32 = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            if let lessonRunner, let (verb, arguments) = Interpreter.lessonCommand(line) {
                lessonRunner(verb, arguments); fflush(nil); continue
            }
            let outcome = interpreter.execute(line, context: ExecutionContext(cancellation: interrupts))
            if case .failure = outcome { status = 1 }
            if !handle(outcome, lineNumber: number) { break }
            if strict && status != 0 { return 1 }
        }
        return strict ? status : 0
    }

    /// Prints an outcome; false means leave.
    mutating func handle(_ outcome: Outcome, lineNumber: Int?) -> Bool {
        Completer.sessionNameList = interpreter.session.variables.map(\.name)   // for Tab after `vars`
        switch outcome {
        case .report(let report, let json, let override):
            if json { print((try? report.json()) ?? "{}") } else {
                var s = override ?? style
                if isatty(STDOUT_FILENO) == 1 { s.width = TextStyle.currentWidth() }   // follow window resizes
                let text = report.text(s)
                print(Format.wrap(text, width: s.width))
                // Unfamiliar terms, once per session; never in plain mode.
                if !s.plain, let note = interpreter.newTerms(in: text) { print(Format.wrap(s.dim(note), width: s.width)) }
            }
        case .text(let s): print(s)

        case .history:
            for i in 0..<history_length {
                if let entry = history_get(history_base + i), let text = entry.pointee.line {
                    print(Format.padLeft(String(i + 1), 5) + "  " + TerminalText.sanitize(String(cString: text), keepNewlines: false))
                }
            }
        case .clear:
            if isatty(STDOUT_FILENO) == 1 { print("\u{1B}[H\u{1B}[2J", terminator: "") }
        case .show(let view, let report):
            if let viewer, isatty(STDOUT_FILENO) == 1 { viewer(view, report, style) }
            else { print(report.text(style)) }
        case .quit: return false
        case .nothing: break
        case .failure(let e):
            printError(e.description, lineNumber: lineNumber)
        }
        fflush(nil)
        return true
    }

    /// One error line on stderr. The learner's own words are echoed in it, so
    /// control bytes are escaped: nothing typed or piped can drive the terminal.
    func printError(_ message: String, lineNumber: Int?) {
        let location = lineNumber.map { "line \($0): " } ?? ""
        let text = TerminalText.sanitize(message, keepNewlines: false)
        FileHandle.standardError.write(Data((style.red("error") + ": " + location + text + "\n").utf8))
    }
}

/// readline calls this when a read was interrupted by a signal: on Ctrl-C,
/// drop the line and show a fresh prompt.
private func onSignalEvent() -> Int32 {
    guard interrupts.isCancelled else { return 0 }
    interrupts.reset()
    rl_free_line_state()
    rl_replace_line("", 0)
    _ = "^C\n".withCString { write(STDOUT_FILENO, $0, 3) }
    rl_on_new_line()
    rl_redisplay()
    return 0
}

/// The readline history file, with a size limit. A file that cannot be
/// written gives one warning, never a crash.
public final class History {
    let path: URL?
    public private(set) var warning: String?
    private var writable = false

    public init(path: URL?) {
        self.path = path
        guard let path else { return }
        do {
            try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: path.path) {
                guard FileManager.default.createFile(atPath: path.path, contents: nil) else {
                    throw CocoaError(.fileWriteNoPermission)
                }
            }
            _ = read_history(path.path)
            writable = access(path.path, W_OK) == 0
            if !writable { warning = "history file \(path.path) is not writable; history will not be saved" }
        } catch {
            warning = "cannot create \(path.path); history will not be saved"
        }
    }

    public func add(_ line: String) {
        add_history(line)
        // Append now, so a crash loses nothing.
        if writable, let path, append_history(1, path.path) != 0 { writable = false }
    }

    public func close() {
        if writable, let path { _ = history_truncate_file(path.path, REPL.historyLimit) }
    }
}
