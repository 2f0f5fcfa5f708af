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
    /// One pass over the UTF-8 bytes: every delimiter is ASCII, so a
    /// multi-byte character is copied through untouched. Columns count
    /// Unicode scalars (a byte that does not continue a character).
    public static func tokenize(_ line: String) throws(CommandLineError) -> [Token] {
        var tokens: [Token] = []
        var current: [UInt8] = []
        var start: Int? = nil
        var quote: UInt8? = nil
        var quoteColumn = 0
        var escaped = false
        var column = 0
        let space: UInt8 = 0x20, tab: UInt8 = 0x09, hash: UInt8 = 0x23
        let double: UInt8 = 0x22, single: UInt8 = 0x27, backslash: UInt8 = 0x5C
        func flush() {
            if let s = start { tokens.append(Token(text: String(decoding: current, as: UTF8.self), column: s)) }
            current.removeAll(keepingCapacity: true); start = nil
        }
        for byte in line.utf8 {
            if byte & 0xC0 != 0x80 { column += 1 }
            if let q = quote {
                if escaped { current.append(byte); escaped = false; continue }
                if q == double && byte == backslash { escaped = true; continue }
                if byte == q { quote = nil; continue }
                current.append(byte)
                continue
            }
            if byte == hash && start == nil { break }
            if byte == space || byte == tab { flush(); continue }
            if start == nil { start = column }
            if byte == double || byte == single { quote = byte; quoteColumn = column; continue }
            current.append(byte)
        }
        if let q = quote {
            throw CommandLineError("unterminated quote", column: quoteColumn, hint: "close it with \(Character(Unicode.Scalar(q)))")
        }
        flush()
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
