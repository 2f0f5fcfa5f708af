import Foundation

/// Recursive descent over a fixed grammar (lowest precedence first):
///   or → and ("or" and)* ; and → not ("and" not)* ; not → "not" not | cmp
///   cmp → sum (op sum)? ; sum → prod ((+|-) prod)* ; prod → unary ((*|/|%) unary)*
///   unary → "-" unary | postfix ; postfix → atom ("[" or "]" | "." name)*
///   atom → number | string | true | false | path | fn(args) | (or)
/// Bounded: text of at most `maxLength` bytes, nesting at most `maxDepth`
/// (parentheses, unary signs, `not`, calls and indexes all count), so a
/// hostile line (10^4 `(` or 10^5 `-`) is one clear error, never a stack overflow.
public enum ExpressionParser {
    public static let maxLength = 4096
    public static let maxDepth = 256

    static let functions: [String: ClosedRange<Int>] = [
        "abs": 1...1, "min": 2...16, "max": 2...16, "sqrt": 1...1, "log2": 1...1, "ln": 1...1, "exp": 1...1,
        "pow": 2...2, "round": 1...2, "len": 1...1, "contains": 2...2,
    ]
    static let roots: Set<String> = ["seed", "last", "runs"]

    /// `params` are the lesson's `param:` names, usable bare.
    public static func parse(_ text: String, params: Set<String> = []) throws(ExpressionError) -> Expression {
        guard text.utf8.count <= maxLength else {
            throw ExpressionError("expression too long (\(text.utf8.count) bytes; the limit is \(maxLength))", column: 1, kind: .limit)
        }
        var p = Parser(tokens: try lex(text), end: text.count + 1, params: params)
        let e = try p.or()
        if let t = p.peek { throw ExpressionError("unexpected '\(t.text)'", column: t.column) }
        return e
    }

    enum TokenKind { case number, string, ident, op }
    struct Lexeme { var text: String; var column: Int; var kind: TokenKind }

