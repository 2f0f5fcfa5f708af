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

    public static let builtins = ["help", "explain", "vars", "set", "show", "history", "clear", "quit", "exit"]

    /// Lesson commands: the prompt hands them to the executable (`Interpreter.Outcome.external`).
    public static let lessonVerbs = ["lessons", "lesson", "quiz", "progress"]

    /// Views of the visualizer and the report kind each one draws.
    public static let views: [(view: String, kind: String)] = [
        ("polarization", "polarization"), ("bb84", "bb84"), ("distill", "bb84"), ("e91", "e91"),
        ("keyrate", "keyrate"), ("network", "network"), ("satellite", "satellite"),
    ]

    public static var all: [String] { simulations.map(\.name) + builtins + lessonVerbs }

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
        latestKind = report.kind
    }

    /// Glossary terms already pointed out this session ("CHSH S (explain chsh)" once).
    public var markedTerms: Set<String> = []
    /// The kind of the most recent report: `vars` without a pattern shows its headline values.
    public private(set) var latestKind: String?

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
    /// False on a terminal without UTF-8: glossary pages are spelled in ASCII.
    public var unicode = true

    public init(session: Session = Session()) { self.session = session }

    public mutating func execute(_ line: String, context: ExecutionContext = ExecutionContext()) -> Outcome {
        if let e = ArgumentGuard.checkLine(line) { return .failure(e) }
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
        case "vars": return vars(rest)
        case "help": return help(rest.first)
        case "explain": return explain(rest)
        case "set": return set(rest)
        case "show": return show(rest.first)
        case _ where Verbs.lessonVerbs.contains(verb): return .failure(Self.lessonVerbError(first))
        default: break
        }
        guard let type = Verbs.lookup(verb) else {
            let hint = suggestion(for: verb, among: Verbs.all).map { "did you mean '\($0)'?" } ?? "type 'help' for the commands"
            return .failure(CommandLineError("unknown command '\(verb)'", column: first.column, hint: hint))
        }
        // `bb84 --help` at the prompt is `help bb84`.
        if rest.contains(where: { $0.text == "--help" || $0.text == "-h" }) {
            return .text(Help.simulation(type, verb: verb, columns: max(40, width)))
        }
        var arguments: [String]
        do { arguments = try ArgumentGuard.prepare(rest, catalog: OptionCatalog.shared[verb] ?? OptionCatalog(type), verb: verb) }
        catch { return .failure(error) }
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

    /// Lesson commands run at the prompt (the REPL hands them to the
    /// executable before the interpreter sees them) or from the shell, never
    /// inside a lesson or script.
    static func lessonVerbError(_ token: Token) -> CommandLineError {
        CommandLineError("'\(token.text)' runs at the prompt or from the shell, not here", column: token.column,
                         hint: "qkdtutor \(token.text)")
    }

    /// A lesson command line (`lesson bb84`): its verb and arguments, else nil.
    public static func lessonCommand(_ line: String) -> (verb: String, arguments: [String])? {
        guard line.utf8.count <= ArgumentGuard.maxLineBytes, let tokens = try? Tokenizer.tokenize(line),
              let first = tokens.first, Verbs.lessonVerbs.contains(first.text) else { return nil }
        return (first.text, tokens.dropFirst().map(\.text))
    }

    /// Terms of `text` not yet pointed out this session, marked once:
    /// "new terms: CHSH S (explain chsh), …". Nil when there are none.
    public mutating func newTerms(in text: String) -> String? {
        var found: [String] = []
        for entry in Glossary.entries {
            guard !session.markedTerms.contains(entry.id),
                  let marker = entry.markers.first(where: { Glossary.occurs($0, in: text) }) else { continue }
            session.markedTerms.insert(entry.id)
            found.append("\(marker) (explain \(entry.id))")
        }
        guard !found.isEmpty else { return nil }
        let note = "new terms: " + found.joined(separator: ", ")
        return unicode ? note : Format.ascii(note)
    }

    func parseFailure(_ type: any SimulationCommand.Type, _ error: any Error, _ tokens: [Token], verb: String) -> CommandLineError {
        let message = Self.oneLine(type.message(for: error))
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

    /// ArgumentParser's message cut to its first line, without "Error: ",
    /// and with "<photons>"-style placeholders dropped.
    public static func oneLine(_ raw: String) -> String {
        var message = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if let cut = message.firstIndex(of: "\n") { message = String(message[..<cut]) }
        if message.hasPrefix("Error: ") { message.removeFirst(7) }
        while let open = message.range(of: " <"), let close = message[open.upperBound...].firstIndex(of: ">") {
            message.removeSubrange(open.lowerBound...close)
        }
        return message
    }

    func help(_ topic: Token?) -> Outcome {
        guard let topic else { return .text(Format.wrap(Help.overview(seed: session.seed), width: max(40, width))) }
        if let type = Verbs.lookup(topic.text) {
            return .text(Help.simulation(type, verb: topic.text, columns: max(40, width)))
        }
        if let page = Help.builtin(topic.text == "exit" ? "quit" : topic.text) { return .text(Format.wrap(page, width: max(40, width))) }
        if let entry = Glossary.lookup(topic.text) { return .text(glossaryPage(entry)) }
        let hint = suggestion(for: topic.text, among: Verbs.all + Glossary.names).map { "did you mean '\($0)'?" }
            ?? "type 'help' for the commands, 'explain' for the glossary"
        return .failure(CommandLineError("no help for '\(topic.text)'", column: topic.column, hint: hint))
    }

    func glossaryPage(_ entry: GlossaryEntry) -> String {
        let page = Format.wrap(entry.page, width: max(40, width), hang: 0)
        return unicode ? page : Format.ascii(page)
    }

    func explain(_ tokens: [Token]) -> Outcome {
        guard let first = tokens.first else {
            return .text(Format.wrap("Terms: " + Glossary.names.joined(separator: ", ") + "\nType 'explain TERM', e.g. 'explain qber'.",
                                     width: max(40, width)))
        }
        let term = tokens.map(\.text).joined(separator: " ")
        if let entry = Glossary.lookup(term) { return .text(glossaryPage(entry)) }
        let hint = suggestion(for: term, among: Glossary.names).map { "did you mean '\($0)'?" } ?? "type 'explain' for the list of terms"
        return .failure(CommandLineError("no glossary entry for '\(term)'", column: first.column, hint: hint))
    }

    /// `vars`: the latest run's headline values; `vars PATTERN` filters
    /// every value by name (a substring, or `*` wildcards); `vars --all` lists all.
    func vars(_ tokens: [Token]) -> Outcome {
        let words = tokens.map(\.text)
        let all = session.variables
        var chosen: [(name: String, value: String)]
        if words == ["--all"] {
            chosen = all
        } else if let pattern = words.first {
            guard words.count == 1 else {
                return .failure(CommandLineError("usage: vars [PATTERN | --all]", column: tokens[1].column, hint: "for example: vars qber"))
            }
            chosen = all.filter { Self.matches(pattern, $0.name) }
            if chosen.isEmpty {
                return .failure(CommandLineError("no value matches '\(pattern)'", column: tokens[0].column,
                                                 hint: "'vars --all' lists every value"))
            }
        } else {
            chosen = [all[0]]
            if let kind = session.latestKind {
                let head = Self.headline[kind] ?? []
                let prefix = "last.\(kind)."
                let values = all.filter { $0.name.hasPrefix(prefix) }
                let named = head.compactMap { h in values.first { $0.name == prefix + h } }
                let picked = named.isEmpty ? Array(values.prefix(12)) : named
                chosen += picked
            }
        }
        let width = chosen.map(\.name.count).max() ?? 0
        var lines = chosen.map { Format.pad($0.name, width) + "  " + Self.readable($0.value) }
        if words.isEmpty {
            let hidden = all.count - chosen.count
            if hidden > 0 { lines.append("(\(Format.plural(hidden, "more value")): 'vars PATTERN' filters, 'vars --all' lists them)") }
        }
        return .text(Format.wrap(lines.joined(separator: "\n"), width: max(40, width)))
    }

    /// The values a learner looks at first, per report kind.
    static let headline: [String: [String]] = [
        "polarization": ["photons", "passed", "observedFraction", "probability"],
        "bb84": ["photons", "detected", "sifted", "sampleBits", "qber", "trueQber", "keyBits", "aborted", "finalKeyBits"],
        "e91": ["pairs", "detected", "chsh", "chshStdError", "keyBits", "qber", "finalKeyBits"],
        "cascade": ["bits", "qber", "actualErrors", "leakedBits", "efficiency", "passes", "residualErrors", "verified"],
        "keyrate": ["model", "preset", "maxDistanceKm", "keyFraction", "thresholdQber"],
        "network": ["scenario", "nodes", "links", "trustedNodes", "endToEndKeyRateBps", "deliveredKeyBits", "exposedKeyBits"],
        "satellite": ["preset", "model", "altitudeKm", "minElevationDeg", "totalKeyBits"],
    ]

    /// Case-insensitive: `*` matches any run of characters; without `*` a substring.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = pattern.lowercased(), n = name.lowercased()
        guard p.contains("*") else { return n.contains(p) }
        let parts = p.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(n)
        for (i, part) in parts.enumerated() where !part.isEmpty {
            if i == 0 { guard rest.hasPrefix(part) else { return false }; rest = rest.dropFirst(part.count); continue }
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        if let last = parts.last, !last.isEmpty, parts.count > 1 { return n.hasSuffix(last) }
        return true
    }

    /// A session value at sensible precision: whole numbers grouped, others to
    /// six significant digits; words unchanged.
    static func readable(_ value: String) -> String {
        guard let x = Double(value), value.first.map({ $0.isNumber || $0 == "-" }) == true else { return value }
        if x == x.rounded(), abs(x) < 1e15 { return Format.count(Int(x)) }
        var s = Format.significant(x, 6)
        if s.contains("."), !s.contains("e") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
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
        if let e = ArgumentGuard.checkLine(line) { return e }
        let tokens: [Token]
        do { tokens = try Tokenizer.tokenize(line) } catch { return error }
        guard var first = tokens.first else { return nil }
        var rest = Array(tokens.dropFirst())
        if first.text == "run", let next = rest.first { first = next; rest.removeFirst() }
        if Verbs.lessonVerbs.contains(first.text) { return Self.lessonVerbError(first) }
        if Verbs.builtins.contains(first.text) { return nil }
        guard let type = Verbs.lookup(first.text) else {
            let hint = suggestion(for: first.text, among: Verbs.all).map { "did you mean '\($0)'?" }
            return CommandLineError("unknown command '\(first.text)'", column: first.column, hint: hint)
        }
        do { _ = try type.parse(try ArgumentGuard.prepare(rest, catalog: OptionCatalog.shared[first.text] ?? OptionCatalog(type), verb: first.text)) }
        catch let e as CommandLineError { return e }
        catch {
            return parseFailure(type, error, rest, verb: first.text)
        }
        return nil
    }

    mutating func set(_ tokens: [Token]) -> Outcome {
        guard tokens.count == 2, tokens[0].text == "seed" else {
            if let t = tokens.first, t.text != "seed" {
                return .failure(CommandLineError("'\(t.text)' cannot be set", column: t.column,
                                                 hint: "only the session seed can: set seed 7; a run's values are read with 'vars'"))
            }
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
