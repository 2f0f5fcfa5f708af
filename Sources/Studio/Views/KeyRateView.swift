import Commands
import Foundation
import QKD
import QKDNetwork

/// Key rate against distance on a log scale, with the lengths of real links
/// marked; each step moves the cursor to the next distance of the curve.
struct KeyRateView: StudioView {
    enum Content { case curve(RunKeyRate.CurveReport), fraction(RunKeyRate.FractionReport) }
    let content: Content
    let theme: Theme
    let markers: [(label: String, km: Double)]

    /// The preset's channel, so the axis and markers fit it: fiber km or free-space slant range.
    let freeSpace: Bool

    init(curve: RunKeyRate.CurveReport, theme: Theme) {
        content = .curve(curve); self.theme = theme
        var free = false
        if case .freeSpace = SystemPreset.named(curve.preset)?.channel { free = true }
        freeSpace = free
        // Fiber markers (metro, backbone hop) belong on a fiber axis only; a free-space
        // preset is drawn against slant range, where only the satellite downlink is a real length.
        markers = Self.realLinks().filter { ($0.label == "Micius") == free }
    }
    init(fraction: RunKeyRate.FractionReport, theme: Theme) {
        content = .fraction(fraction); self.theme = theme; markers = []; freeSpace = false
    }

    /// Real link lengths, read from the bundled scenarios (the longest fiber
    /// link of each) plus the Micius downlink's slant range.
    static func realLinks() -> [(label: String, km: Double)] {
        var out: [(String, Double)] = []
        func longest(_ scenario: String) -> Double? {
            (try? ScenarioLoader.load(named: scenario))?.network.links.filter { $0.kind == .fiber }.map(\.lengthKm).max()
        }
        if let m = longest("jinan-2017") { out.append(("metro", m)) }
        if let b = longest("beijing-shanghai") { out.append(("backbone hop", b)) }
        // Liao et al., Nature 549, 43 (2017): 645 to 1200 km from Micius to Xinglong.
        out.append(("Micius", 1200))
        return out
    }

    var name: String { "keyrate" }
    var title: String {
        switch content {
        case .curve(let c): return "Key rate \(theme.unicode ? "—" : "-") model \(c.model), preset \(c.preset)"
        case .fraction(let f): return "Key fraction \(theme.unicode ? "—" : "-") model \(f.model)"
        }
    }
    var steps: Int {
        switch content {
        case .curve(let c): return max(1, c.rows.count)
        case .fraction: return 1
        }
    }

    func narration(step: Int) -> String {
        switch content {
        case .fraction(let f):
            return "At QBER \(Num.percent(f.qber)) the secret fraction is \(Num.fixed(f.keyFraction, 4)); above \(Num.percent(f.thresholdQber)) error correction leaks more than the key holds."
        case .curve(let c):
            guard !c.rows.isEmpty else { return "No points." }
            let p = c.rows[min(step, c.rows.count - 1)]
            var s = "At \(Num.fixed(p.distanceKm, 0)) km the \(c.model) model gives \(Num.rate(p.ratePerSecond))."
            if p.ratePerSecond <= 0 { s = "At \(Num.fixed(p.distanceKm, 0)) km there is no secret key: loss and detector noise win." }
            if let m = c.maxDistanceKm { s += " The key runs out at \(Num.fixed(m, 0)) km." }
            if freeSpace { return s + " In free space the loss grows with the logarithm of the slant range (diffraction), not linearly as in fiber." }
            return s + " Fiber loses 0.2 dB per km, so the rate falls exponentially: a straight line on this log scale."
        }
    }

    func draw(into c: Canvas, size: Size, step: Int) {
        c.put(title, 0, 0, .bold)
        switch content {
        case .fraction(let f):
            let w = size.cols - 20
            c.put("QBER      " + Num.percent(f.qber), 2, 0)
            c.put("fraction  " + Num.fixed(f.keyFraction, 4), 3, 0)
            c.put(theme.bar(max(0, f.keyFraction), width: w), 3, 20, f.keyFraction > 0 ? .good : .bad)
            c.put("threshold " + Num.percent(f.thresholdQber) + ": no key above it", 4, 0)
            c.put(f.keyFraction > 0 ? "\(theme.check) key possible" : "\(theme.cross) no key", 6, 0, f.keyFraction > 0 ? .good : .bad)
        case .curve(let curve): drawCurve(c, size, step, curve)
        }
    }

    /// One letter per model for the comparison curves.
    static func letter(_ model: String) -> String {
        switch model {
        case "shor-preskill": return "s"
        case "gllp": return "g"
        case "decoy-infinite": return "d"
        case "decoy-vacuum-weak": return "w"
        case "plob": return "P"
        default: return "?"
        }
    }

