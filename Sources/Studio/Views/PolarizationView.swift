import Foundation
import QKD

/// The polarization bench: source, analyzer at its angle, detector, and the
/// pass/block counts growing beside the cos² prediction.
struct PolarizationView: StudioView {
    enum Content { case run(PolarizationRun), sweep(PolarizationSweep) }
    let content: Content
    let theme: Theme

    init(run: PolarizationRun, theme: Theme) { content = .run(run); self.theme = theme }
    init(sweep: PolarizationSweep, theme: Theme) { content = .sweep(sweep); self.theme = theme }

    var name: String { "polarization" }
    var title: String {
        let dash = theme.unicode ? "—" : "-"
        switch content {
        case .run(let r): return "Polarization bench \(dash) source \(r.source), analyzer \(r.analyzer), \(Num.count(r.photons)) photons, seed \(r.seed)"
        case .sweep(let s): return "Malus sweep \(dash) source \(s.source), \(Num.count(s.photons)) photons per angle, seed \(s.seed)"
        }
    }
    var steps: Int {
        switch content {
        case .run(let r): return 1 + (r.firstPhotons?.count ?? 0) + (r.checkpoints?.count ?? 0)
        case .sweep(let s): return s.rows.count + 1
        }
    }

    func narration(step: Int) -> String {
        switch content {
        case .run(let r):
            if step == 0 { return "Single photons polarized \(r.source) meet an analyzer set to \(r.analyzer). Each photon either passes or is blocked, at random." }
            let (sent, passed) = counts(r, step)
            if let first = r.firstPhotons, step <= first.count {
                return "Photon \(step) \(first[step - 1] ? "passes" : "is blocked"). No one can say beforehand which: only the probability is fixed, \(Num.fixed(r.probability, 5)). So far \(passed) of \(sent) passed."
            }
            return "\(Num.count(sent)) photons so far, \(Num.count(passed)) passed (\(Num.fixed(Double(passed) / Double(max(1, sent)), 5))). The Born rule predicts \(Num.fixed(r.probability, 5)): cos\(theme.unicode ? "²" : "^2") of the angle between source and analyzer."
        case .sweep(let s):
            if step == 0 { return "The analyzer turns from 0\(theme.degree) to 180\(theme.degree); at each angle \(Num.count(s.photons)) photons are sent." }
            let r = s.rows[step - 1]
            return "Analyzer at \(r.analyzer)\(theme.degree): \(Num.fixed(r.observedFraction, 4)) passed, prediction \(Num.fixed(r.probability, 4)). The points trace Malus's law."
        }
    }

    /// Photons sent and passed after `step`: the first photons one by one,
    /// then the run's own counts at each twentieth of it.
    func counts(_ r: PolarizationRun, _ step: Int) -> (Int, Int) {
        let first = r.firstPhotons ?? []
        if step <= first.count { return (step, first.prefix(step).filter { $0 }.count) }
        guard let checkpoints = r.checkpoints, !checkpoints.isEmpty else { return (r.photons, r.passed) }
        let k = min(step - first.count, checkpoints.count)
        return (r.photonsAt(checkpoint: k), checkpoints[k - 1])
    }

    func sourceAngle(_ name: String) -> Double? { (try? PolarizationSetting(parsing: name))?.degrees }

    func draw(into c: Canvas, size: Size, step: Int) {
        c.put(title, 0, 0, .bold)
        switch content {
        case .run(let r): drawRun(c, size, step, r)
        case .sweep(let s): drawSweep(c, size, step, s)
        }
    }

    func bench(_ c: Canvas, _ row: Int, source: String, analyzer: String, step: Int) {
        let src = sourceAngle(source).map(theme.polarization) ?? (theme.unicode ? "↻" : "@")
        let ana = sourceAngle(analyzer).map(theme.polarization) ?? "?"
        let beam = String(repeating: theme.hline, count: 10)
        var line = "source \(src) \(source) " + beam
        let flight = line.count - 10 + (step % 10)
        line += " [analyzer \(ana) \(analyzer)] " + beam + theme.right + " detector"
        c.put(line, row, 0)
        if step > 0 { c.put(theme.photon, row, flight, .accent) }
    }

    func drawRun(_ c: Canvas, _ size: Size, _ step: Int, _ r: PolarizationRun) {
        bench(c, 2, source: r.source, analyzer: r.analyzer, step: step)
        let (sent, passed) = counts(r, step)
        let blocked = sent - passed
        let barWidth = max(10, size.cols - 32)
        c.put("passed  " + Num.count(passed).leftPadded(11), 4, 0)
        c.put(theme.bar(Double(passed) / Double(max(1, r.photons)), width: barWidth), 4, 21, .good)
        c.put("blocked " + Num.count(blocked).leftPadded(11), 5, 0)
        c.put(theme.bar(Double(blocked) / Double(max(1, r.photons)), width: barWidth), 5, 21, .bad)
        let observed = sent > 0 ? Double(passed) / Double(sent) : 0
        c.put("observed \(sent > 0 ? Num.fixed(observed, 4) : "-")    predicted \(Num.fixed(r.probability, 4))    after \(Num.count(sent)) of \(Num.count(r.photons))", 6, 0)
        // The cos² curve against the analyzer angle, with this run's point on it.
        let plot = Plot(canvas: c.region(row: 8, col: 0, rows: size.rows - 8, cols: size.cols), theme: theme,
                        xRange: 0...180, yRange: 0...1, xLabel: "analyzer angle (\(theme.degree))", yTicks: [0, 0.5, 1], yFormat: { Num.fixed($0, 1) })
        let src = sourceAngle(r.source)
        plot.curve { a in src.map { pow(cos((a - $0) * .pi / 180), 2) } ?? 0.5 }
        if let a = sourceAngle(r.analyzer), sent > 0 {
            var x = a.truncatingRemainder(dividingBy: 180); if x < 0 { x += 180 }
            plot.point(x: x, y: observed, glyph: theme.photon, ink: .bold)
        }
    }

    func drawSweep(_ c: Canvas, _ size: Size, _ step: Int, _ s: PolarizationSweep) {
        let current = step > 0 ? s.rows[step - 1].analyzer : "0"
        bench(c, 2, source: s.source, analyzer: current, step: step)
        if step > 0 {
            let r = s.rows[step - 1]
            c.put("analyzer \(r.analyzer)\(theme.degree):  passed \(Num.count(r.passed)) of \(Num.count(r.photons)),  observed \(Num.fixed(r.observedFraction, 4)),  predicted \(Num.fixed(r.probability, 4))", 4, 0)
        }
        let plot = Plot(canvas: c.region(row: 6, col: 0, rows: size.rows - 6, cols: size.cols), theme: theme,
                        xRange: 0...180, yRange: 0...1, xLabel: "analyzer angle (\(theme.degree))", yTicks: [0, 0.5, 1], yFormat: { Num.fixed($0, 1) })
        let src = sourceAngle(s.source)
        plot.curve { a in src.map { pow(cos((a - $0) * .pi / 180), 2) } ?? 0.5 }
        for r in s.rows.prefix(step) {
            if let a = Double(r.analyzer) { plot.point(x: a, y: r.observedFraction, glyph: theme.photon, ink: .bold) }
        }
    }
}
