import ArgumentParser
import Commands
import Console
import Foundation
import Studio
import Tutor

struct QKDTutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qkdtutor",
        abstract: "A terminal tutor for quantum key distribution.",
        discussion: """
        From one polarized photon to BB84, E91, key distillation and real QKD networks. \
        With no subcommand it starts the interactive prompt (REPL).
        """,
        version: qkdtutorVersion,
        subcommands: [Repl.self, Run.self, StudioCommand.self, LessonsCommand.self, LessonCommand.self, QuizCommand.self, LintCommand.self,
                      ProgressCommand.self, ClassCommand.self, DemoCommand.self, Doctor.self, Bench.self],
        defaultSubcommand: Repl.self)
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one seeded simulation.",
        subcommands: Verbs.simulations.map(\.type))
}

/// The interactive prompt; with piped input, a script runner.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the interactive prompt (the default). Piped input runs as a script, one command a line.")

    @Option(help: "Colour: auto (a TTY without NO_COLOR), always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines for screen readers: no colour, bars or glyph art.") var plain = false
    @Flag(help: "Script mode: stop at the first error with a non-zero exit status.") var strict = false
    @Option(help: "Session seed for runs that do not name --seed.") var seed: UInt64 = 1

    func run() throws {
        var repl = REPL(interpreter: Interpreter(session: Session(seed: seed)),
                        style: TextStyle.detect(color: color, plain: plain), strict: strict)
        // `show VIEW` opens the studio; line mode (--plain) or a refused terminal prints text.
        repl.viewer = { view, report, style in
            let seed = report.scalars().first { $0.0 == "seed" }.flatMap { UInt64($0.1) }
            if style.plain || !Studio.show(view, report: report, style: style, seed: seed) { print(report.text(style)) }
        }
        // Lesson commands at the prompt run as they would from the shell.
        repl.lessonRunner = { verb, arguments in
            if ["lesson", "quiz"].contains(verb) && arguments.isEmpty {
                let ids = LessonLibrary.bundled().compactMap { $0.lesson?.metadata.id }
                FileHandle.standardError.write(Data("error: choose a lesson: \(ids.joined(separator: ", ")) (hint: for example: \(verb) \(ids.first ?? "ID"))\n".utf8))
                return
            }
            do {
                var command = try QKDTutor.parseAsRoot([verb] + arguments)
                try command.run()
            } catch let code as ExitCode where code == .success {
            } catch let code as ExitCode {
                _ = code   // the command already printed why
            } catch {
                let message = Interpreter.oneLine(QKDTutor.message(for: error))
                FileHandle.standardError.write(Data(("error: " + TerminalText.sanitize(message, keepNewlines: false)
                    + " (hint: type 'help \(verb)')\n").utf8))
            }
        }
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}
