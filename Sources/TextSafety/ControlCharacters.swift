// SPDX-License-Identifier: GPL-3.0-or-later

/// Which code points a terminal may take as commands rather than text.
///
/// ECMA-48 (5th ed., §5) gives C0 (U+0000–U+001F) and, in 8-bit form, C1
/// (U+0080–U+009F) their control functions; DEL (U+007F) is not text either.
/// ESC and CSI start the sequences that move the cursor, clear the screen,
/// retitle the window (OSC 0) or write the clipboard (OSC 52), so every one of
/// them is a control here. Tab and newline are the only ones text may keep,
/// and only where the caller says so.
public enum ControlCharacters {
    /// C0, DEL or C1.
    @inlinable
    public static func isTerminalControl(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v)
    }

    /// A terminal control other than those in `kept` (tab and newline by default).
    @inlinable
    public static func isTerminalControl(_ u: Unicode.Scalar, keeping kept: Kept) -> Bool {
        switch u.value {
        case 0x09: return !kept.contains(.tab)
        case 0x0A: return !kept.contains(.newline)
        default: return isTerminalControl(u)
        }
    }

    /// Stricter, for short text from other people (names, chat-like fields):
    /// terminal controls plus Unicode's format characters (bidi overrides such as
    /// U+202E reorder what a reader sees, Boucher and Anderson, "Trojan Source",
    /// 2021), line and paragraph separators, surrogates, private use and
    /// unassigned code points.
    public static func isNotPlainText(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }

    /// The two controls ordinary text may keep.
    public struct Kept: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let tab = Kept(rawValue: 1)
        public static let newline = Kept(rawValue: 2)
        public static let tabAndNewline: Kept = [.tab, .newline]
    }
}
