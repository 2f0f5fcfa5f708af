import ArgumentParser
import Foundation

/// The options of one command, read from ArgumentParser's own description
/// of it (the `--experimental-dump-help` JSON), so completion, help and the
/// argument checks never drift from the parser.
public struct OptionCatalog: Sendable {
    struct Dump: Decodable { var command: Command }
    struct Command: Decodable { var arguments: [Argument]? }
    struct Argument: Decodable {
        var names: [Name]?
        var allValues: [String]?
        var kind: String
        var defaultValue: String?
        var isRepeating: Bool?
    }
    struct Name: Decodable { var kind: String; var name: String }

    public struct Option: Sendable {
        /// "--eve"
        public var name: String
        /// False for a flag such as `--json`.
        public var takesValue: Bool
        /// The values it accepts, when the type lists them.
        public var values: [String]
        /// As a learner types it, e.g. "0:150:10".
        public var defaultValue: String?
        public var repeating: Bool
    }

    public private(set) var options: [String: Option] = [:]
    /// How many positional arguments the command takes (a scenario name: 1).
    public private(set) var positionals = 0

    public init(_ type: any ParsableCommand.Type) {
        guard let dump = try? JSONDecoder().decode(Dump.self, from: Data(type._dumpHelp().utf8)) else { return }
        for a in dump.command.arguments ?? [] {
            if a.kind == "positional" { positionals += (a.isRepeating ?? false) ? 1_000 : 1 }
            for n in a.names ?? [] where n.kind == "long" && n.name != "version" && n.name != "help" {
                options["--" + n.name] = Option(name: "--" + n.name, takesValue: a.kind == "option",
                                                values: a.allValues ?? [], defaultValue: a.defaultValue,
                                                repeating: a.isRepeating ?? false)
            }
        }
    }

    /// Option names, sorted.
    public var names: [String] { options.keys.sorted() }

    public static let shared: [String: OptionCatalog] = Dictionary(
        uniqueKeysWithValues: Verbs.simulations.map { ($0.name, OptionCatalog($0.type)) })
}

/// Checks made on a command's words before ArgumentParser sees them. They
/// keep parsing linear (ArgumentParser removes each parsed word from an
/// array, so thousands of repeats of one option cost quadratic time) and
/// turn its multi-line messages into one line a learner can act on.
public enum ArgumentGuard {
    /// The longest line the prompt, a script or a lesson may give.
    public static let maxLineBytes = 65_536
    /// More words than any command can use; above it the line is refused before parsing.
    public static let maxWords = 1_024
    /// Options that take angles, where a negative number is meaningful.
    static let signedOptions: Set<String> = ["--source", "--analyzer", "--eve-angle"]

    /// Options that another option makes meaningless, refused with the reason,
    /// so nothing typed is silently ignored.
    static let meaningless: [String: [(option: String, with: String, why: String)]] = [
        "polarization": [("--analyzer", "--sweep", "--analyzer has no effect with --sweep, which turns the analyzer from 0° to 180°; give one of them")],
    ]

    /// Choices a command cannot run without, listed when missing.
    static let requiredChoices: [String: (option: String, what: String, choices: @Sendable () -> [String])] = [
        "satellite": ("--station", "a ground station", { StationNames.all }),
    ]

    static func checkCombinations(_ seen: [String: Int], verb: String, end: Int) throws(CommandLineError) {
        for rule in meaningless[verb] ?? [] {
            if let column = seen[rule.option], seen[rule.with] != nil {
                throw CommandLineError(rule.why, column: column, hint: "type 'help \(verb)'")
            }
        }
        if let need = requiredChoices[verb], seen[need.option] == nil {
            throw CommandLineError("choose \(need.what) with \(need.option): \(need.choices().joined(separator: ", "))", column: end,
                                   hint: "for example: \(verb) \(need.option) \(need.choices().first ?? "NAME")")
        }
    }

    static func negativeCheck(_ name: String, _ value: String, column: Int) throws(CommandLineError) {
        guard value.hasPrefix("-"), value.dropFirst().first.map({ $0.isNumber || $0 == "." }) == true,
              Double(value).map({ $0 < 0 }) ?? true, !signedOptions.contains(name) else { return }
        throw CommandLineError("\(name) cannot be negative (got \(value))", column: column, hint: "give 0 or more")
    }

    public static func checkLine(_ line: String) -> CommandLineError? {
        let n = line.utf8.count
        guard n <= maxLineBytes else {
            return CommandLineError("the line is \(Format.count(n)) bytes; the limit is \(Format.count(maxLineBytes)) (64 KB)",
                                    hint: "split it into several commands")
        }
        return nil
    }

    /// Refuses repeated options, cuts the words after the first stray word
    /// or unknown option (ArgumentParser reports that one), and writes `--opt -1` as
    /// `--opt=-1` so a negative number is read as a value (then named as
    /// negative by the command's own checks). Returns the words to parse.
    public static func prepare(_ tokens: [Token], catalog: OptionCatalog, verb: String) throws(CommandLineError) -> [String] {
        guard tokens.count <= maxWords else {
            throw CommandLineError("\(Format.count(tokens.count)) words; a command takes at most \(Format.count(maxWords))",
                                   column: tokens[maxWords].column, hint: "type 'help \(verb)' for its options")
        }
        var seen: [String: Int] = [:]
        var positional = 0
        var out: [String] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            guard t.text.hasPrefix("-"), t.text.count > 1 else {
                // A stray word: ArgumentParser is handed the words up to it and names it.
                positional += 1
                out.append(t.text)
                if positional > catalog.positionals { return out }
                i += 1; continue
            }
            let name = String(t.text.prefix { $0 != "=" })
            // An unknown option (or -h): ArgumentParser names it, with its own "did you mean".
            guard catalog.options[name] != nil else { out.append(t.text); return out }
            if let option = catalog.options[name], !option.repeating {
                if let first = seen[name] {
                    throw CommandLineError("\(name) is given twice (first at col \(first))", column: t.column,
                                           hint: "give each option once")
                }
                seen[name] = t.column
            }
            if let eq = t.text.firstIndex(of: "=") {
                try negativeCheck(name, String(t.text[t.text.index(after: eq)...]), column: t.column)
            }
            out.append(t.text)
            i += 1
            if let option = catalog.options[name], option.takesValue, !t.text.contains("="), i < tokens.count {
                let value = tokens[i].text
                // "-1", "-0.5", "-5:10:1": a value, not an option.
                if value.hasPrefix("-"), value.count > 1 {
                    if value.dropFirst().first.map({ $0.isNumber || $0 == "." }) == true {
                        try negativeCheck(name, value, column: tokens[i].column)
                        out[out.count - 1] = name + "=" + value
                        i += 1
                    }   // else an option follows: ArgumentParser reports the missing value
                } else {
                    out.append(value)
                    i += 1
                }
            }
        }
        try checkCombinations(seen, verb: verb, end: (tokens.last.map { $0.column + $0.text.count + 1 }) ?? 1)
        return out
    }
}
