import Commands
import Foundation

/// Where expression paths get their values.
public protocol ValueSource {
    /// A dotted path: `seed`, a param name, `last.bb84.qber`, `runs.noisy.chsh`, `last.network.routes`.
    func resolve(_ path: String) -> ExpressionValue?
}

/// The session a lesson has built: `seed`, `last.KIND.*` (the last report of
/// each kind), `runs.NAME.*` (snapshots) and the learner's params. Paths read
/// each report's JSON form, converted once and cached, so lists and nested
/// objects are reachable (`last.network.routes[0].relays`).
public final class EvalContext: ValueSource {
    public let session: Session
    public let runs: [String: Report]
    public let params: [String: ExpressionValue]
    var cache: [String: ExpressionValue] = [:]

    public init(session: Session, runs: [String: Report] = [:], params: [String: ExpressionValue] = [:]) {
        self.session = session; self.runs = runs; self.params = params
    }

    func tree(_ key: String, _ report: Report?) -> ExpressionValue? {
        if let v = cache[key] { return v }
        guard let report, let text = try? report.json(), let v = JSONTree.parse(Data(text.utf8)) else { return nil }
        cache[key] = v
        return v
    }

    public func resolve(_ path: String) -> ExpressionValue? {
        let parts = path.split(separator: ".").map(String.init)
        guard let root = parts.first else { return nil }
        var value: ExpressionValue?
        var rest: ArraySlice<String>
        switch root {
        case "seed" where parts.count == 1: return .number(Double(session.seed))
        case "last" where parts.count >= 2:
            value = tree("last." + parts[1], session.last[parts[1]]); rest = parts[2...]
        case "runs" where parts.count >= 2:
            value = tree("runs." + parts[1], runs[parts[1]]); rest = parts[2...]
        default:
            guard parts.count == 1 else { return nil }
            return params[root]
        }
        for p in rest {
            switch value {
            case .record(let r)?: value = r[p]
            case .list(let xs)?: guard let i = Int(p), xs.indices.contains(i) else { return nil }; value = xs[i]
            default: return nil
            }
        }
        return value
    }

    /// Every path with a scalar value, sorted, for "did you mean" hints.
    public var scalarPaths: [String] {
        var out = ["seed"] + params.keys.sorted()
        func walk(_ prefix: String, _ v: ExpressionValue) {
            switch v {
            case .record(let r): for k in r.keys.sorted() { walk(prefix + "." + k, r[k]!) }
            case .list: out.append(prefix)
            default: out.append(prefix)
            }
        }
        for k in session.last.keys.sorted() { if let t = tree("last." + k, session.last[k]) { walk("last." + k, t) } }
        for k in runs.keys.sorted() { if let t = tree("runs." + k, runs[k]) { walk("runs." + k, t) } }
        return out
    }
}

/// A report's JSON as expression values.
enum JSONTree: Decodable {
    case value(ExpressionValue)
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .value(.record([:])) }
        else if let b = try? c.decode(Bool.self) { self = .value(.boolean(b)) }
        else if let n = try? c.decode(Double.self) { self = .value(.number(n)) }
        else if let s = try? c.decode(String.self) { self = .value(.string(s)) }
        else if let a = try? c.decode([JSONTree].self) { self = .value(.list(a.map(\.v))) }
        else { self = .value(.record(try c.decode([String: JSONTree].self).mapValues(\.v))) }
    }
    var v: ExpressionValue { if case .value(let x) = self { return x } else { return .record([:]) } }
    static func parse(_ data: Data) -> ExpressionValue? { (try? JSONDecoder().decode(JSONTree.self, from: data))?.v }
}

/// A source with nothing in it: for learners' typed arithmetic.
public struct NoValues: ValueSource {
    public init() {}
    public func resolve(_ path: String) -> ExpressionValue? { nil }
}

