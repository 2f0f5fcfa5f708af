import ArgumentParser
import CNcurses
import CReadline
import Commands
import Foundation

/// What a teacher checks before class: the terminal, colour, locale,
/// libraries, and where files live. Always exits 0.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the terminal, colour, locale, libraries and file locations.")

    @Flag(help: "Print one JSON object instead of text.") var json = false

    struct Report: Encodable {
        var version: String
        var stdoutIsTerminal: Bool
        var stdinIsTerminal: Bool
        var columns: Int?
        var rows: Int?
        var term: String?
        var noColor: Bool
        var colorSupported: Bool
        var utf8Locale: Bool
        var locale: String?
        var ncursesVersion: String
        var readlineVersion: String
        var stateDirectory: String
        var stateDirectoryWritable: Bool
        var lessonsDirectory: String?
        var lessonFiles: Int
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        var size = winsize()
        let hasSize = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
        let state = Paths.stateDirectory(env)
        let lessons = Paths.lessonDirectory(env)
        let lessonCount = lessons.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0.path) }?
            .filter { $0.hasSuffix(".lesson") }.count ?? 0
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let term = env["TERM"]
        let tty = isatty(STDOUT_FILENO) == 1
        let report = Report(
            version: qkdtutorVersion,
            stdoutIsTerminal: tty, stdinIsTerminal: isatty(STDIN_FILENO) == 1,
            columns: hasSize ? Int(size.ws_col) : nil, rows: hasSize ? Int(size.ws_row) : nil,
            term: term, noColor: noColor,
            colorSupported: tty && !noColor && term != nil && term != "dumb",
            utf8Locale: TextStyle.detect(color: .never, plain: false, environment: env).unicode,
            locale: env["LC_ALL"] ?? env["LC_CTYPE"] ?? env["LANG"],
            ncursesVersion: String(cString: qkd_curses_version()),
            readlineVersion: String(cString: rl_library_version),
            stateDirectory: state.path,
            stateDirectoryWritable: Self.writable(state),
            lessonsDirectory: lessons?.path, lessonFiles: lessonCount)
        if json {
            print(try Format.json(report))
            return
        }
        func yes(_ b: Bool) -> String { b ? "yes" : "no" }
        // The environment is outside text: never let it drive the terminal.
        func safe(_ s: String) -> String { TerminalText.sanitize(s, keepNewlines: false) }
        print("qkdtutor \(report.version) doctor")
        print("  terminal        " + (hasSize ? "\(report.columns!)x\(report.rows!) (columns x rows)" : "not a terminal (output is a pipe or file)"))
        if hasSize && (report.columns! < 80 || report.rows! < 24) {
            print("                  the visualizer needs at least 80x24; enlarge the window")
        }
        print("  TERM            \(term.map(safe) ?? "(unset)")")
        print("  colour          \(report.colorSupported ? "available" : "off")\(noColor ? " (NO_COLOR is set)" : "")")
        print("  UTF-8 locale    \(yes(report.utf8Locale)) (\(report.locale.map(safe) ?? "no LANG set"))\(report.utf8Locale ? "" : "; ASCII glyphs will be used")")
        print("  ncurses         \(report.ncursesVersion)")
        print("  readline        \(report.readlineVersion)")
        print("  state           \(safe(report.stateDirectory))\(report.stateDirectoryWritable ? "" : " (not writable: history and progress will not be saved)")")
        print("  lessons         \(report.lessonsDirectory.map(safe) ?? "not found (set QKDTUTOR_LESSONS)") (\(Format.plural(report.lessonFiles, "lesson file")))")
    }

    /// Whether the folder exists and is writable, or could be created.
    static func writable(_ url: URL) -> Bool {
        var probe = url
        let fm = FileManager.default
        while !fm.fileExists(atPath: probe.path) {
            let parent = probe.deletingLastPathComponent()
            if parent.path == probe.path { return false }
            probe = parent
        }
        return fm.isWritableFile(atPath: probe.path)
    }
}
