import Commands
import QKD

/// What a view may use on this terminal: colour and Unicode. Meaning is
/// always carried by a glyph or a label; colour only repeats it.
public struct Theme: Sendable {
    public var color: Bool
    public var unicode: Bool
    /// For a projected class: every text bold, never dim, so it reads from the back of a room.
    public var projector = false

    public init(color: Bool, unicode: Bool) { self.color = color; self.unicode = unicode }
    public init(_ style: TextStyle) { self.init(color: style.color, unicode: style.unicode) }

    // Glyphs, each with an ASCII fallback for non-UTF-8 locales.
    public var check: String { unicode ? "✓" : "+" }
    public var cross: String { unicode ? "✗" : "X" }
    public var dot: String { unicode ? "·" : "." }
    public var lost: String { unicode ? "∅" : "o" }
    public var photon: String { unicode ? "●" : "*" }
    public var key: String { unicode ? "◆" : "#" }
    public var full: String { unicode ? "█" : "#" }
    public var light: String { unicode ? "░" : "." }
    public var hline: String { unicode ? "─" : "-" }
    public var vline: String { unicode ? "│" : "|" }
    public var right: String { unicode ? "→" : ">" }
    public var left: String { unicode ? "←" : "<" }
    public var up: String { unicode ? "▲" : "^" }
    public var degree: String { unicode ? "°" : "d" }
    public var marker: String { unicode ? "▼" : "v" }
    public var compromised: String { unicode ? "☠" : "!" }
    public var satellite: String { unicode ? "◎" : "@" }

    /// ↔ H, ↕ V, ⤢ D (+45°), ⤡ A (−45°); ASCII - | / \; other angles as one mark.
    public func polarization(_ angle: Double) -> String {
        Glyphs.polarization(angle, unicode: unicode) { _ in unicode ? "∠" : "<" }
    }

    public func basis(_ b: BB84Basis) -> String { Glyphs.basis(b, unicode: unicode) }

    /// A bar of `fraction` × `width` cells.
    public func bar(_ fraction: Double, width: Int) -> String {
        let f = fraction.isFinite ? max(0, min(1, fraction)) : 0
        return String(repeating: full, count: Int((Double(width) * f).rounded()))
    }
}

/// The role of a piece of text; the theme turns it into attributes.
public enum Ink: Sendable {
    case normal, bold, dim, good, bad, warn, accent, inverse
}
