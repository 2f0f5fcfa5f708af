import ArgumentParser
import Foundation
import QKD

/// The verbs a learner can type; `qkdtutor run <verb>` takes the same words.
public enum Verbs {
    static let registered: [(String, any SimulationCommand.Type)] = [
        ("polarization", RunPolarization.self),
        ("bb84", RunBB84.self),
        ("e91", RunE91.self),
        ("cascade", RunCascade.self),
        ("keyrate", RunKeyRate.self),
        ("network", RunNetwork.self),
        ("satellite", RunSatellite.self),
    ]

    public static var simulations: [(name: String, type: any SimulationCommand.Type)] {
        registered.map { (name: $0.0, type: $0.1) }
    }

    public static let builtins = ["help", "vars", "set", "show", "history", "clear", "quit", "exit"]

    /// Views of the visualizer and the report kind each one draws.
    public static let views: [(view: String, kind: String)] = [
        ("polarization", "polarization"), ("bb84", "bb84"), ("distill", "bb84"), ("e91", "e91"),
        ("keyrate", "keyrate"), ("network", "network"), ("satellite", "satellite"),
    ]

    public static var all: [String] { simulations.map(\.name) + builtins }

    public static func lookup(_ name: String) -> (any SimulationCommand.Type)? {
        registered.first { $0.0 == name }?.1
    }
}

/// What the learner has built up: the session seed and the last report of
/// each kind, readable as `last.bb84.qber`.
public struct Session: Sendable {
    public var seed: UInt64
    public private(set) var last: [String: Report] = [:]
    /// Each report's flattened values, computed once when it is recorded:
    /// quizzes read them many times.
    private var values: [String: [(name: String, value: String)]] = [:]

    public init(seed: UInt64 = 1) { self.seed = seed }

    /// The kind of the last report that carried a distillation (`show distill` draws it).
    public private(set) var lastDistilled: String?

    public mutating func record(_ report: Report) {
        last[report.kind] = report
        if (report.value as? any DistillationCarrying)?.distilled == true { lastDistilled = report.kind }
        values[report.kind] = report.scalars().map { (name: "last.\(report.kind).\($0.0)", value: $0.1) }
    }

    /// Every stored value, sorted: `seed`, then `last.<kind>.<field>`.
    public var variables: [(name: String, value: String)] {
        var out = [(name: "seed", value: String(seed))]
        for kind in values.keys.sorted() { out += values[kind]! }
        return out
    }

    /// One stored value by name, e.g. `last.bb84.qber`.
    public func value(_ name: String) -> String? { variables.first { $0.name == name }?.value }
}

/// The result of one line.
public enum Outcome {
    case report(Report, json: Bool, style: TextStyle?)
    case text(String)
    case history
    case clear
    case quit
    case nothing
    case failure(CommandLineError)
    /// `show <view>`: open the visualizer on the last report of that kind.
    case show(view: String, report: Report)
}

/// Reads one line of the command language and runs it against the engine.
/// Shared by the REPL, piped scripts and lessons.
public struct Interpreter {
    public var session: Session
    /// Columns for help text; the REPL sets the terminal's width.
    public var width = 100

    public init(session: Session = Session()) { self.session = session }

    public mutating func execute(_ line: String, context: ExecutionContext = ExecutionContext()) -> Outcome {
        let tokens: [Token]
        do { tokens = try Tokenizer.tokenize(line) } catch { return .failure(error) }
        guard var first = tokens.first else { return .nothing }
        var rest = Array(tokens.dropFirst())
        if first.text == "run", let next = rest.first { first = next; rest.removeFirst() }
        let verb = first.text

        switch verb {
        case "quit", "exit": return .quit
        case "clear": return .clear
        case "history": return .history
        case "vars":
            let vars = session.variables
            let width = vars.map(\.name.count).max() ?? 0
            return .text(vars.map { Format.pad($0.name, width) + "  " + $0.value }.joined(separator: "\n"))
        case "help":
            return help(rest.first)
        case "set":
            return set(rest)
        case "show":
            return show(rest.first)
        default:
            break
        }
        guard let type = Verbs.lookup(verb) else {
            let hint = suggestion(for: verb, among: Verbs.all).map { "did you mean '\($0)'?" } ?? "type 'help' for the commands"
            return .failure(CommandLineError("unknown command '\(verb)'", column: first.column, hint: hint))
        }
        var arguments = rest.map(\.text)
        if !arguments.contains(where: { $0 == "--seed" || $0.hasPrefix("--seed=") }) {
            arguments += ["--seed", String(session.seed)]
        }
        let command: any SimulationCommand
        do {
            command = try type.parse(arguments)
        } catch {
            return .failure(parseFailure(type, error, rest, verb: verb))
        }
        do {
            let report = try command.execute(context)
            session.record(report)
            let o = command.output
            let style: TextStyle? = (o.plain || o.color != .auto) ? o.style : nil
            return .report(report, json: o.json, style: style)
        } catch is CancelledError {
            return .failure(CommandLineError("cancelled", hint: "the run was stopped; nothing was stored"))
        } catch let e as RequestError {
            return .failure(CommandLineError(e.description, hint: "type 'help \(verb)' for the limits"))
        } catch {
            return .failure(CommandLineError("\(error)", hint: "type 'help \(verb)'"))
        }
    }

