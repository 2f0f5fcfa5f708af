import ArgumentParser
import QKD
import QKDNetwork

extension KeyRateModel: ExpressibleByArgument {}

/// A distance range FROM:TO:STEP in km, or a single distance. The points
/// are only listed once their number is known to be within the limit.
struct DistanceRange: ExpressibleByArgument {
    var from = 0.0, to = 0.0, step = 1.0
    /// As typed, so help shows "(default: 0:150:10)".
    var text = ""
    var defaultValueDescription: String { text }
    /// The most points one curve may have, named in the refusal.
    static let maxPoints = 10_001

    init?(argument: String) {
        text = argument
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard parts.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        let p = parts.map { $0! }
        switch p.count {
        case 1: from = p[0]; to = p[0]; step = 1
        case 3 where p[2] > 0 && p[1] >= p[0]: from = p[0]; to = p[1]; step = p[2]
        default: return nil
        }
    }

    /// How many distances the range gives (as a Double: it may be huge).
    var pointCount: Double { ((to - from) / step + 1e-9).rounded(.down) + 1 }

    var values: [Double] { Array(stride(from: from, through: to + 1e-9, by: step)) }
}

public struct RunKeyRate: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "keyrate",
        abstract: "Secret-key rate against distance from the published security proofs.",
        discussion: """
        Models: shor-preskill (PRL 85, 441 (2000)), gllp (QIC 4, 325 (2004)), \
        decoy-infinite (PRL 94, 230504 (2005)), decoy-vacuum-weak (PRA 72, 012326 (2005)), \
        plob (Nat. Commun. 8, 15043 (2017)).
        Presets: gys (Gobby, Yuan & Shields, APL 84, 3762 (2004)), modern-fiber \
        (Boaron et al., PRL 121, 190502 (2018) fiber and clock), satellite (Micius \
        downlink, Liao et al., Nature 549, 43 (2017)).

        Examples:
          qkdtutor run keyrate --model decoy-infinite --preset gys --distance 0:150:10
          qkdtutor run keyrate --model shor-preskill --qber 0.05
        """)

    @Option(help: "Model: shor-preskill, gllp, decoy-infinite, decoy-vacuum-weak or plob.") var model: KeyRateModel = .decoyInfinite
    @Option(help: "System preset: gys, modern-fiber or satellite.") var preset = "gys"
    @Option(help: "Distance in km, or FROM:TO:STEP (with --preset satellite: slant range to Micius, and 0:150:10 means 500:1700:100).") var distance: DistanceRange = DistanceRange(argument: "0:150:10")!
    @Option(help: "Mean photon number (optimized when omitted).") var mu: Double?
    @Option(help: "With --model shor-preskill: the key fraction at this QBER.") var qber: Double?
    @Option(help: "Error-correction inefficiency f for --qber (1 = Shannon limit).") var f = 1.0
    @Flag(help: "Also compute every other model over the same distances, to compare them.") var compare = false
    @Option(help: "Random seed (the models are deterministic; kept for a uniform interface).") var seed: UInt64 = 1
    @OptionGroup public var output: OutputOptions

    public init() {}

    public struct FractionReport: Encodable, Sendable {
        public var model: String; public var qber: Double; public var f: Double; public var keyFraction: Double; public var thresholdQber: Double
    }

    public struct CurveReport: Encodable, Sendable {
        public var model: String; public var preset: String; public var rows: [KeyRatePoint]; public var maxDistanceKm: Double?
        public var clockRateHz: Double; public var source: String
        /// Y0 of the preset, and the same dark counts per detector per gate (bb84 --dark-count).
        public var darkCountYield: Double?; public var darkCountPerDetector: Double?
        /// With --compare: the other models over the same distances.
        public var comparison: [Comparison]?
        /// The x axis: "fiber distance", or "slant range to the satellite" for --preset satellite.
        public var axis: String = "fiber distance"
        /// --preset satellite: each row's elevation, link loss and whether the loss fit is pinned there
        /// (QKDNetwork `SlantRangeAxis`, the Micius system of Liao et al. 2017; rates are model values).
        public var slantRange: [SlantRangeAxis.Point]?
    }

    public struct Comparison: Encodable, Sendable {
        public var model: String; public var rows: [KeyRatePoint]; public var maxDistanceKm: Double?
    }

    public func execute(_ context: ExecutionContext) throws -> Report {
        if let q = qber {
            guard model == .shorPreskill else { throw RequestError("--qber goes with --model shor-preskill") }
            guard q >= 0, q <= 0.5 else { throw RequestError("--qber must be between 0 and 0.5 (got \(q))") }
            guard f >= 1, f <= 3 else { throw RequestError("--f must be between 1 and 3 (got \(f))") }
            let r = FractionReport(model: model.rawValue, qber: q, f: f,
                                   keyFraction: ShorPreskill.keyFraction(qber: q, f: f),
                                   thresholdQber: ShorPreskill.thresholdQber(f: f))
            return Report(kind: "keyrate", r) { r, s in
                [s.bold("Shor–Preskill key fraction"),
                 "  QBER            \(Format.percent(r.qber))",
                 "  key fraction    \(Format.fixed(r.keyFraction, 4))  (r = 1 − f·h(e) − h(e), f = \(r.f))",
                 "  threshold       \(Format.percent(r.thresholdQber, digits: 2)): no key above it"].joined(separator: "\n")
            }
        }
        guard distance.pointCount <= Double(DistanceRange.maxPoints) else {
            throw RequestError("--distance \(distance.text) gives \(Format.count(distance.pointCount)) points; the limit is \(Format.count(DistanceRange.maxPoints))")
        }
        guard let p = SystemPreset.named(preset) else {
            throw RequestError("unknown preset '\(preset)'; choose one of: \(SystemPreset.all.map(\.name).joined(separator: ", "))")
        }
        if p.name == SystemPreset.satelliteDownlink.name { return try satelliteCurve(p) }
        let distances = distance.values
        let curve: KeyRateCurve
        do {
            curve = try KeyRate.curve(model: model, preset: p, distances: distances, mu: mu)
        } catch { throw RequestError("\(error)") }
        let maxD = try? KeyRate.maxDistance(model: model, preset: p, mu: mu)
        var comparison: [Comparison]? = nil
        if compare {
            comparison = try KeyRateModel.allCases.filter { $0 != model }.map { other in
                do {
                    let c = try KeyRate.curve(model: other, preset: p, distances: distances, mu: nil)
                    return Comparison(model: other.rawValue, rows: c.rows, maxDistanceKm: (try? KeyRate.maxDistance(model: other, preset: p)) ?? nil)
                } catch { throw RequestError("\(error)") }
            }
        }
        let report = CurveReport(model: model.rawValue, preset: p.name, rows: curve.rows, maxDistanceKm: maxD ?? nil,
                                 clockRateHz: p.clockRateHz, source: p.source,
                                 darkCountYield: p.darkCountYield, darkCountPerDetector: p.darkCountPerDetector,
                                 comparison: comparison)
        return Report(kind: "keyrate", report) { r, s in
            var table = [["km", "key/pulse", "key rate", "mu"] + (s.plain ? [] : ["log scale"])]
            // PLOB's −log2(1 − η) has no finite value at η = 1 (0 km): say so, not "inf".
            let unbounded = s.unicode ? "unbounded (η = 1)" : "unbounded (eta = 1)"
            func perPulse(_ x: Double) -> String { x.isFinite ? Format.scientific(x) : unbounded }
            func rate(_ x: Double) -> String { x.isFinite ? Format.rate(bitsPerSecond: x) : unbounded }
            let logs = r.rows.map { $0.ratePerPulse > 0 && $0.ratePerPulse.isFinite ? log10($0.ratePerPulse) : -12 }
            let top = logs.max() ?? 0
            for (row, l) in zip(r.rows, logs) {
                var cells = [Format.fixed(row.distanceKm, 1), perPulse(row.ratePerPulse),
                             rate(row.ratePerSecond), row.mu.map { Format.fixed($0, 3) } ?? "-"]
                // No bar for a zero rate: an empty cell, not a sliver that reads as "some key".
                if !s.plain { cells.append(row.ratePerPulse > 0 ? s.bar(max(0, 1 - (top - l) / 10), width: 24) : "no key") }
                table.append(cells)
            }
            var lines = [s.bold("Key rate \(s.dash) \(r.model), preset \(r.preset)")] + Table.render(table, style: s)
            if let y0 = r.darkCountYield, let pd = r.darkCountPerDetector {
                lines.append("  dark counts: Y0 = \(Format.scientific(y0)) per gate (either detector) = "
                             + "\(Format.scientific(pd)) per detector per gate, the convention of run bb84 --dark-count")
            }
            lines.append("  maximal distance: " + (r.maxDistanceKm.map { "\(Format.fixed($0, 1)) km" } ?? "none (the bound never reaches zero)"))
            if let others = r.comparison {
                var t = [["km", r.model] + others.map(\.model)]
                for (i, row) in r.rows.enumerated() {
                    t.append([Format.fixed(row.distanceKm, 1), rate(row.ratePerSecond)]
                             + others.map { i < $0.rows.count ? rate($0.rows[i].ratePerSecond) : "-" })
                }
                t.append(["max km", r.maxDistanceKm.map { Format.fixed($0, 1) } ?? "none"]
                         + others.map { $0.maxDistanceKm.map { Format.fixed($0, 1) } ?? "none" })
                lines.append("")
                lines.append(s.bold("  Key rate by model"))
                lines += Table.render(t, style: s)
            }
            return asciiFallback(lines.joined(separator: "\n"), s)
        }
    }

    /// --preset satellite: Micius's decoy downlink against its own slant range and loss (QKDNetwork
    /// `SlantRangeAxis`: the loss fit to Liao et al. 2017 and the Micius system's asymptotic decoy rate),
    /// not against fiber kilometres.
    func satelliteCurve(_ p: SystemPreset) throws -> Report {
        guard model == .decoyInfinite || model == .decoyVacuumWeak else {
            throw RequestError("--preset satellite draws Micius's decoy downlink (vacuum + weak decoy); use --model decoy-vacuum-weak, or a fiber preset for \(model.rawValue)")
        }
        guard !compare else { throw RequestError("--compare needs a fiber preset (gys or modern-fiber); --preset satellite draws one system against slant range") }
        guard mu == nil else { throw RequestError("--mu: --preset satellite uses Micius's published intensities 0.8/0.1/0 (Liao et al. 2017)") }
        // The fiber default (0:150:10) means the satellite's own default range: zenith to about 10° elevation.
        let ranges = distance.text == "0:150:10" ? Array(stride(from: SlantRangeAxis.defaultRangeKm.lowerBound,
                                                                 through: SlantRangeAxis.defaultRangeKm.upperBound, by: 100))
            : distance.values
        let points: [SlantRangeAxis.Point]
        do { points = try SlantRangeAxis.points(slantRangesKm: ranges) } catch { throw RequestError("--distance: \(error)") }
        let sys = DecoyDownlinkSystem.micius
        let rows = points.map { pt -> KeyRatePoint in
            let c = sys.expectedCounts(lossDb: pt.lossDb, seconds: 1)
            let n = c.detections.reduce(0, +)
            return KeyRatePoint(distanceKm: pt.slantRangeKm, ratePerPulse: pt.keyRateBps / sys.repetitionRateHz,
                                ratePerSecond: pt.keyRateBps, mu: sys.intensities[0], qber: n > 0 ? c.errors.reduce(0, +) / n : nil)
        }
        var report = CurveReport(model: KeyRateModel.decoyVacuumWeak.rawValue, preset: p.name, rows: rows, maxDistanceKm: nil,
                                 clockRateHz: sys.repetitionRateHz, source: DecoyDownlinkSystem.source,
                                 darkCountYield: nil, darkCountPerDetector: nil, comparison: nil)
        report.axis = SlantRangeAxis.axisLabel
        report.slantRange = points
        return Report(kind: "keyrate", report) { r, s in
            var table = [["slant km", "elevation", "loss dB", "key bit/s", "QBER"] + (s.plain ? [] : ["log scale"])]
            let logs = r.rows.map { $0.ratePerSecond > 0 ? log10($0.ratePerSecond) : -12 }
            let top = logs.max() ?? 0
            for (i, row) in r.rows.enumerated() {
                let pt = r.slantRange![i]
                var cells = [Format.fixed(row.distanceKm, 0) + (pt.calibrated ? "" : "*"), Format.fixed(pt.elevationDeg, 1) + "°",
                             Format.fixed(pt.lossDb, 1), Format.scientific(row.ratePerSecond), row.qber.map { Format.percent($0) } ?? "-"]
                if !s.plain { cells.append(s.bar(max(0, 1 - (top - logs[i]) / 10), width: 24)) }
                table.append(cells)
            }
            var lines = [s.bold("Key rate \(s.dash) Micius decoy downlink against slant range (model value)")] + Table.render(table, style: s)
            lines.append("  x axis: \(r.axis) (km), from zenith (500 km) towards the horizon; * = outside 645–1,200 km, where the loss fit is pinned")
            lines.append("  loss = fit to 22 dB at 645 km and 35 dB at 1,200 km (Liao et al. 2017): diffraction (20·log10 range) plus air mass, not 0.2 dB/km")
            lines.append("  rates are asymptotic while the satellite is at that range; a pass's finite key is lower (run satellite)")
            lines.append("  system: \(r.source)")
            return asciiFallback(lines.joined(separator: "\n"), s)
        }
    }

}

import Foundation
