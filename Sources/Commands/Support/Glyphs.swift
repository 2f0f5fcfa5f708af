import QKD

/// How a polarization or basis is drawn, in Unicode or ASCII.
public enum Glyphs {
    /// ↔ H, ↕ V, ⤢ D (+45°), ⤡ A (−45°); ASCII - | / \.
    /// Angles other than H, V, D and A are drawn by `other` (the angle in degrees by default).
    public static func polarization(_ angle: Double, unicode: Bool, other: ((Double) -> String)? = nil) -> String {
        var a = angle.truncatingRemainder(dividingBy: 180)
        if a < 0 { a += 180 }
        switch a {
        case 0: return unicode ? "↔" : "-"
        case 90: return unicode ? "↕" : "|"
        case 45: return unicode ? "⤢" : "/"
        case 135: return unicode ? "⤡" : "\\"
        default: return other?(a) ?? String(format: "%.1f°", a)
        }
    }

    public static func basis(_ b: BB84Basis, unicode: Bool) -> String {
        switch b {
        case .rectilinear: return "+"
        case .diagonal: return unicode ? "×" : "x"
        case .breidbart: return unicode ? "⊕" : "B"
        }
    }
}
