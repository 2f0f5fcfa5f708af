import Foundation

/// The small, safe expression language of lesson answers and task checks:
/// numbers, true/false, session paths (`seed`, `last.bb84.qber`),
/// + − × ÷, comparisons, and/or/not, abs/min/max and parentheses.
/// Nothing else parses, so a lesson can never run arbitrary code.
public indirect enum Expression: Sendable, Equatable {
    case number(Double, column: Int)
    case boolean(Bool, column: Int)
    case path(String, column: Int)
    case unary(String, Expression, column: Int)
    case binary(String, Expression, Expression, column: Int)
    case call(String, [Expression], column: Int)

    public var column: Int {
        switch self {
        case .number(_, let c), .boolean(_, let c), .path(_, let c), .unary(_, _, let c),
             .binary(_, _, _, let c), .call(_, _, let c): return c
        }
    }

    /// Every session path the expression reads, with its column.
    public var paths: [(String, Int)] {
        switch self {
        case .number, .boolean: return []
        case .path(let p, let c): return [(p, c)]
        case .unary(_, let e, _): return e.paths
        case .binary(_, let a, let b, _): return a.paths + b.paths
        case .call(_, let args, _): return args.flatMap(\.paths)
        }
    }
}

/// A value an expression yields.
public enum ExpressionValue: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case boolean(Bool)

    public var description: String {
        switch self {
        case .number(let x): return ExpressionValue.format(x)
        case .boolean(let b): return b ? "true" : "false"
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
    public var message: String
    public var column: Int
    public init(_ message: String, column: Int) { self.message = message; self.column = column }
    public var description: String { "col \(column): \(message)" }
}
