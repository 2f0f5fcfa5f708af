/// One word of a command line and where it starts (1-based column).
public struct Token: Equatable, Sendable {
    public var text: String
    public var column: Int
}

/// A command line that cannot be read, with the column at fault.
public struct CommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var column: Int?
    public var hint: String?

    public init(_ message: String, column: Int? = nil, hint: String? = nil) {
        self.message = message; self.column = column; self.hint = hint
    }

    /// "col 12: unknown option '--photon' (hint: …)" on one line.
    public var description: String {
        var s = column.map { "col \($0): " } ?? ""
        s += message
        if let h = hint { s += " (hint: \(h))" }
        return s
    }
}

/// Splits a line the way a shell would, simply: blanks separate words,
/// 'single' and "double" quotes group them, a backslash escapes inside
/// double quotes, and # starts a comment.
public enum Tokenizer {
    public static func tokenize(_ line: String) throws(CommandLineError) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var start: Int? = nil
        var quote: Character? = nil
        var quoteColumn = 0
        var escaped = false
        var column = 0
        for ch in line {
            column += 1
            if let q = quote {
                if escaped { current.append(ch); escaped = false; continue }
                if q == "\"" && ch == "\\" { escaped = true; continue }
                if ch == q { quote = nil; continue }
                current.append(ch)
                continue
            }
            if ch == "#" && start == nil { break }
            if ch == " " || ch == "\t" {
                if let s = start { tokens.append(Token(text: current, column: s)); current = ""; start = nil }
                continue
            }
            if start == nil { start = column }
            if ch == "\"" || ch == "'" { quote = ch; quoteColumn = column; continue }
            current.append(ch)
        }
        if quote != nil {
            throw CommandLineError("unterminated quote", column: quoteColumn, hint: "close it with \(quote!)")
        }
        if let s = start { tokens.append(Token(text: current, column: s)) }
        return tokens
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    var row = Array(0...y.count)
    for i in 1...x.count {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: y.count, by: 1) {
            let saved = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
            previous = saved
        }
    }
    return row[y.count]
}

/// The closest candidate within a small edit distance, if any.
func suggestion(for word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
    guard let (best, d) = scored, d <= max(2, word.count / 3) else {
        return candidates.first { $0.hasPrefix(word.lowercased()) && !word.isEmpty }
    }
    return best
}
