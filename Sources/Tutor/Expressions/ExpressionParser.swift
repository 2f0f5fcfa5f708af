import Foundation

/// Recursive descent over a fixed grammar (lowest precedence first):
///   or → and ("or" and)* ; and → not ("and" not)* ; not → "not" not | cmp
///   cmp → sum (op sum)? ; sum → prod ((+|-) prod)* ; prod → unary ((*|/) unary)*
///   unary → "-" unary | atom ; atom → number | true | false | path | fn(args) | (or)
public enum ExpressionParser {
    static let functions: [String: ClosedRange<Int>] = ["abs": 1...1, "min": 2...8, "max": 2...8]

    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var p = Parser(tokens: try lex(text), end: text.count + 1)
        let e = try p.or()
        if let t = p.peek { throw ExpressionError("unexpected '\(t.text)'", column: t.column) }
        return e
    }

    struct Lexeme { var text: String; var column: Int; var isNumber = false }

    static func lex(_ text: String) throws(ExpressionError) -> [Lexeme] {
        let chars = Array(text)
        var out: [Lexeme] = []
        var i = 0
        func isIdentStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_") }
        func isIdent(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        while i < chars.count {
            let c = chars[i], col = i + 1
            if c == " " || c == "\t" { i += 1; continue }
            if c.isASCII && c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber || chars[j] == "." { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                    if k < chars.count, chars[k].isASCII, chars[k].isNumber {
                        j = k
                        while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                    }
                }
                let s = String(chars[i..<j])
                guard Double(s) != nil else { throw ExpressionError("'\(s)' is not a number", column: col) }
                out.append(Lexeme(text: s, column: col, isNumber: true)); i = j; continue
            }
            if isIdentStart(c) {
                var j = i
                while j < chars.count, isIdent(chars[j]) || (chars[j] == "." && j + 1 < chars.count && isIdentStart(chars[j + 1])) { j += 1 }
                out.append(Lexeme(text: String(chars[i..<j]), column: col)); i = j; continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
                let t = two == "&&" ? "and" : two == "||" ? "or" : two
                out.append(Lexeme(text: t, column: col)); i += 2; continue
            }
            let map: [Character: String] = ["+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "/": "/", "÷": "/",
                                             "<": "<", ">": ">", "≤": "<=", "≥": ">=", "≠": "!=",
                                             "(": "(", ")": ")", ",": ","]
            if let t = map[c] { out.append(Lexeme(text: t, column: col)); i += 1; continue }
            if c == "=" { throw ExpressionError("'=' is not a comparison", column: col).hinted("use ==") }
            throw ExpressionError("'\(c)' is not allowed in an expression", column: col)
        }
        return out
    }

    struct Parser {
        var tokens: [Lexeme]
        var index = 0
        var end: Int
        var peek: Lexeme? { index < tokens.count ? tokens[index] : nil }

        mutating func take(_ texts: Set<String>) -> Lexeme? {
            guard let t = peek, !t.isNumber, texts.contains(t.text) else { return nil }
            index += 1
            return t
        }

        mutating func or() throws(ExpressionError) -> Expression {
            var e = try and()
            while let t = take(["or"]) { e = .binary("or", e, try and(), column: t.column) }
            return e
        }
        mutating func and() throws(ExpressionError) -> Expression {
            var e = try not()
            while let t = take(["and"]) { e = .binary("and", e, try not(), column: t.column) }
            return e
        }
        mutating func not() throws(ExpressionError) -> Expression {
            if let t = take(["not", "!"]) { return .unary("not", try not(), column: t.column) }
            return try comparison()
        }
        mutating func comparison() throws(ExpressionError) -> Expression {
            let e = try sum()
            let ops: Set<String> = ["==", "!=", "<", "<=", ">", ">="]
            if let t = take(ops) {
                let r = try sum()
                if let u = peek, ops.contains(u.text) {
                    throw ExpressionError("comparisons do not chain", column: u.column).hinted("join them with 'and'")
                }
                return .binary(t.text, e, r, column: t.column)
            }
            return e
        }
        mutating func sum() throws(ExpressionError) -> Expression {
            var e = try product()
            while let t = take(["+", "-"]) { e = .binary(t.text, e, try product(), column: t.column) }
            return e
        }
        mutating func product() throws(ExpressionError) -> Expression {
            var e = try unary()
            while let t = take(["*", "/"]) { e = .binary(t.text, e, try unary(), column: t.column) }
            return e
        }
        mutating func unary() throws(ExpressionError) -> Expression {
            if let t = take(["-"]) { return .unary("-", try unary(), column: t.column) }
            if let t = take(["+"]) { _ = t; return try unary() }
            return try atom()
        }
        mutating func atom() throws(ExpressionError) -> Expression {
            guard let t = peek else { throw ExpressionError("expression ends too soon", column: end) }
            index += 1
            if t.isNumber { return .number(Double(t.text)!, column: t.column) }
            switch t.text {
            case "(":
                let e = try or()
                guard take([")"]) != nil else { throw ExpressionError("missing ')'", column: peek?.column ?? end) }
                return e
            case "true": return .boolean(true, column: t.column)
            case "false": return .boolean(false, column: t.column)
            default: break
            }
            guard let first = t.text.first, first.isLetter || first == "_" else {
                throw ExpressionError("unexpected '\(t.text)'", column: t.column)
            }
            if take(["("]) != nil {
                guard let arity = ExpressionParser.functions[t.text] else {
                    throw ExpressionError("unknown function '\(t.text)'", column: t.column).hinted("only abs, min and max")
                }
                var args: [Expression] = []
                if take([")"]) == nil {
                    repeat { args.append(try or()) } while take([","]) != nil
                    guard take([")"]) != nil else { throw ExpressionError("missing ')'", column: peek?.column ?? end) }
                }
                guard arity.contains(args.count) else {
                    throw ExpressionError("\(t.text) takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) or more") argument\(arity.upperBound == 1 ? "" : "s")", column: t.column)
                }
                return .call(t.text, args, column: t.column)
            }
            guard t.text == "seed" || t.text.hasPrefix("last.") && t.text.split(separator: ".").count >= 3 else {
                throw ExpressionError("unknown name '\(t.text)'", column: t.column)
                    .hinted("session paths look like last.bb84.qber or seed")
            }
            return .path(t.text, column: t.column)
        }
    }
}

extension ExpressionError {
    func hinted(_ hint: String) -> ExpressionError {
        ExpressionError(message + " (\(hint))", column: column)
    }
}
