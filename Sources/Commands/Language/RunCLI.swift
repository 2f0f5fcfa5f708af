import ArgumentParser
import Foundation
import QKD

/// `qkdtutor run VERB …` from the shell, through the same checks as the
/// prompt: repeated options and stray words are refused before parsing (so
/// parsing stays linear), a negative number is named as such, and every
/// error is one line plus a "see" line, never ArgumentParser's usage block.
public enum RunCLI {
    /// The exit status, or nil when ArgumentParser should handle the
    /// arguments itself (help, no verb, an unknown verb).
    public static func run(_ arguments: [String]) -> Int32? {
        guard arguments.count >= 2, arguments[0] == "run", let type = Verbs.lookup(arguments[1]) else { return nil }
        let verb = arguments[1]
        let rest = Array(arguments.dropFirst(2))
        if rest.contains(where: { $0 == "--help" || $0 == "-h" || $0 == "help" }) { return nil }
        let see = "see 'qkdtutor run \(verb) --help'"
        let tokens = rest.enumerated().map { Token(text: $0.element, column: $0.offset + 1) }
        let words: [String]
        do { words = try ArgumentGuard.prepare(tokens, catalog: OptionCatalog.shared[verb] ?? OptionCatalog(type), verb: verb) }
        catch { return fail(error.message, see, status: 64) }
        let command: any SimulationCommand
        do { command = try type.parse(words) } catch {
            return fail(Interpreter.oneLine(type.message(for: error)), see, status: type.exitCode(for: error).rawValue)
        }
        do {
            let report = try command.execute(ExecutionContext())
            let o = command.output
            if o.json { print(try report.json()) } else {
                let style = o.style
                print(Format.wrap(report.text(style), width: style.width))
            }
            return 0
        } catch let e as RequestError {
            return fail(e.description, nil, status: 1)   // it names the limit; no "see" line needed
        } catch {
            return fail(Interpreter.oneLine("\(error)"), nil, status: 1)
        }
    }

    static func fail(_ message: String, _ see: String?, status: Int32) -> Int32 {
        let text = "Error: " + TerminalText.sanitize(message, keepNewlines: false) + "\n" + (see.map { $0 + "\n" } ?? "")
        FileHandle.standardError.write(Data(text.utf8))
        return status
    }
}
