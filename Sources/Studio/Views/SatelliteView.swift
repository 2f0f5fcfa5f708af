import Commands
import Foundation

/// A satellite pass over a ground station: a sky chart with the pass's arc,
/// its elevation and loss, and the key accumulated pass by pass.
struct SatelliteView: StudioView {
    let report: SatelliteRunReport
    let theme: Theme
    var name: String { "satellite" }
    var title: String { "Satellite passes over \(report.station.name) \(theme.unicode ? "—" : "-") \(report.model.rawValue), seed \(report.seed)" }
    var steps: Int { max(1, report.passes.count) }

    /// Loss at the pass's closest approach, by the report's own loss law.
    func peakLoss(_ p: SatelliteRunReport.Pass) -> Double {
        report.systemLossDb + 20 * log10(max(1, p.minSlantRangeKm)) + report.zenithAttenuationDb / sin(max(1, p.maxElevationDeg) * .pi / 180)
    }

    func narration(step: Int) -> String {
        guard !report.passes.isEmpty else { return "No passes." }
        let p = report.passes[min(step, report.passes.count - 1)]
        return "Pass \(p.index): \(Num.fixed(p.durationS, 0)) s above \(Num.fixed(report.minElevationDeg, 0))\(theme.degree), up to \(Num.fixed(p.maxElevationDeg, 1))\(theme.degree). Overhead the range is shortest and the air thinnest, so loss is lowest and most of the \(Num.count(Int(p.keyBits))) key bits arrive then."
    }

    func draw(into c: Canvas, size: Size, step: Int) {
        c.put(title, 0, 0, .bold)
        c.put("orbit \(Num.fixed(report.altitudeKm, 0)) km, period \(Num.fixed(report.periodMin, 1)) min, link above \(Num.fixed(report.minElevationDeg, 0))\(theme.degree)", 1, 0, .dim)
        guard !report.passes.isEmpty else { return }
        let k = min(step, report.passes.count - 1)
        let p = report.passes[k]
        // The sky: elevation against time over the pass (left axis, degrees), and the
        // link loss on its own right-hand axis in dB, each from the pass's own samples.
        let skyRows = max(6, size.rows - 10)
        let t0 = p.track.first?.timeS ?? 0
        let span = max(1, (p.track.last?.timeS ?? p.durationS) - t0)
        let plotCols = size.cols - 8   // room on the right for the loss axis
        let plot = Plot(canvas: c.region(row: 2, col: 0, rows: skyRows, cols: plotCols), theme: theme,
                        xRange: 0...span, yRange: 0...90, xLabel: "seconds into pass \(p.index)",
                        yTicks: [0, 45, 90], yFormat: { Num.fixed($0, 0) + theme.degree })
        let losses = p.track.map(\.lossDb).filter(\.isFinite)
        var lo = (losses.min() ?? 0).rounded(.down), hi = (losses.max() ?? 1).rounded(.up)
        if hi - lo < 1 { hi = lo + 1 }
        // Loss in dB mapped onto the same rows: lo at the bottom, hi at the top.
        func lossRow(_ db: Double) -> Double { (db - lo) / (hi - lo) * 90 }
        for sample in p.track where sample.lossDb.isFinite {
            plot.point(x: sample.timeS - t0, y: lossRow(sample.lossDb), glyph: "L", ink: .warn)
            plot.point(x: sample.timeS - t0, y: sample.elevationDeg, glyph: theme.photon, ink: .accent)
        }
        let axisX = plotCols
        for r in 0..<plot.height { c.put(theme.vline, 2 + r, axisX, .dim) }
        for db in [lo, (lo + hi) / 2, hi] { c.put(Num.fixed(db, 0) + " dB", 2 + plot.row(lossRow(db)), axisX + 1, .warn) }
        c.put("\(theme.photon) elevation (left axis, degrees)   L loss (right axis, dB)", 2 + skyRows, 0, .dim)
        if let top = p.track.max(by: { $0.elevationDeg < $1.elevationDeg }) {
            plot.point(x: top.timeS - t0, y: top.elevationDeg, glyph: theme.satellite, ink: .bold)
            plot.canvas.put("\(theme.satellite) \(Num.fixed(top.elevationDeg, 1))\(theme.degree), \(Num.fixed(top.slantRangeKm, 0)) km, \(Num.fixed(top.lossDb, 1)) dB",
                            max(0, plot.row(top.elevationDeg) - 1), min(plotCols - 32, max(0, plot.column(top.timeS - t0) - 10)), .bold)
            plot.canvas.put((theme.up) + " \(report.station.name)", plot.height - 1, min(plotCols - 12, plot.column(top.timeS - t0)), .normal)
        }
        // The numbers of this pass, then the key so far.
        var y = 3 + skyRows
        c.put("pass \(p.index)/\(report.passes.count): max elevation \(Num.fixed(p.maxElevationDeg, 1))\(theme.degree), min range \(Num.fixed(p.minSlantRangeKm, 0)) km, loss \(Num.fixed(peakLoss(p), 1)) dB at best, peak \(Num.rate(p.peakKeyRateBps))", y, 0)
        y += 1
        let sofar = report.passes.prefix(k + 1).reduce(0) { $0 + $1.keyBits }
        let barWidth = max(10, size.cols - 44)
        c.put("key so far " + Num.count(Int(sofar)).leftPadded(12) + " bits ", y, 0)
        c.put(theme.bar(Double(sofar) / Double(max(1, report.totalKeyBits)), width: barWidth), y, 30, .good)
        c.put("of \(Num.count(Int(report.totalKeyBits)))", y, 31 + barWidth, .dim)
        y += 1
        // A relay between two stations: each station's key with the satellite, and the key they share.
        if let relay = report.relay, y < size.rows {
            c.put("kA \(report.station.name) \(Num.count(Int(relay.keyBitsA)))   kB \(relay.stationB) \(Num.count(Int(relay.keyBitsB)))   shared key \(Num.count(relay.sharedKeyBits)) bits (the smaller) " + (relay.recoveredMatches ? theme.check : theme.cross), y, 0, .bold)
            y += 1
        }
        for (i, q) in report.passes.enumerated() where y < size.rows {
            let mark = i == k ? theme.right : (i < k ? theme.check : " ")
            c.put("\(mark) pass \(q.index)  \(Num.fixed(q.durationS, 0).leftPadded(4)) s  \(Num.fixed(q.maxElevationDeg, 1).leftPadded(5))\(theme.degree)  \(Num.count(Int(q.keyBits)).leftPadded(10)) bits", y, 0, i == k ? .bold : (i < k ? .normal : .dim))
            y += 1
            if y >= size.rows { break }
        }
    }
}
