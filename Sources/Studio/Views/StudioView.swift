import Commands
import Foundation
import QKD

/// A picture of one report that can be stepped through. Views only read
/// the report; they never run a simulation.
public protocol StudioView {
    /// The view's name, as typed after `show`.
    var name: String { get }
    var title: String { get }
    /// How many steps there are; steps run from 0 to `steps - 1`.
    var steps: Int { get }
    /// One or two sentences explaining what step `step` shows.
    func narration(step: Int) -> String
    /// Draws step `step` into the canvas; `size` is the canvas size (at least 80×18).
    func draw(into canvas: Canvas, size: Size, step: Int)
}

public enum Views {
    /// The names accepted by `show`.
    public static let names = ["polarization", "bb84", "distill", "e91", "keyrate", "network", "satellite"]

    /// The view called `name` on `report`, or nil when the report is of another kind.
    public static func make(_ name: String, report: Report, theme: Theme) -> (any StudioView)? {
        let v = report.value
        switch name {
        // Runs with --distill wrap the protocol's result.
        case "bb84": return ((v as? BB84Result) ?? (v as? DistilledRun<BB84Result>)?.run).map { BB84View(result: $0, theme: theme) }
        case "distill":
            if let d = v as? DistilledRun<BB84Result> { return DistillView(result: d.run, distillation: d.distillation, theme: theme) }
            if let d = v as? DistilledRun<E91Result> {
                return DistillView(e91: d.run, distillation: d.distillation, note: d.distillationNote, theme: theme)
            }
            if let r = v as? E91Result { return DistillView(e91: r, distillation: nil, note: nil, theme: theme) }
            return (v as? BB84Result).map { DistillView(result: $0, distillation: nil, theme: theme) }
        case "e91": return ((v as? E91Result) ?? (v as? DistilledRun<E91Result>)?.run).map { E91View(result: $0, theme: theme) }
        case "polarization":
            if let r = v as? PolarizationRun { return PolarizationView(run: r, theme: theme) }
            if let s = v as? PolarizationSweep { return PolarizationView(sweep: s, theme: theme) }
            return nil
        case "keyrate":
            if let c = v as? RunKeyRate.CurveReport { return KeyRateView(curve: c, theme: theme) }
            if let f = v as? RunKeyRate.FractionReport { return KeyRateView(fraction: f, theme: theme) }
            return nil
        case "network": return (v as? NetworkRunReport).map { NetworkView(report: $0, theme: theme) }
        case "satellite": return (v as? SatelliteRunReport).map { SatelliteView(report: $0, theme: theme) }
        default: return nil
        }
    }

    /// The view that fits a report's kind best.
    public static func defaultView(for report: Report) -> String {
        Verbs.views.first { $0.kind == report.kind }?.view ?? report.kind
    }
}


/// Number formatting for views.
enum Num {
    static func count(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }
    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func percent(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f%%", x * 100) }
    static func rate(_ bps: Double) -> String {
        if bps >= 1e6 { return fixed(bps / 1e6, 2) + " Mbit/s" }
        if bps >= 1e3 { return fixed(bps / 1e3, 2) + " kbit/s" }
        if bps >= 1 || bps == 0 { return fixed(bps, 2) + " bit/s" }
        return String(format: "%.2e bit/s", bps)
    }
}
