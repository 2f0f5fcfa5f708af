import Foundation
import QKD

/// Small number formats shared by the text renderers.
public enum Format {
    /// 1234567 → "1,234,567".
    public static func count(_ n: Int) -> String { n.groupedDigits }

    static func percent(_ x: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f%%", x * 100)
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

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

    /// JSON with sorted keys, so the same seed gives the same bytes.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
