import Foundation

/// The presenter's keys during a demo. A presentation clicker sends → or
/// PageDown to go on and ← or PageUp to go back, so those (with Space and
/// Enter) never quit: only `q` and Ctrl-C end a demo.
public enum PresenterKey: Equatable, Sendable {
    case advance          // Space, Enter, →, PageDown: go on (resumes when paused)
    case back             // ←, PageUp: the previous step
    case blank            // b or .: blank the screen until the next key
    case pauseResume      // p
    case report           // r: the report pane (studio)
    case nextStep         // ]
    case restartStep      // [
    case faster, slower   // + −
    case live             // Tab
    case quit             // q
    case other            // anything else, including unknown escape sequences (swallowed whole)

    /// One key that is a single byte (not ESC: see `PresenterKeyDecoder`).
    public init(byte: UInt8) {
        switch byte {
        case UInt8(ascii: " "), 13, 10: self = .advance
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "."): self = .blank
        case UInt8(ascii: "p"), UInt8(ascii: "P"): self = .pauseResume
        case UInt8(ascii: "r"), UInt8(ascii: "R"): self = .report
        case UInt8(ascii: "]"): self = .nextStep
        case UInt8(ascii: "["): self = .restartStep
        case UInt8(ascii: "+"), UInt8(ascii: "="): self = .faster
        case UInt8(ascii: "-"), UInt8(ascii: "_"): self = .slower
        case 9: self = .live
        case UInt8(ascii: "q"), UInt8(ascii: "Q"): self = .quit
        default: self = .other
        }
    }

    /// The key an escape sequence stands for (the bytes after ESC): CSI and
    /// SS3 arrows, CSI 5~/6~ pages; every other sequence is `.other`.
    public init(escape body: [UInt8]) {
        switch String(decoding: body, as: UTF8.self) {
        case "[C", "OC", "[6~": self = .advance
        case "[D", "OD", "[5~": self = .back
        default: self = .other
        }
    }

    /// The keys, as the on-screen hint names them.
    public static let hint = "Space/→/PgDn next  ←/PgUp back  b blank  p pause  r report  ] skip  +- speed  Tab live  q quit"
}

/// Reads whole keys from a byte source. After ESC it takes the rest of the
/// sequence (CSI: parameters up to a final byte 0x40–0x7E; SS3: one byte;
/// otherwise one byte, as Alt-x), waiting briefly for bytes still on the way,
/// so a sequence it does not know is swallowed whole and never read as keys.
public struct PresenterKeyDecoder {
    /// How long to wait for the rest of an escape sequence.
    public static let sequenceWaitMs: Int32 = 50
    /// The longest sequence kept; longer ones are read to their end and dropped.
    static let maxSequence = 32

    /// `next(ms)` returns the next byte, waiting at most `ms` (-1: forever), or nil.
    public static func key(first: UInt8, next: (Int32) -> UInt8?) -> PresenterKey {
        guard first == 27 else { return PresenterKey(byte: first) }
        guard let b1 = next(sequenceWaitMs) else { return .other }   // a lone Esc
        var body = [b1]
        switch b1 {
        case UInt8(ascii: "["):
            // CSI: parameter and intermediate bytes 0x20–0x3F, then a final byte 0x40–0x7E.
            while let b = next(sequenceWaitMs) {
                body.append(b)
                if (0x40...0x7E).contains(b) || body.count > 4 * maxSequence { break }
                if !(0x20...0x3F).contains(b) { break }   // malformed: stop, it is swallowed
            }
        case UInt8(ascii: "O"):
            if let b = next(sequenceWaitMs) { body.append(b) }
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"):
            // OSC, DCS, APC, PM: a string up to BEL or ESC \ (string terminator).
            var last: UInt8 = 0
            while let b = next(sequenceWaitMs) {
                if b == 7 || (last == 27 && b == UInt8(ascii: "\\")) { break }
                last = b
            }
            return .other
        default:
            break
        }
        return body.count > maxSequence ? .other : PresenterKey(escape: body)
    }
}

/// Where presenter keys come from; none in --auto mode.
public protocol PresenterInput: AnyObject {
    /// Waits up to `seconds` (forever when nil) for a key.
    func nextKey(timeout seconds: Double?) -> PresenterKey?
    /// One line typed by the presenter, echoed, for live mode.
    func readLine(prompt: String) -> String?
    /// Blanks the screen (b or .) until the next key; false when it cannot.
    func blank(_ on: Bool)
}

extension PresenterInput {
    public func blank(_ on: Bool) {}
}

/// Single keys from the terminal: canonical mode and echo off while the
/// demo runs, restored on exit, on error, on Ctrl-C, SIGTERM and SIGHUP.
public final class TerminalKeys: PresenterInput {
    nonisolated(unsafe) static var saved: termios?
    /// The screen is blanked (on the alternate screen): a signal must leave it.
    nonisolated(unsafe) static var blanked = false

    public init?() {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        var t = termios()
        guard tcgetattr(STDIN_FILENO, &t) == 0 else { return nil }
        Self.saved = t
        atexit { TerminalKeys.restore() }
        signal(SIGINT) { _ in TerminalKeys.restoreScreen(); _exit(130) }
        signal(SIGTERM) { _ in TerminalKeys.restoreScreen(); _exit(143) }
        signal(SIGHUP) { _ in TerminalKeys.restoreScreen(); _exit(129) }
        raw()
    }

    deinit { Self.restore() }

    func raw() {
        guard var t = Self.saved else { return }
        t.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutablePointer(to: &t.c_cc) { p in
            p.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in cc[Int(VMIN)] = 1; cc[Int(VTIME)] = 0 }
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &t)
    }

    public static func restore() {
        guard var t = saved else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &t)
    }

    /// From a signal handler: terminal modes back, cursor shown, off the
    /// alternate screen (after a blank), with async-signal-safe calls only.
    static func restoreScreen() {
        restore()
        guard blanked else { return }
        let reset: StaticString = "\u{1b}[?25h\u{1b}[?1049l"
        _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
    }

    func byte(timeoutMs: Int32) -> UInt8?? {
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let r = poll(&fds, 1, timeoutMs)
        guard r > 0 else { return .some(nil) }
        var byte: UInt8 = 0
        guard read(STDIN_FILENO, &byte, 1) == 1 else { return nil }   // end of input
        return .some(byte)
    }

    public func nextKey(timeout seconds: Double?) -> PresenterKey? {
        let ms: Int32 = seconds.map { Int32(max(0, min(Double(Int32.max), $0 * 1000))) } ?? -1
        guard let first = byte(timeoutMs: ms) else { return .quit }   // end of input
        guard let first else { return nil }
        return PresenterKeyDecoder.key(first: first) { ms in self.byte(timeoutMs: ms) ?? nil }
    }

    /// The alternate screen, cleared, with the cursor hidden: a blank projector.
    public func blank(_ on: Bool) {
        guard isatty(STDOUT_FILENO) == 1, on != Self.blanked else { return }
        Self.blanked = on
        print(on ? "\u{1b}[?1049h\u{1b}[2J\u{1b}[H\u{1b}[?25l" : "\u{1b}[?25h\u{1b}[?1049l", terminator: "")
        fflush(nil)
    }

    public func readLine(prompt: String) -> String? {
        Self.restore()
        defer { raw() }
        print(prompt, terminator: "")
        fflush(nil)
        return Swift.readLine(strippingNewline: true)
    }
}
