import Foundation

/// The small, safe expression language of lesson answers, task checks and
/// `{…}` values in text: numbers, strings, true/false, session paths
/// (`seed`, `last.bb84.qber`, `runs.noisy.chsh`, params), list indexing,
/// arithmetic, comparisons, and/or/not and a fixed set of functions.
/// Nothing else parses, so a lesson can never run arbitrary code.
///
/// Trees stay shallow: `a + b + c …` and `x and y and …` are one flat
/// `.chain`, and the parser refuses nesting deeper than `ExpressionParser.maxDepth`,
/// so neither evaluation nor deallocation can recurse past that depth.
public indirect enum Expression: Sendable, Equatable {
    case number(Double, column: Int)
    case string(String, column: Int)
    case boolean(Bool, column: Int)
    /// A dotted session path: `seed`, `V`, `last.bb84.qber`, `runs.noisy`.
    case path(String, column: Int)
    /// `base.name` after an index or a call: `routes[0].relays`.
    case member(Expression, String, column: Int)
    /// `base[index]`.
    case index(Expression, Expression, column: Int)
    case unary(String, Expression, column: Int)
    /// A comparison: `==`, `!=`, `<`, `<=`, `>`, `>=`.
    case binary(String, Expression, Expression, column: Int)
    /// A left-to-right chain of one precedence level: `+ -`, `* / %`, `and`, `or`.
    case chain(Expression, [ChainLink], column: Int)
    case call(String, [Expression], column: Int)

    public var column: Int {
        switch self {
        case .number(_, let c), .string(_, let c), .boolean(_, let c), .path(_, let c), .member(_, _, let c),
             .index(_, _, let c), .unary(_, _, let c), .binary(_, _, _, let c), .chain(_, _, let c), .call(_, _, let c): return c
        }
    }

    /// Every session path the expression reads, with its column. For
    /// `last.network.routes[0].relays` that is `last.network.routes`.
    public var paths: [(String, Int)] {
        switch self {
        case .number, .string, .boolean: return []
        case .path(let p, let c): return [(p, c)]
        case .member(let e, _, _): return e.paths
        case .index(let e, let i, _): return e.paths + i.paths
        case .unary(_, let e, _): return e.paths
        case .binary(_, let a, let b, _): return a.paths + b.paths
        case .chain(let first, let links, _): return first.paths + links.flatMap(\.operand.paths)
        case .call(_, let args, _): return args.flatMap(\.paths)
        }
    }

    /// True when the expression can only yield true/false (a check).
    public var isCondition: Bool {
        switch self {
        case .boolean: return true
        case .unary(let op, _, _): return op == "not"
        case .binary: return true
        case .chain(_, let links, _): return links.first.map { $0.op == "and" || $0.op == "or" } ?? false
        case .call(let name, _, _): return name == "contains"
        default: return false
        }
    }
}

/// One `op operand` of a chain.
public struct ChainLink: Sendable, Equatable {
    public var op: String
    public var operand: Expression
    public var column: Int
    public init(op: String, operand: Expression, column: Int) { self.op = op; self.operand = operand; self.column = column }
}

/// A value an expression yields. Reports' JSON gives lists and records too.
public enum ExpressionValue: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case boolean(Bool)
    case string(String)
    case list([ExpressionValue])
    case record([String: ExpressionValue])

    public var description: String {
        switch self {
        case .number(let x): return ExpressionValue.format(x)
        case .boolean(let b): return b ? "true" : "false"
        case .string(let s): return s
        case .list(let xs): return "[" + xs.map(\.quoted).joined(separator: ", ") + "]"
        case .record(let r): return "{" + r.keys.sorted().map { "\($0): \(r[$0]!.quoted)" }.joined(separator: ", ") + "}"
        }
    }

    var quoted: String { if case .string(let s) = self { return "\"\(s)\"" } else { return description } }

    /// What kind of value, for messages.
    public var typeName: String {
        switch self {
        case .number: return "a number"
        case .boolean: return "true/false"
        case .string: return "a string"
        case .list: return "a list"
        case .record: return "a record"
        }
    }

    /// Short, exact enough for an answer key: up to 6 significant digits.
    public static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.6g", x)
        if s.contains("e") { return s }
        while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
        return s
    }
}

/// An expression that cannot be read or evaluated, with its column
/// (1-based, inside the expression text).
public struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case syntax, limit, unknownPath, type }
    public var message: String
    public var column: Int
    public var kind: Kind
    public init(_ message: String, column: Int, kind: Kind = .syntax) { self.message = message; self.column = column; self.kind = kind }
    public var description: String { "col \(column): \(message)" }
}

extension Expression {
    /// The expression written back in the language, fully parenthesized:
    /// parsing it again gives the same tree (the round-trip tests rely on it).
    public var source: String {
        switch self {
        case .number(let x, _): return x.isFinite && x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        case .string(let s, _):
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .boolean(let b, _): return b ? "true" : "false"
        case .path(let p, _): return p
        case .member(let e, let name, _): return e.postfixSource + "." + name
        case .index(let e, let i, _): return e.postfixSource + "[" + i.source + "]"
        case .unary(let op, let e, _): return op == "not" ? "(not " + e.source + ")" : "(-" + e.source + ")"
        case .binary(let op, let a, let b, _): return "(" + a.source + " " + op + " " + b.source + ")"
        case .chain(let first, let links, _):
            return "(" + first.source + links.map { " \($0.op) " + $0.operand.source }.joined() + ")"
        case .call(let name, let args, _): return name + "(" + args.map(\.source).joined(separator: ", ") + ")"
        }
    }

    /// Postfix bases need no parentheses when they are atoms themselves.
    var postfixSource: String {
        switch self {
        case .path, .member, .index, .call, .string, .boolean: return source
        default: return "(" + source + ")"
        }
    }
}