    static func lex(_ text: String) throws(ExpressionError) -> [Lexeme] {
        let chars = Array(text)
        var out: [Lexeme] = []
        var i = 0
        func isIdentStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_") }
        func isIdent(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        func afterOperand() -> Bool {
            guard let l = out.last else { return false }
            if l.kind == .number { return out.count >= 2 && out[out.count - 2].text == "." }   // `routes.1.km`
            return l.kind == .ident || l.kind == .string || (l.kind == .op && (l.text == "]" || l.text == ")"))
        }
        while i < chars.count {
            let c = chars[i], col = i + 1
            if c == " " || c == "\t" { i += 1; continue }
            // `.0` after a name or `]` is a member index, not a number.
            if c == ".", afterOperand() { out.append(Lexeme(text: ".", column: col, kind: .op)); i += 1; continue }
            if c.isASCII && c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber) {
                var j = i
                let afterDot = out.last?.text == "."
                while j < chars.count, chars[j].isASCII, chars[j].isNumber || (!afterDot && chars[j] == ".") { j += 1 }
                if !afterDot, j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                    if k < chars.count, chars[k].isASCII, chars[k].isNumber {
                        j = k
                        while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                    }
                }
                let s = String(chars[i..<j])
                guard Double(s) != nil else { throw ExpressionError("'\(s)' is not a number", column: col) }
                out.append(Lexeme(text: s, column: col, kind: .number)); i = j; continue
            }
            if c == "\"" || c == "'" {
                var j = i + 1
                var s = ""
                while j < chars.count, chars[j] != c {
                    if chars[j] == "\\", j + 1 < chars.count { s.append(chars[j + 1]); j += 2; continue }
                    s.append(chars[j]); j += 1
                }
                guard j < chars.count else { throw ExpressionError("the string has no closing \(c)", column: col) }
                out.append(Lexeme(text: s, column: col, kind: .string)); i = j + 1; continue
            }
            if isIdentStart(c) {
                var j = i
                while j < chars.count, isIdent(chars[j]) || (chars[j] == "." && j + 1 < chars.count && isIdentStart(chars[j + 1])) { j += 1 }
                out.append(Lexeme(text: String(chars[i..<j]), column: col, kind: .ident)); i = j; continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
                let t = two == "&&" ? "and" : two == "||" ? "or" : two
                out.append(Lexeme(text: t, column: col, kind: .op)); i += 2; continue
            }
            let map: [Character: String] = ["+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "/": "/", "÷": "/", "%": "%",
                                             "<": "<", ">": ">", "≤": "<=", "≥": ">=", "≠": "!=", "!": "not",
                                             "(": "(", ")": ")", ",": ",", "[": "[", "]": "]"]
            if let t = map[c] { out.append(Lexeme(text: t, column: col, kind: .op)); i += 1; continue }
            if c == "=" { throw ExpressionError("'=' is not a comparison", column: col).hinted("use ==") }
            throw ExpressionError("'\(Sanitize.text(String(c)))' is not allowed in an expression", column: col)
        }
        return out
    }

    struct Parser {
        var tokens: [Lexeme]
        var index = 0
        var end: Int
        var params: Set<String>
        var depth = 0
        var peek: Lexeme? { index < tokens.count ? tokens[index] : nil }

        init(tokens: [Lexeme], end: Int, params: Set<String>) { self.tokens = tokens; self.end = end; self.params = params }

        mutating func take(_ texts: Set<String>) -> Lexeme? {
            guard let t = peek, t.kind == .op || t.kind == .ident, texts.contains(t.text) else { return nil }
            index += 1
            return t
        }

        mutating func enter(_ column: Int) throws(ExpressionError) {
            depth += 1
            if depth > ExpressionParser.maxDepth {
                throw ExpressionError("expression nested too deeply (the limit is \(ExpressionParser.maxDepth) levels)", column: column, kind: .limit)
            }
        }

        mutating func or() throws(ExpressionError) -> Expression {
            try enter(peek?.column ?? end); defer { depth -= 1 }
            return try chain(["or"]) { (p: inout Parser) throws(ExpressionError) in try p.and() }
        }
        mutating func and() throws(ExpressionError) -> Expression {
            try chain(["and"]) { (p: inout Parser) throws(ExpressionError) in try p.not() }
        }

        /// `first (op next)*` as one flat chain.
        mutating func chain(_ ops: Set<String>, _ next: (inout Parser) throws(ExpressionError) -> Expression) throws(ExpressionError) -> Expression {
            let first = try next(&self)
            var links: [ChainLink] = []
            while let t = take(ops) { links.append(ChainLink(op: t.text, operand: try next(&self), column: t.column)) }
            return links.isEmpty ? first : .chain(first, links, column: links[0].column)
        }

        func tooDeep(_ column: Int) -> ExpressionError {
            ExpressionError("expression nested too deeply (the limit is \(ExpressionParser.maxDepth) levels)", column: column, kind: .limit)
        }

        mutating func not() throws(ExpressionError) -> Expression {
            // Iterative: a run of `not`s is counted, not recursed into.
            var nots: [Int] = []
            while let t = take(["not"]) {
                nots.append(t.column)
                if nots.count + depth > ExpressionParser.maxDepth { throw tooDeep(t.column) }
            }
            depth += nots.count; defer { depth -= nots.count }
            var e = try comparison()
            for c in nots.reversed() { e = .unary("not", e, column: c) }
            return e
        }
        mutating func comparison() throws(ExpressionError) -> Expression {
            let e = try sum()
            let ops: Set<String> = ["==", "!=", "<", "<=", ">", ">="]
            if let t = take(ops) {
                let r = try sum()
                if let u = peek, u.kind == .op, ops.contains(u.text) {
                    throw ExpressionError("comparisons do not chain", column: u.column).hinted("join them with 'and'")
                }
                return .binary(t.text, e, r, column: t.column)
            }
            return e
        }
        mutating func sum() throws(ExpressionError) -> Expression {
            try chain(["+", "-"]) { (p: inout Parser) throws(ExpressionError) in try p.product() }
        }
        mutating func product() throws(ExpressionError) -> Expression {
            try chain(["*", "/", "%"]) { (p: inout Parser) throws(ExpressionError) in try p.unary() }
        }
        mutating func unary() throws(ExpressionError) -> Expression {
            // Iterative over runs of signs (100,000 '-' is an error, not a deep tree).
            var signs: [Lexeme] = []
            while let t = take(["-", "+"]) {
                signs.append(t)
                if signs.count + depth > ExpressionParser.maxDepth { throw tooDeep(t.column) }
            }
            depth += signs.count; defer { depth -= signs.count }
            var e = try postfix()
            for s in signs.reversed() where s.text == "-" { e = .unary("-", e, column: s.column) }
            return e
        }
        mutating func postfix() throws(ExpressionError) -> Expression {
            var e = try atom()
            var levels = 0
            defer { depth -= levels }
            while true {
                if let t = take(["["]) {
                    levels += 1; depth += 1
                    if depth > ExpressionParser.maxDepth { throw tooDeep(t.column) }
                    let i = try or()
                    guard take(["]"]) != nil else { throw ExpressionError("missing ']'", column: peek?.column ?? end) }
                    e = .index(e, i, column: t.column)
                } else if let t = take(["."]) {
                    levels += 1; depth += 1
                    if depth > ExpressionParser.maxDepth { throw tooDeep(t.column) }
                    guard let n = peek, n.kind == .ident || (n.kind == .number && Int(n.text) != nil) else {
                        throw ExpressionError("a field name or index must follow '.'", column: peek?.column ?? end)
                    }
                    index += 1
                    if n.kind == .number { e = .index(e, .number(Double(n.text)!, column: n.column), column: t.column) }
                    else { for part in n.text.split(separator: ".") { e = .member(e, String(part), column: n.column) } }
                } else { return e }
            }
        }
        mutating func atom() throws(ExpressionError) -> Expression {
            guard let t = peek else { throw ExpressionError("expression ends too soon", column: end) }
            index += 1
            switch t.kind {
            case .number: return .number(Double(t.text)!, column: t.column)
            case .string: return .string(t.text, column: t.column)
            case .op:
                guard t.text == "(" else { throw ExpressionError("unexpected '\(t.text)'", column: t.column) }
                let e = try or()
                guard take([")"]) != nil else { throw ExpressionError("missing ')'", column: peek?.column ?? end) }
                return e
            case .ident: break
            }
            switch t.text {
            case "true": return .boolean(true, column: t.column)
            case "false": return .boolean(false, column: t.column)
            default: break
            }
            if take(["("]) != nil {
                guard let arity = ExpressionParser.functions[t.text] else {
                    throw ExpressionError("unknown function '\(t.text)'", column: t.column)
                        .hinted("functions: " + ExpressionParser.functions.keys.sorted().joined(separator: ", "))
                }
                try enter(t.column); defer { depth -= 1 }
                var args: [Expression] = []
                if take([")"]) == nil {
                    repeat { args.append(try or()) } while take([","]) != nil
                    guard take([")"]) != nil else { throw ExpressionError("missing ')'", column: peek?.column ?? end) }
                }
                guard arity.contains(args.count) else {
                    let n = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
                    throw ExpressionError("\(t.text) takes \(n) argument\(arity.upperBound == 1 ? "" : "s")", column: t.column)
                }
                return .call(t.text, args, column: t.column)
            }
            let root = String(t.text.prefix { $0 != "." })
            let parts = t.text.split(separator: ".").count
            let ok = (root == "seed" && parts == 1) || (params.contains(root) && parts == 1)
                || (root == "last" && parts >= 2) || (root == "runs" && parts >= 2)
            guard ok else {
                throw ExpressionError("unknown name '\(t.text)'", column: t.column)
                    .hinted("session paths look like last.bb84.qber, runs.NAME.field or seed")
            }
            return .path(t.text, column: t.column)
        }
    }
}

extension ExpressionError {
    func hinted(_ hint: String) -> ExpressionError {
        ExpressionError(message + " (\(hint))", column: column, kind: kind)
    }
}
