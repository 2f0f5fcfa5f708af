import TextSafety

/// Terminal hygiene: no control character from a file, a report or the
/// learner's input reaches the terminal. C0 and C1 controls (and DEL) other
/// than tab and newline are shown escaped, e.g. ESC as `\x1B`, so an OSC
/// title, clear-screen or clipboard sequence prints as inert text.
/// The classification and the escaping live in `TextSafety`.
public enum Sanitize {
    public static func isControl(_ u: Unicode.Scalar) -> Bool {
        ControlCharacters.isTerminalControl(u, keeping: .tabAndNewline)
    }

    /// The first control character's 1-based column (in characters), if any.
    public static func firstControl(_ s: String) -> (column: Int, scalar: Unicode.Scalar)? {
        // Fast path on bytes: C0 and DEL are single bytes; C1 is encoded 0xC2 0x80…0x9F.
        var previous: UInt8 = 0
        var suspicious = false
        for b in s.utf8 {
            if (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F || (previous == 0xC2 && b >= 0x80 && b <= 0x9F) { suspicious = true; break }
            previous = b
        }
        guard suspicious else { return nil }
        var col = 0
        for ch in s {
            col += 1
            if let u = ch.unicodeScalars.first(where: isControl) { return (col, u) }
        }
        return nil
    }

    public static func text(_ s: String) -> String {
        InertText.escaping(s, spelling: .hex, where: isControl)
    }

    /// `\x1B` style: visible, and free of braces (which are lesson syntax in version 2).
    public static func escaped(_ u: Unicode.Scalar) -> String {
        InertText.escaped(u, spelling: .hex)
    }
}
