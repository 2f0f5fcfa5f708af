import Testing
import TextSafety
@testable import Commands

/// The four policies over one classification: each spelled out by hand from
/// ECMA-48's control ranges, so a change to the shared code shows up here.
@Suite struct InertTextTests {
    // OSC 52 (clipboard write) ended by BEL, a C1 CSI clear-screen, tab, newline, DEL, and a bidi override.
    let hostile = "a\u{1B}]52;c;ZXZpbA==\u{07}b\u{9B}2J\tc\nd\u{7F}\u{202E}e"

    @Test func terminalControlsAreExactlyUnicodesCcCategory() {
        // Independent of the ranges written in the code: Unicode's own data.
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            #expect(ControlCharacters.isTerminalControl(u) == (u.properties.generalCategory == .control), "U+\(String(v, radix: 16))")
        }
    }

    @Test func reportsEscapeWithBracesAndKeepTabAndNewline() {
        #expect(TerminalText.sanitize(hostile) == "a\\u{1B}]52;c;ZXZpbA==\\u{7}b\\u{9B}2J\tc\nd\\u{7F}\u{202E}e")
        #expect(TerminalText.sanitize(hostile, keepNewlines: false).contains("c\\u{A}d"))
        #expect(TerminalText.sanitize("plain text") == "plain text")
    }

    @Test func lessonTextEscapesInHexWithoutBraces() {
        #expect(InertText.escaping(hostile, spelling: .hex) { ControlCharacters.isTerminalControl($0, keeping: .tabAndNewline) }
                == "a\\x1B]52;c;ZXZpbA==\\x07b\\x9B2J\tc\nd\\x7F\u{202E}e")
    }

    @Test func oneLineFieldsReplaceEveryControl() {
        #expect(InertText.replacing(hostile, with: "?", where: ControlCharacters.isTerminalControl)
                == "a?]52;c;ZXZpbA==?b?2J?c?d?\u{202E}e")
    }

    @Test func networkTextStripsControlsAndFormatCharacters() {
        #expect(InertText.stripping(hostile, where: ControlCharacters.isNotPlainText) == "a]52;c;ZXZpbA==b2Jcde")
        #expect(InertText.stripping("naïve 量子", where: ControlCharacters.isNotPlainText) == "naïve 量子")
    }
}
