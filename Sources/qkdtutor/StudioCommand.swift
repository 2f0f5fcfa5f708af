import ArgumentParser
import Commands
import Console
import Foundation
import Studio

/// `qkdtutor studio`: the full-screen studio with the command line at the bottom.
struct StudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studio",
        abstract: "The full-screen studio: type commands at the bottom, watch them in the view.",
        discussion: """
        PageDown/PageUp (or Space on an empty line) step the view; Tab completes, Up recalls, \
        Ctrl-C clears the line, Ctrl-D or 'quit' leaves. 'show VIEW' switches views. \
        Needs a terminal; with --plain (or without a terminal) it runs the line-mode prompt instead.
        """)
    @Option(help: "Session seed for runs that do not name --seed.") var seed: UInt64 = 1
    @Option(help: "Colour: auto (a TTY without NO_COLOR), always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines for screen readers: the line-mode prompt instead of the studio.") var plain = false

    func run() throws {
        let style = TextStyle.detect(color: color, plain: plain)
        if !plain, let status = Studio.runShell(style: style, seed: seed,
                                                historyPath: Paths.stateDirectory().appendingPathComponent("history")) {
            if status != 0 { throw ExitCode(status) }
            return
        }
        if !plain { FileHandle.standardError.write(Data("note: the studio needs a terminal; using the prompt\n".utf8)) }
        var repl = REPL(interpreter: Interpreter(session: Session(seed: seed)), style: style)
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}
