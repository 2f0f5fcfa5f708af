import ArgumentParser
import CReadline
import Commands
import Foundation

/// The options of one command, read from ArgumentParser's own description
/// of it (the `--experimental-dump-help` JSON), so completion never drifts
/// from the parser.
struct OptionCatalog {
    struct Dump: Decodable { var command: Command }
    struct Command: Decodable { var arguments: [Argument]? }
    struct Argument: Decodable {
        var names: [Name]?
        var allValues: [String]?
        var kind: String
    }
    struct Name: Decodable { var kind: String; var name: String }

    var options: [String: [String]] = [:]   // "--eve" → ["none", "intercept-resend", …]

    init(_ type: any SimulationCommand.Type) {
        guard let dump = try? JSONDecoder().decode(Dump.self, from: Data(type._dumpHelp().utf8)) else { return }
        for a in dump.command.arguments ?? [] {
            for n in a.names ?? [] where n.kind == "long" && n.name != "version" && n.name != "help" {
                options["--" + n.name] = a.allValues ?? []
            }
        }
    }

    static let shared: [String: OptionCatalog] = Dictionary(
        uniqueKeysWithValues: Verbs.simulations.map { ($0.name, OptionCatalog($0.type)) })
}

/// Candidates for the word being completed, given the words before it.
public enum Completer {
    public static func candidates(before: [String], word: String) -> [String] {
        var words = before
        if words.first == "run" { words.removeFirst() }
        guard let verb = words.first else {
            return (Verbs.all + (before.isEmpty ? ["run"] : [])).filter { $0.hasPrefix(word) }
        }
        switch verb {
        case "help": return words.count == 1 ? Verbs.all.filter { $0.hasPrefix(word) } : []
        case "set": return words.count == 1 ? ["seed"].filter { $0.hasPrefix(word) } : []
        default: break
        }
        guard let catalog = OptionCatalog.shared[verb] else { return [] }
        if let previous = words.last, let values = catalog.options[previous], !values.isEmpty {
            return values.filter { $0.hasPrefix(word) }
        }
        return catalog.options.keys.sorted().filter { $0.hasPrefix(word) }
    }
}

// readline's generator protocol: called with state 0, then again until nil.
nonisolated(unsafe) private var pending: [String] = []
nonisolated(unsafe) private var pendingIndex = 0

private func generator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 { pendingIndex = 0 }
    guard pendingIndex < pending.count else { return nil }
    defer { pendingIndex += 1 }
    return strdup(pending[pendingIndex])   // readline frees it
}

/// readline's attempted-completion function; the studio's command line uses it too.
public func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1   // never fall back to file names
    let line = rl_line_buffer.map { String(cString: $0) } ?? ""
    let prefix = String(decoding: Array(line.utf8.prefix(Int(start))), as: UTF8.self)
    let before = (try? Tokenizer.tokenize(prefix))?.map(\.text) ?? []
    let word = text.map { String(cString: $0) } ?? ""
    pending = Completer.candidates(before: before, word: word)
    return rl_completion_matches(text, generator)
}
