import Foundation

/// The presenter's keys during a demo.
public enum PresenterKey: Equatable, Sendable {
    case pauseResume      // Space
    case stepOnce         // .
    case nextStep         // ]
    case restartStep      // [
    case faster, slower   // + −
    case live             // Tab
    case quit             // q
    case other

    public init(byte: UInt8) {
        switch byte {
        case UInt8(ascii: " "): self = .pauseResume
        case UInt8(ascii: "."): self = .stepOnce
        case UInt8(ascii: "]"): self = .nextStep
        case UInt8(ascii: "["): self = .restartStep
        case UInt8(ascii: "+"), UInt8(ascii: "="): self = .faster
        case UInt8(ascii: "-"), UInt8(ascii: "_"): self = .slower
        case 9: self = .live
        case UInt8(ascii: "q"), UInt8(ascii: "Q"), 27: self = .quit
        default: self = .other
        }
    }
}

/// Where presenter keys come from; none in --auto mode.
public protocol PresenterInput: AnyObject {
    /// Waits up to `seconds` (forever when nil) for a key.
    func nextKey(timeout seconds: Double?) -> PresenterKey?
    /// One line typed by the presenter, echoed, for live mode.
    func readLine(prompt: String) -> String?
}

/// Single keys from the terminal: canonical mode and echo off while the
/// demo runs, restored on exit, on error and on Ctrl-C.
public final class TerminalKeys: PresenterInput {
    nonisolated(unsafe) static var saved: termios?

    public init?() {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        var t = termios()
        guard tcgetattr(STDIN_FILENO, &t) == 0 else { return nil }
        Self.saved = t
        atexit { TerminalKeys.restore() }
        signal(SIGINT) { _ in TerminalKeys.restore(); _exit(130) }
        signal(SIGTERM) { _ in TerminalKeys.restore(); _exit(143) }
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

    public func nextKey(timeout seconds: Double?) -> PresenterKey? {
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let ms: Int32 = seconds.map { Int32(max(0, min(Double(Int32.max), $0 * 1000))) } ?? -1
        let r = poll(&fds, 1, ms)
        guard r > 0 else { return nil }
        var byte: UInt8 = 0
        guard read(STDIN_FILENO, &byte, 1) == 1 else { return .quit }   // end of input
        return PresenterKey(byte: byte)
    }

    public func readLine(prompt: String) -> String? {
        Self.restore()
        defer { raw() }
        print(prompt, terminator: "")
        fflush(nil)
        return Swift.readLine(strippingNewline: true)
    }
}