    /// Legend names short enough for 80 columns.
    static func shortName(_ model: String) -> String {
        switch model {
        case "shor-preskill": return "single-photon SP"
        case "gllp": return "GLLP"
        case "decoy-infinite": return "decoy"
        case "decoy-vacuum-weak": return "vacuum+weak"
        case "plob": return "PLOB bound"
        default: return model
        }
    }

    func drawCurve(_ c: Canvas, _ size: Size, _ step: Int, _ curve: RunKeyRate.CurveReport) {
        let rows = curve.rows
        guard let first = rows.first, let last = rows.last else { c.put("no points", 2, 0); return }
        let positive = rows.map(\.ratePerSecond).filter { $0 > 0 && $0.isFinite }
        let lo = floor(log10(positive.min() ?? 1)), hi = max(lo + 1, ceil(log10(positive.max() ?? 10)))
        let xr = first.distanceKm...max(first.distanceKm + 1, last.distanceKm)
        let ticks = stride(from: lo, through: hi, by: max(1, ((hi - lo) / 4).rounded(.up))).map { $0 }
        let plot = Plot(canvas: c.region(row: 2, col: 0, rows: size.rows - 4, cols: size.cols), theme: theme,
                        xRange: xr, yRange: lo...hi, xLabel: freeSpace ? "slant range (km, free space)" : "fiber length (km)", yTicks: ticks,
                        yFormat: { "1e" + String(Int($0)) })
        c.put("bit/s", 1, 0, .dim)
        // Real links: a dashed vertical line with a label, or an arrow when off the scale.
        var offScale: [String] = []
        for m in markers where xr.contains(m.km) {
            let col = plot.column(m.km)
            for r in stride(from: 1, to: plot.height, by: 2) { plot.canvas.put(theme.vline, r, col, .warn) }
        }
        for m in markers where !xr.contains(m.km) { offScale.append("\(m.label) \(Num.fixed(m.km, 0)) km \(theme.right)") }
        // The model curve: a point per row, joined by the log-linear interpolation.
        for p in rows where p.ratePerSecond > 0 && p.ratePerSecond.isFinite {
            plot.point(x: p.distanceKm, y: log10(p.ratePerSecond), glyph: theme.photon, ink: .accent)
        }
        plot.curve { d in
            guard let j = rows.firstIndex(where: { $0.distanceKm >= d }), j > 0 else { return nil }
            let a = rows[j - 1], b = rows[j]
            guard a.ratePerSecond > 0, b.ratePerSecond > 0, a.ratePerSecond.isFinite, b.ratePerSecond.isFinite else { return nil }
            let t = (d - a.distanceKm) / (b.distanceKm - a.distanceKm)
            return log10(a.ratePerSecond) + t * (log10(b.ratePerSecond) - log10(a.ratePerSecond))
        }
        // Labels last, so the curve never hides them.
        for (i, m) in markers.filter({ xr.contains($0.km) }).enumerated() {
            plot.canvas.put("\(m.label) \(Num.fixed(m.km, 0)) km", 1 + i, min(plot.column(m.km) + 1, size.cols - 20), .warn)
        }
        if let m = curve.maxDistanceKm, xr.contains(m) {
            plot.canvas.put(theme.cross + " key ends \(Num.fixed(m, 0)) km", plot.height - 1, min(plot.column(m), size.cols - 20), .bad)
        }
        // Other models, each with its own letter, so no colour is needed to tell them apart.
        var legend: [String] = []
        for other in curve.comparison ?? [] {
            let glyph = Self.letter(other.model)
            legend.append("\(glyph) \(Self.shortName(other.model))")
            for p in other.rows where p.ratePerSecond > 0 && p.ratePerSecond.isFinite && xr.contains(p.distanceKm) && log10(p.ratePerSecond) >= lo {
                plot.point(x: p.distanceKm, y: min(hi, log10(p.ratePerSecond)), glyph: glyph, ink: .normal)
            }
        }
        if !legend.isEmpty {
            c.put("\(theme.photon) \(Self.shortName(curve.model))  " + legend.joined(separator: "  "), 1, 8, .dim)
        }
        // The cursor and its readout.
        let p = rows[min(step, rows.count - 1)]
        let col = plot.column(p.distanceKm)
        plot.canvas.put(theme.marker, 0, col, .bold)
        if p.ratePerSecond > 0 { plot.point(x: p.distanceKm, y: log10(p.ratePerSecond), glyph: theme.unicode ? "◉" : "O", ink: .bold) }
        var readout = "cursor \(Num.fixed(p.distanceKm, 0)) km: \(Num.rate(p.ratePerSecond))"
        if let mu = p.mu { readout += ", mu \(Num.fixed(mu, 3))" }
        if let q = p.qber { readout += ", QBER \(Num.percent(q))" }
        c.put(readout, size.rows - 2, 0, .bold)
        c.put(offScale.joined(separator: "   "), size.rows - 1, 0, .warn)
    }
}