    func parseFailure(_ type: any SimulationCommand.Type, _ error: any Error, _ tokens: [Token], verb: String) -> CommandLineError {
        var message = type.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        if let cut = message.firstIndex(of: "\n") { message = String(message[..<cut]) }
        if message.hasPrefix("Error: ") { message.removeFirst(7) }
        // Point at the token the message quotes, if any.
        var column: Int? = nil
        let quoted = message.split(separator: "'", omittingEmptySubsequences: false)
        if quoted.count >= 3 {
            let word = String(quoted[1])
            column = tokens.first { $0.text == word || $0.text.hasPrefix(word + "=") }?.column
                ?? tokens.first { $0.text.contains(word) }?.column
        }
        let hint = message.contains("Did you mean") ? nil : "type 'help \(verb)' for its options"
        return CommandLineError(message, column: column, hint: hint)
    }

    func help(_ topic: Token?) -> Outcome {
        guard let topic else {
            var lines = ["Simulations (each takes --seed, --json, --plain and --color):"]
            for (name, type) in Verbs.simulations {
                lines.append("  " + Format.pad(name, 14) + type.configuration.abstract)
            }
            lines += [
                "Session:",
                "  set seed N     seed for every run that does not name --seed (now \(session.seed))",
                "  vars           values of the last runs, e.g. last.bb84.qber",
                "  history        the lines typed so far",
                "  clear          clear the screen",
                "  quit           leave (Ctrl-D does too)",
                "Type 'help bb84' for a command's options, units, defaults and an example.",
            ]
            return .text(lines.joined(separator: "\n"))
        }
        guard let type = Verbs.lookup(topic.text) else {
            let hint = suggestion(for: topic.text, among: Verbs.all).map { "did you mean '\($0)'?" }
            return .failure(CommandLineError("no help for '\(topic.text)'", column: topic.column, hint: hint))
        }
        return .text(type.helpMessage(columns: max(40, width)))
    }

    func show(_ token: Token?) -> Outcome {
        let names = Verbs.views.map(\.view)
        guard let token else {
            return .failure(CommandLineError("usage: show VIEW", hint: "views: \(names.joined(separator: ", "))"))
        }
        guard let kind = Verbs.views.first(where: { $0.view == token.text })?.kind else {
            let hint = suggestion(for: token.text, among: names).map { "did you mean '\($0)'?" } ?? "views: \(names.joined(separator: ", "))"
            return .failure(CommandLineError("no view '\(token.text)'", column: token.column, hint: hint))
        }
        // `show distill` follows whichever protocol ran with --distill last (bb84 or e91).
        let latest = token.text == "distill" ? session.lastDistilled.flatMap { session.last[$0] } : nil
        guard let report = latest ?? session.last[kind] else {
            return .failure(CommandLineError("nothing to show yet", column: token.column, hint: "run \(kind) first"))
        }
        return .show(view: token.text, report: report)
    }

    /// Parses a line without running it: nil when it is valid. Lesson
    /// linters use this so a lesson never ships a command a learner could not type.
    public func check(_ line: String) -> CommandLineError? {
        let tokens: [Token]
        do { tokens = try Tokenizer.tokenize(line) } catch { return error }
        guard var first = tokens.first else { return nil }
        var rest = Array(tokens.dropFirst())
        if first.text == "run", let next = rest.first { first = next; rest.removeFirst() }
        if Verbs.builtins.contains(first.text) { return nil }
        guard let type = Verbs.lookup(first.text) else {
            let hint = suggestion(for: first.text, among: Verbs.all).map { "did you mean '\($0)'?" }
            return CommandLineError("unknown command '\(first.text)'", column: first.column, hint: hint)
        }
        do { _ = try type.parse(rest.map(\.text)) } catch {
            return parseFailure(type, error, rest, verb: first.text)
        }
        return nil
    }

    mutating func set(_ tokens: [Token]) -> Outcome {
        guard tokens.count == 2, tokens[0].text == "seed" else {
            return .failure(CommandLineError("usage: set seed N", column: tokens.first?.column, hint: "for example: set seed 7"))
        }
        guard let s = UInt64(tokens[1].text) else {
            return .failure(CommandLineError("'\(tokens[1].text)' is not a seed", column: tokens[1].column,
                                             hint: "a whole number from 0 to \(UInt64.max)"))
        }
        session.seed = s
        return .text("seed set to \(s)")
    }
}
