import Foundation
import QKD

/// Small number formats shared by the text renderers. One rule for every
/// report and view: counts have digit grouping, quantities carry a unit,
/// rates take SI prefixes (bit/s, kbit/s, Mbit/s), and a noun agrees with
/// its number ("1 key", "2 keys").
public enum Format {
    /// 1234567 → "1,234,567".
    public static func count(_ n: Int) -> String { n.groupedDigits }

    /// A count held in a Double (e.g. an expected number of key bits),
    /// rounded down to whole units and grouped: 29057314.85 → "29,057,314".
    public static func count(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "-∞") }
        if abs(x) >= 9.2e18 { return String(format: "%.3g", x) }
        return Int(x.rounded(.down)).groupedDigits
    }

    /// "1 key", "2 keys", "10,000 photons". `plural` defaults to singular + "s".
    public static func plural(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n.groupedDigits) \(n == 1 ? singular : plural ?? singular + "s")"
    }

    /// Just the noun for `n`: "pass" or "passes".
    public static func noun(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        n == 1 ? singular : plural ?? singular + "s"
    }

    /// A decimal with `digits` places and grouped integer part: 1640.0, 0 → "1,640"; 12345.678, 1 → "12,345.7".
    public static func number(_ x: Double, _ digits: Int = 0) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "-∞") }
        let s = String(format: "%.\(max(0, digits))f", x)
        let negative = s.hasPrefix("-")
        let body = negative ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", maxSplits: 1)
        var whole = ""
        for (i, c) in parts[0].enumerated() {
            if i > 0 && (parts[0].count - i) % 3 == 0 { whole.append(",") }
            whole.append(c)
        }
        let out = parts.count > 1 ? whole + "." + parts[1] : whole
        return negative && out.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "-" + out : out
    }

    /// A quantity with an SI prefix and a unit, three significant digits:
    /// (7561.7, "bit/s") → "7.56 kbit/s"; (0.0042, "bit/s") → "4.20 mbit/s" is avoided:
    /// below 1 the value is written plainly ("0.0042 bit/s") since milli-bits confuse.
    public static func si(_ x: Double, _ unit: String) -> String {
        guard x.isFinite else { return (x.isNaN ? "n/a" : "∞") + " " + unit }
        if x == 0 { return "0 " + unit }
        let prefixes = ["", "k", "M", "G", "T", "P", "E"]
        var v = abs(x), i = 0
        while v >= 999.5 && i < prefixes.count - 1 { v /= 1000; i += 1 }
        let sign = x < 0 ? "-" : ""
        if i == 0 && v < 1 { return sign + significant(v, 3) + " " + unit }
        let digits = v >= 100 ? 0 : v >= 10 ? 1 : 2
        return sign + String(format: "%.\(digits)f", v) + " " + prefixes[i] + unit
    }

    /// A key or data rate in bits per second: "0 bit/s", "850 bit/s", "7.56 kbit/s", "1.20 Mbit/s".
    public static func rate(bitsPerSecond x: Double) -> String { si(x, "bit/s") }

    /// A byte rate as bits per second, so every rate on screen shares one unit.
    public static func rate(bytesPerSecond x: Double) -> String { si(x * 8, "bit/s") }

    /// A size in bytes with an SI prefix: 1500 → "1.50 kB".
    public static func bytes(_ n: Double) -> String { si(n, "B") }

    /// `x` with `n` significant digits, plain notation down to 1e-4, scientific below.
    public static func significant(_ x: Double, _ n: Int) -> String {
        if x == 0 { return "0" }
        let a = abs(x)
        if a < 1e-4 || a >= 1e15 { return String(format: "%.\(max(0, n - 1))e", x) }
        let magnitude = Int(floor(log10(a)))
        let decimals = max(0, n - 1 - magnitude)
        return number(x, decimals)
    }

    static func percent(_ x: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f%%", x * 100)
    }

    public static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// Compact scientific form for rates spanning many decades.
    static func scientific(_ x: Double) -> String {
        if x == 0 { return "0" }
        return String(format: "%.3e", x)
    }

    /// A probability that may underflow a Double: shown as a power of ten.
    static func probability(_ p: Double, log10 l: Double?) -> String {
        if p > 1e-4 { return String(format: "%.4f", p) }
        if let l, p < 1e-300 || p == 0 { return String(format: "about 1e%.0f", l.rounded(.down)) }
        return scientific(p)
    }

    public static func padLeft(_ s: String, _ width: Int) -> String { pad(s, width, right: true) }

    public static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let n = s.count
        if n >= width { return s }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + s : s + fill
    }

    /// Wraps each line of `text` at word boundaries to `width` columns.
    /// Continuation lines keep the line's leading blanks plus `hang` more, so
    /// "  label   value…" wraps under itself. A word longer than the width is
    /// left whole (never cut). ANSI colour codes do not count as width.
    public static func wrap(_ text: String, width: Int, hang: Int = 2) -> String {
        guard width >= 20 else { return text }
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(line)
            if Table.visibleWidth(line) <= width { out.append(line); continue }
            // "  label      value …" and table rows: continuation lines align under
            // the last column that leaves room (at least 20 columns) for the text.
            let chars = Array(line)
            let lead = chars.prefix { $0 == " " }.count
            var columns: [Int] = []
            var i = lead
            while i < chars.count {
                if chars[i] == " ", i + 1 < chars.count, chars[i + 1] == " " {
                    var j = i
                    while j < chars.count, chars[j] == " " { j += 1 }
                    if j < chars.count { columns.append(j) }
                    i = j
                } else { i += 1 }
            }
            let aligned = line.contains("\u{1B}") ? nil : columns.last { $0 <= width - 20 }
            let valueStart = aligned ?? lead
            let indent = String(repeating: " ", count: aligned ?? (lead + hang))
            var current = String(chars[..<valueStart])
            var start = valueStart          // width where this output line's words begin
            var currentWidth = start
            // Words with the blanks before them, so table spacing survives.
            var k = valueStart
            while k < chars.count {
                var gap = 0
                while k < chars.count, chars[k] == " " { gap += 1; k += 1 }
                guard k < chars.count else { break }
                var wordEnd = k
                while wordEnd < chars.count, chars[wordEnd] != " " { wordEnd += 1 }
                let word = String(chars[k..<wordEnd])
                k = wordEnd
                let w = Table.visibleWidth(word)
                if currentWidth > start && currentWidth + gap + w > width {
                    out.append(current)
                    current = indent; start = indent.count; currentWidth = start
                }
                if currentWidth > start { current += String(repeating: " ", count: gap); currentWidth += gap }
                current += word; currentWidth += w
            }
            out.append(current)
        }
        return out.joined(separator: "\n")
    }

    /// "sampleDisclosed" → "sample disclosed": an identifier read as words.
    public static func words(_ identifier: String) -> String {
        var out = ""
        for c in identifier {
            if c.isUppercase, !out.isEmpty { out += " " + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// Groups the digits of every whole number of five or more digits in free
    /// text ("12345 bits" → "12,345 bits"); decimals, hex and words with
    /// digits are left alone. For engine notes written without grouping.
    public static func groupNumbers(in text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber else { out.append(chars[i]); i += 1; continue }
            var j = i
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
            let run = String(chars[i..<j])
            let before = i > 0 ? chars[i - 1] : " "
            let after = j < chars.count ? chars[j] : " "
            let partOfWord = before.isLetter || before == "." || before == "," || before == "_"
                || after.isLetter || after == "_" || (after == "." && j + 1 < chars.count && chars[j + 1].isNumber)
            if run.count >= 5 && !partOfWord, let n = Int(run) { out += n.groupedDigits } else { out += run }
            i = j
        }
        return out
    }

    /// Plain ASCII for a terminal without UTF-8: symbols spelled out, and any
    /// other non-ASCII character shown as "?".
    public static func ascii(_ text: String) -> String {
        let spelled: [Character: String] = [
            "μ": "mu", "ε": "epsilon", "η": "eta", "Φ": "Phi", "√": "sqrt", "≤": "<=", "≥": ">=", "≈": "~",
            "·": "*", "−": "-", "–": "-", "—": "-", "→": "->", "←": "<-", "²": "^2", "°": " deg", "×": "x",
            "±": "+/-", "’": "'", "‘": "'", "“": "\"", "”": "\"", "…": "...", "⇄": "<->", "✓": "ok", "✗": "x",
        ]
        var out = ""
        for c in text {
            if c.isASCII { out.append(c) } else { out += spelled[c] ?? "?" }
        }
        return out
    }

    /// JSON with sorted keys, so the same seed gives the same bytes.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
