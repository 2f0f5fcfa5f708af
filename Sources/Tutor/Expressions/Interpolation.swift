import Foundation

/// `{EXPRESSION}` and `{EXPRESSION:FORMAT}` inside lesson text (format
/// version 2): filled in from the session when shown. `{{` and `}}` are
/// literal braces.
public enum Interpolation {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        /// The expression, its format spec ("" for the default) and its column in the text.
        case value(Expression, format: String, column: Int)
    }

    /// Splits text into literals and values; throws at the first bad `{…}`.
    public static func segments(_ text: String, params: Set<String> = []) throws(ExpressionError) -> [Segment] {
        guard text.contains("{") || text.contains("}") else { return [.literal(text)] }
        var out: [Segment] = []
        var literal = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" && i + 1 < chars.count && chars[i + 1] == "{" { literal.append("{"); i += 2; continue }
            if c == "}" && i + 1 < chars.count && chars[i + 1] == "}" { literal.append("}"); i += 2; continue }
            if c == "}" { throw ExpressionError("a '}' without its '{' (write '}}' for a brace)", column: i + 1) }
            guard c == "{" else { literal.append(c); i += 1; continue }
            guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                throw ExpressionError("a '{' without its '}' (write '{{' for a brace)", column: i + 1)
            }
            var inner = String(chars[(i + 1)..<close])
            var format = ""
            if let colon = inner.lastIndex(of: ":") {
                format = String(inner[inner.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                inner = String(inner[..<colon])
                guard isFormat(format) else {
                    throw ExpressionError("bad format '\(format)': use .3f, .2e, .4g, .1% or d", column: i + 2 + inner.count)
                }
            }
            do {
                let e = try ExpressionParser.parse(inner, params: params)
                if !literal.isEmpty { out.append(.literal(literal)); literal = "" }
                out.append(.value(e, format: format, column: i + 2))
            } catch {
                throw ExpressionError(error.message, column: i + 1 + error.column, kind: error.kind)
            }
            i = close + 1
        }
        if !literal.isEmpty { out.append(.literal(literal)) }
        return out
    }

    static func isFormat(_ f: String) -> Bool {
        if f == "d" { return true }
        guard f.hasPrefix("."), let last = f.last, "fegn%".contains(last) else { return false }
        guard let n = Int(f.dropFirst().dropLast()), (0...12).contains(n) else { return false }
        return true
    }

    /// Decimals a format shows (`.3f` → 3), for display-precision grading.
    public static func decimals(_ format: String) -> Int? {
        guard format.hasPrefix("."), format.hasSuffix("f") || format.hasSuffix("%") else { return format == "d" ? 0 : nil }
        return Int(format.dropFirst().dropLast()).map { format.hasSuffix("%") ? $0 + 2 : $0 }
    }

    public static func format(_ v: ExpressionValue, _ spec: String) -> String {
        guard case .number(let x) = v, !spec.isEmpty else { return Sanitize.text(v.description) }
        if spec == "d" { return x.isFinite && abs(x) < 1e15 ? String(Int64(x.rounded())) : String(format: "%.0f", x) }
        let n = Int(spec.dropFirst().dropLast()) ?? 3
        switch spec.last! {
        case "f": return String(format: "%.\(n)f", x)
        case "e": return String(format: "%.\(n)e", x)
        case "g": return String(format: "%.\(n)g", x)
        default: return String(format: "%.\(n)f", x * 100) + "%"
        }
    }

    /// The text with every value filled in; a value that cannot be computed shows as `{?}`.
    public static func fill(_ segments: [Segment], _ source: any ValueSource) -> String {
        var out = ""
        for s in segments {
            switch s {
            case .literal(let t): out += t
            case .value(let e, let f, _):
                if let v = try? e.evaluate(source) { out += format(v, f) } else { out += "{?}" }
            }
        }
        return out
    }

    /// Fills `text` (parsing it first); text that does not parse is shown as written.
    public static func fill(_ text: String, _ source: any ValueSource, params: Set<String> = []) -> String {
        guard let s = try? segments(text, params: params) else { return text }
        return fill(s, source)
    }
}
