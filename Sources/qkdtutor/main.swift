// qkdtutor: the executable only wires commands together; it holds no physics.
import ArgumentParser
import Commands
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
// `qkdtutor run VERB …` goes through the prompt's checks and one-line errors.
if let status = RunCLI.run(arguments) { exit(status) }

// Every other parse error is one line plus a "see" line, never a usage block.
var command: any ParsableCommand
do {
    command = try QKDTutor.parseAsRoot(arguments)
} catch {
    let code = QKDTutor.exitCode(for: error)
    if code == .success { QKDTutor.exit(withError: error) }   // --help, --version
    let names = QKDTutor.configuration.subcommands.compactMap { $0.configuration.commandName ?? String(describing: $0).lowercased() }
    var path = ["qkdtutor"]
    if let first = arguments.first, names.contains(first) {
        path.append(first)
        if first == "run", arguments.count > 1, Verbs.lookup(arguments[1]) != nil { path.append(arguments[1]) }
    }
    let message = TerminalText.sanitize(Interpreter.oneLine(QKDTutor.message(for: error)), keepNewlines: false)
    FileHandle.standardError.write(Data("Error: \(message)\nsee '\(path.joined(separator: " ")) --help'\n".utf8))
    exit(code.rawValue)
}
do { try command.run() } catch { QKDTutor.exit(withError: error) }
