// SPDX-License-Identifier: GPL-3.0-or-later

/// Three ways of making outside text inert before it is printed; callers choose
/// by what the reader needs to see.
public enum InertText {
    /// How an escaped control is spelled.
    public enum Spelling: Sendable {
        /// `\u{1B}`: Swift's own spelling, for echoes of typed input and reports.
        case unicodeBraces
        /// `\x1B`: free of braces, which are syntax in lesson files (format 2).
        case hex
    }

    /// Every control in `s` (by `isControl`) written out visibly, so a reader
    /// sees what was there and the terminal interprets nothing.
    public static func escaping(_ s: String, spelling: Spelling,
                                where isControl: (Unicode.Scalar) -> Bool) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if isControl(u) { out.append(contentsOf: escaped(u, spelling: spelling).unicodeScalars) } else { out.append(u) }
        }
        return String(out)
    }

    /// One control's visible spelling.
    public static func escaped(_ u: Unicode.Scalar, spelling: Spelling) -> String {
        let hex = String(u.value, radix: 16, uppercase: true)
        switch spelling {
        case .unicodeBraces: return "\\u{\(hex)}"
        case .hex: return "\\x" + (hex.count < 2 ? "0" + hex : hex)
        }
    }

    /// Every control replaced by `replacement` (one-line fields: names, titles).
    public static func replacing(_ s: String, with replacement: Unicode.Scalar,
                                 where isControl: (Unicode.Scalar) -> Bool) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(isControl(u) ? replacement : u) }
        return String(out)
    }

    /// Every control removed: an escape sequence loses its ESC and prints as
    /// harmless letters.
    public static func stripping(_ s: String, where isControl: (Unicode.Scalar) -> Bool) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars where !isControl(u) { out.append(u) }
        return String(out)
    }
}
