import TextSafety

/// Text from outside (lesson files, scenarios, the learner's own typing)
/// made safe to print: no byte of it can move the cursor, retitle the
/// window, clear the screen or reach the clipboard (OSC 52).
/// The classification and the escaping live in `TextSafety`.
public enum TerminalText {
    /// Escapes C0 controls (U+0000–U+001F except tab and newline), DEL and
    /// C1 controls (U+0080–U+009F) as visible `\u{1B}`-style text, so a
    /// reader sees what was there and the terminal interprets nothing.
    /// `keepNewlines: false` escapes newlines too (for one-line echoes).
    public static func sanitize(_ s: String, keepNewlines: Bool = true) -> String {
        InertText.escaping(s, spelling: .unicodeBraces) { isControl($0, keepNewlines: keepNewlines) }
    }

    /// True when `s` holds a control character that `sanitize` would escape.
    public static func containsControl(_ s: String, keepNewlines: Bool = true) -> Bool {
        s.unicodeScalars.contains { isControl($0, keepNewlines: keepNewlines) }
    }

    static func isControl(_ u: Unicode.Scalar, keepNewlines: Bool) -> Bool {
        ControlCharacters.isTerminalControl(u, keeping: keepNewlines ? .tabAndNewline : .tab)
    }
}
