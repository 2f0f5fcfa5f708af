import ArgumentParser
import CReadline
import Commands
import Foundation

/// Candidates for the word being completed, given the words before it.
/// Option names and listed values come from ArgumentParser's own
/// description of each command (`OptionCatalog`), so completion and parsing
/// cannot disagree; names that only exist at run time (scenarios, stations,
/// nodes, lessons, session values, glossary terms) are listed here.
public enum Completer {
    public static func candidates(before: [String], word: String) -> [String] {
        var words = before
        if words.first == "run" { words.removeFirst() }
        guard let verb = words.first else {
            return (Verbs.all + (before.isEmpty ? ["run"] : [])).filter { $0.hasPrefix(word) }
        }
        let first = words.count == 1
        switch verb {
        case "help": return first ? match(Verbs.all + Glossary.names, word) : []
        case "explain": return first ? match(Glossary.names, word) : []
        case "set": return first ? match(["seed"], word) : []
        case "show": return first ? match(Verbs.views.map(\.view), word) : []
        case "vars": return first ? match(["--all"] + sessionNames(), word) : []
        case "lesson", "quiz": return first || words.last == "--restart" ? lessonCandidates(word) : match(["--restart", "--plain"], word)
        case "progress":
            if words.last == "--reset" { return match(lessonIDs(), word) }
            return match(["--reset", "--export"], word)
        default: break
        }
        guard let catalog = OptionCatalog.shared[verb] else { return [] }
        let previous = words.last ?? ""
        if let values = dynamicValues(verb: verb, option: previous, words: words) { return match(values, word) }
        if let option = catalog.options[previous], option.takesValue {
            return match(option.values, word)
        }
        // `network NAME`: the scenario is the positional argument.
        if verb == "network", !word.hasPrefix("-"), !words.dropFirst().contains(where: { !$0.hasPrefix("-") && !isValue($0, after: words, catalog) }) {
            return match(ScenarioNames.all, word)
        }
        return match(catalog.names, word)
    }

    static func match(_ candidates: [String], _ word: String) -> [String] {
        let exact = candidates.filter { $0.hasPrefix(word) }
        if !exact.isEmpty { return exact }
        return candidates.filter { $0.lowercased().hasPrefix(word.lowercased()) }
    }

    static func isValue(_ w: String, after words: [String], _ catalog: OptionCatalog) -> Bool {
        guard let i = words.firstIndex(of: w), i > 0 else { return false }
        return catalog.options[words[i - 1]]?.takesValue == true
    }

    /// Values known only at run time: stations, scenario nodes, presets.
    static func dynamicValues(verb: String, option: String, words: [String]) -> [String]? {
        switch (verb, option) {
        case ("satellite", "--station"), ("satellite", "--relay-to"): return StationNames.all
        case ("polarization", "--source"), ("polarization", "--analyzer"): return ["H", "V", "D", "A", "R", "L"]
        case (_, "--preset"): return ScenarioNames.presets
        case ("network", "--from"), ("network", "--to"), ("network", "--compromise"):
            let scenario = words.dropFirst().first { ScenarioNames.all.contains($0) }
            return scenario.map(ScenarioNames.nodes) ?? []
        default: return nil
        }
    }

    /// The session's value names, refreshed by the REPL after every line.
    nonisolated(unsafe) public static var sessionNameList: [String] = []
    static func sessionNames() -> [String] { sessionNameList }

    static func lessonIDs() -> [String] {
        guard let dir = Paths.lessonDirectory(),
              let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return files.filter { $0.hasSuffix(".lesson") }.map { String($0.dropLast(7)) }.sorted()
    }

    /// Lesson ids, or file paths once the word looks like one.
    static func lessonCandidates(_ word: String) -> [String] {
        if word.contains("/") || word.hasPrefix(".") || word.hasPrefix("~") { return paths(word) }
        return match(lessonIDs(), word)
    }

    static func paths(_ word: String) -> [String] {
        let expanded = word.hasPrefix("~") ? NSString(string: word).expandingTildeInPath : word
        let dirPart = expanded.hasSuffix("/") ? expanded : (expanded as NSString).deletingLastPathComponent
        let shownDir = word.hasSuffix("/") ? word : (word as NSString).deletingLastPathComponent
        let base = expanded.hasSuffix("/") ? "" : (expanded as NSString).lastPathComponent
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dirPart.isEmpty ? "." : dirPart) else { return [] }
        return entries.filter { $0.hasPrefix(base) && !$0.hasPrefix(".") }.sorted().compactMap { name in
            var isDir: ObjCBool = false
            let full = (dirPart.isEmpty ? name : (dirPart as NSString).appendingPathComponent(name))
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDir)
            guard isDir.boolValue || name.hasSuffix(".lesson") else { return nil }
            let shown = shownDir.isEmpty ? name : (shownDir.hasSuffix("/") ? shownDir + name : shownDir + "/" + name)
            return isDir.boolValue ? shown + "/" : shown
        }
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
    // A directory completes without a trailing space, so Tab can go on into it.
    if pending.count == 1, pending[0].hasSuffix("/") { rl_completion_append_character = 0 }
    return rl_completion_matches(text, generator)
}
