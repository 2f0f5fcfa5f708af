import Foundation

extension Expression {
    /// Evaluates against session values looked up by path (`Session.value`).
    public func evaluate(_ lookup: (String) -> String?) throws(ExpressionError) -> ExpressionValue {
        switch self {
        case .number(let x, _): return .number(x)
        case .boolean(let b, _): return .boolean(b)
        case .path(let p, let c):
            guard let raw = lookup(p) else {
                throw ExpressionError("no session value '\(p)'", column: c).hinted("run the command that produces it first")
            }
            if raw == "true" { return .boolean(true) }
            if raw == "false" { return .boolean(false) }
            guard let x = Double(raw) else { throw ExpressionError("'\(p)' is '\(raw)', not a number", column: c) }
            return .number(x)
        case .unary(let op, let e, let c):
            let v = try e.evaluate(lookup)
            if op == "not" { return .boolean(!(try v.bool(c, op))) }
            return .number(-(try v.number(c, op)))
        case .binary(let op, let a, let b, let c):
            let x = try a.evaluate(lookup)
            if op == "and" || op == "or" {
                let l = try x.bool(c, op)
                if op == "and" && !l { return .boolean(false) }
                if op == "or" && l { return .boolean(true) }
                return .boolean(try b.evaluate(lookup).bool(c, op))
            }
            let y = try b.evaluate(lookup)
            if op == "==" || op == "!=" {
                let same: Bool
                switch (x, y) {
                case (.number(let p), .number(let q)): same = p == q
                case (.boolean(let p), .boolean(let q)): same = p == q
                default: throw ExpressionError("'\(op)' compares a number with true/false", column: c)
                }
                return .boolean(op == "==" ? same : !same)
            }
            let p = try x.number(c, op), q = try y.number(c, op)
            switch op {
            case "+": return .number(p + q)
            case "-": return .number(p - q)
            case "*": return .number(p * q)
            case "/":
                guard q != 0 else { throw ExpressionError("division by zero", column: c) }
                return .number(p / q)
            case "<": return .boolean(p < q)
            case "<=": return .boolean(p <= q)
            case ">": return .boolean(p > q)
            default: return .boolean(p >= q)
            }
        case .call(let name, let args, let c):
            var xs: [Double] = []
            for a in args { xs.append(try a.evaluate(lookup).number(c, name)) }
            switch name {
            case "abs": return .number(abs(xs[0]))
            case "min": return .number(xs.min()!)
            default: return .number(xs.max()!)
            }
        }
    }

    /// True when the expression can only yield true/false (a check).
    public var isCondition: Bool {
        switch self {
        case .boolean: return true
        case .unary(let op, _, _): return op == "not"
        case .binary(let op, _, _, _): return ["and", "or", "==", "!=", "<", "<=", ">", ">="].contains(op)
        default: return false
        }
    }
}

extension ExpressionValue {
    func number(_ column: Int, _ op: String) throws(ExpressionError) -> Double {
        if case .number(let x) = self { return x }
        throw ExpressionError("'\(op)' needs a number, not \(self)", column: column)
    }
    func bool(_ column: Int, _ op: String) throws(ExpressionError) -> Bool {
        if case .boolean(let b) = self { return b }
        throw ExpressionError("'\(op)' needs true or false, not \(self)", column: column)
    }
}
