import Foundation

/// One term a report or view prints, explained for a first-time learner.
public struct GlossaryEntry: Sendable {
    /// What `explain` takes and Tab completes, e.g. "chsh".
    public var id: String
    /// The heading, e.g. "CHSH S".
    public var title: String
    /// Other words that find it (`explain epsilon` and `explain ε`).
    public var aliases: [String]
    /// How reports print it; the first one found in a report is marked once per session.
    public var markers: [String]
    /// The verbs whose reports use it.
    public var commands: [String]
    /// Two or three plain sentences.
    public var text: String
    /// Where it comes from (see /work/shared/facts in the project notes).
    public var source: String
    /// The lesson that teaches it, when one does; else the command that shows it.
    public var lesson: String?

    /// The page `explain` prints.
    public var page: String {
        var lines = [title, "  " + text, "  Source: " + source]
        if let l = lesson, Glossary.lessonInstalled(l) {
            lines.append("  Taught in lesson '\(l)' (type: lesson \(l)).")
        } else if let c = commands.first {
            lines.append("  No lesson teaches it yet; see it with 'help \(c)' and a run of \(c).")
        }
        return lines.joined(separator: "\n")
    }
}

/// The glossary behind `explain TERM` and `help TERM`. Data in `Terms.swift`.
public enum Glossary {
    public static var entries: [GlossaryEntry] { terms }

    /// Every id, sorted, for completion and the list.
    public static let names: [String] = terms.map(\.id).sorted()

    /// By id, alias or title, ignoring case, blanks and hyphens.
    public static func lookup(_ word: String) -> GlossaryEntry? {
        let key = normalize(word)
        guard !key.isEmpty else { return nil }
        return terms.first { e in
            normalize(e.id) == key || normalize(e.title) == key || e.aliases.contains { normalize($0) == key }
        }
    }

    static func normalize(_ s: String) -> String {
        String(s.lowercased().filter { !$0.isWhitespace && $0 != "-" && $0 != "_" && $0 != "'" && $0 != "’" })
    }

    /// True when `marker` stands in `text` as a whole word (no letter or digit either side).
    public static func occurs(_ marker: String, in text: String) -> Bool {
        var search = text[...]
        while let r = search.range(of: marker) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            let isWord: (Character?) -> Bool = { c in c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !isWord(before) && !isWord(after) { return true }
            search = text[r.upperBound...]
        }
        return false
    }

    static func lessonInstalled(_ id: String) -> Bool {
        guard let dir = Paths.lessonDirectory() else { return false }
        return FileManager.default.fileExists(atPath: dir.appendingPathComponent(id + ".lesson").path)
    }
}
