import Foundation

/// What the output may use: colour, Unicode glyphs, and how wide a line is.
/// Decided once from the environment and the flags; renderers only read it.
public struct TextStyle: Sendable {
    public var color: Bool
    public var unicode: Bool
    /// Plain line mode for screen readers: no bars, no glyph art, no colour.
    public var plain: Bool
    public var width: Int

    public init(color: Bool = false, unicode: Bool = true, plain: Bool = false, width: Int = 80) {
        self.color = color; self.unicode = unicode; self.plain = plain; self.width = width
    }

    public static let plainASCII = TextStyle(color: false, unicode: false, plain: true, width: 80)

    /// From the environment: NO_COLOR (https://no-color.org), a TTY, the
    /// locale's character set, and COLUMNS or the terminal's width.
    public static func detect(color choice: ColorChoice, plain: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> TextStyle {
        let tty = isatty(STDOUT_FILENO) == 1
        let color: Bool
        switch choice {
        case .always: color = true
        case .never: color = false
        case .auto: color = tty && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
        }
        return TextStyle(color: color && !plain, unicode: Locale.isUTF8(environment) && !plain,
                         plain: plain, width: terminalWidth(environment))
    }

    /// The terminal's width now (it changes when the window is resized).
    public static func currentWidth() -> Int { terminalWidth(ProcessInfo.processInfo.environment) }

    static func terminalWidth(_ environment: [String: String]) -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let c = environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
        return 80
    }

    // ANSI SGR, only when colour is allowed; meaning never rests on colour alone.
    public func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    public func red(_ s: String) -> String { color ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    public func green(_ s: String) -> String { color ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
    public func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    public func yellow(_ s: String) -> String { color ? "\u{1B}[33m\(s)\u{1B}[0m" : s }

    /// A horizontal bar of `fraction` × `width` cells.
    public func bar(_ fraction: Double, width: Int) -> String {
        let f = fraction.isFinite ? max(0, min(1, fraction)) : 0
        let cells = Double(width) * f
        var full = Int(cells)
        if unicode {
            let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
            let rest = Int((cells - Double(full)) * 8)
            if full > width { full = width }
            return String(repeating: "█", count: full) + (full < width ? eighths[rest] : "")
        }
        return String(repeating: "#", count: Int(cells.rounded()))
    }

    public var check: String { unicode ? "✓" : "ok" }
    public var cross: String { unicode ? "✗" : "x" }
    public var dash: String { unicode ? "—" : "-" }
}

public enum ColorChoice: String, CaseIterable, Sendable {
    case auto, always, never
}

extension Locale {
    /// True when LC_ALL, LC_CTYPE or LANG (first set wins) names UTF-8.
    static func isUTF8(_ environment: [String: String]) -> Bool {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let v = environment[key], !v.isEmpty {
                let u = v.uppercased()
                return u.contains("UTF-8") || u.contains("UTF8")
            }
        }
        return false
    }
}