extension Expression {
    /// Evaluates against a value source. Recursion follows the tree, whose
    /// depth the parser bounds; chains are evaluated in a loop.
    public func evaluate(_ source: any ValueSource) throws(ExpressionError) -> ExpressionValue {
        switch self {
        case .number(let x, _): return .number(x)
        case .string(let s, _): return .string(s)
        case .boolean(let b, _): return .boolean(b)
        case .path(let p, let c):
            guard let v = source.resolve(p) else {
                throw ExpressionError("no session value '\(p)'", column: c, kind: .unknownPath).hinted("run the command that produces it first")
            }
            return v
        case .member(let base, let name, let c):
            let b = try base.evaluate(source)
            guard case .record(let r) = b else { throw ExpressionError("'.\(name)' needs a record, not \(b.typeName)", column: c, kind: .type) }
            guard let v = r[name] else {
                throw ExpressionError("no field '\(name)'", column: c, kind: .unknownPath).hinted("fields: " + r.keys.sorted().joined(separator: ", "))
            }
            return v
        case .index(let base, let i, let c):
            let b = try base.evaluate(source)
            let k = try i.evaluate(source).number(c, "[]")
            guard case .list(let xs) = b else { throw ExpressionError("'[…]' needs a list, not \(b.typeName)", column: c, kind: .type) }
            guard k == k.rounded(), abs(k) < 1e9 else { throw ExpressionError("an index is a whole number", column: c, kind: .type) }
            let j = k < 0 ? xs.count + Int(k) : Int(k)
            guard xs.indices.contains(j) else {
                throw ExpressionError("index \(Int(k)) is out of range (the list has \(xs.count) item\(xs.count == 1 ? "" : "s"))", column: c, kind: .type)
            }
            return xs[j]
        case .unary(let op, let e, let c):
            let v = try e.evaluate(source)
            if op == "not" { return .boolean(!(try v.bool(c, op))) }
            return .number(-(try v.number(c, op)))
        case .binary(let op, let a, let b, let c):
            let x = try a.evaluate(source), y = try b.evaluate(source)
            if op == "==" || op == "!=" {
                let same: Bool
                switch (x, y) {
                case (.number(let p), .number(let q)): same = p == q
                case (.boolean(let p), .boolean(let q)): same = p == q
                case (.string(let p), .string(let q)): same = p == q
                case (.list, .list): same = x == y
                default: throw ExpressionError("'\(op)' compares \(x.typeName) with \(y.typeName)", column: c, kind: .type)
                }
                return .boolean(op == "==" ? same : !same)
            }
            let p = try x.number(c, op), q = try y.number(c, op)
            switch op {
            case "<": return .boolean(p < q)
            case "<=": return .boolean(p <= q)
            case ">": return .boolean(p > q)
            default: return .boolean(p >= q)
            }
        case .chain(let first, let links, _):
            var acc = try first.evaluate(source)
            for l in links {
                let c = l.column
                if l.op == "and" || l.op == "or" {
                    let left = try acc.bool(c, l.op)
                    if l.op == "and" && !left { return .boolean(false) }   // the whole chain is one operator
                    if l.op == "or" && left { return .boolean(true) }
                    acc = .boolean(try l.operand.evaluate(source).bool(c, l.op))
                    continue
                }
                let y = try l.operand.evaluate(source)
                if l.op == "+", case .string(let s) = acc, case .string(let t) = y { acc = .string(s + t); continue }
                let p = try acc.number(c, l.op), q = try y.number(c, l.op)
                switch l.op {
                case "+": acc = .number(p + q)
                case "-": acc = .number(p - q)
                case "*": acc = .number(p * q)
                case "/":
                    guard q != 0 else { throw ExpressionError("division by zero", column: c, kind: .type) }
                    acc = .number(p / q)
                default:
                    guard q != 0 else { throw ExpressionError("division by zero", column: c, kind: .type) }
                    acc = .number(fmod(p, q))
                }
            }
            return acc
        case .call(let name, let args, let c):
            let vs = try args.map { (a: Expression) throws(ExpressionError) -> ExpressionValue in try a.evaluate(source) }
            switch name {
            case "len":
                switch vs[0] {
                case .list(let xs): return .number(Double(xs.count))
                case .string(let s): return .number(Double(s.count))
                case .record(let r): return .number(Double(r.count))
                default: throw ExpressionError("len needs a list or a string, not \(vs[0].typeName)", column: c, kind: .type)
                }
            case "contains":
                switch (vs[0], vs[1]) {
                case (.list(let xs), let v): return .boolean(xs.contains(v))
                case (.string(let s), .string(let t)): return .boolean(s.contains(t))
                default: throw ExpressionError("contains needs a list (or a string and a string)", column: c, kind: .type)
                }
            default: break
            }
            var xs: [Double] = []
            for v in vs { xs.append(try v.number(c, name)) }
            func domain(_ ok: Bool, _ why: String) throws(ExpressionError) {
                if !ok { throw ExpressionError("\(name) \(why)", column: c, kind: .type) }
            }
            switch name {
            case "abs": return .number(abs(xs[0]))
            case "min": return .number(xs.min()!)
            case "max": return .number(xs.max()!)
            case "sqrt": try domain(xs[0] >= 0, "needs a number ≥ 0"); return .number(xs[0].squareRoot())
            case "log2": try domain(xs[0] > 0, "needs a number > 0"); return .number(Foundation.log2(xs[0]))
            case "ln": try domain(xs[0] > 0, "needs a number > 0"); return .number(Foundation.log(xs[0]))
            case "exp": return .number(Foundation.exp(xs[0]))
            case "pow": return .number(Foundation.pow(xs[0], xs[1]))
            default:   // round(x) or round(x, digits)
                let d = xs.count > 1 ? xs[1] : 0
                try domain(d == d.rounded() && (0...15).contains(d), "takes 0 to 15 digits")
                let f = Foundation.pow(10, d)
                return .number((xs[0] * f).rounded() / f)
            }
        }
    }
}

extension ExpressionValue {
    func number(_ column: Int, _ op: String) throws(ExpressionError) -> Double {
        if case .number(let x) = self { return x }
        throw ExpressionError("'\(op)' needs a number, not \(typeName)", column: column, kind: .type)
    }
    func bool(_ column: Int, _ op: String) throws(ExpressionError) -> Bool {
        if case .boolean(let b) = self { return b }
        throw ExpressionError("'\(op)' needs true or false, not \(typeName)", column: column, kind: .type)
    }
}
