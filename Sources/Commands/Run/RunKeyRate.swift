import ArgumentParser
import QKD

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
    @Option(help: "Distance in km, or FROM:TO:STEP.") var distance: DistanceRange = DistanceRange(argument: "0:150:10")!
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
        let curve: KeyRateCurve
        do {
            curve = try KeyRate.curve(model: model, preset: p, distances: distance.values, mu: mu)
        } catch { throw RequestError("\(error)") }
        let maxD = try? KeyRate.maxDistance(model: model, preset: p, mu: mu)
        var comparison: [Comparison]? = nil
        if compare {
            comparison = try KeyRateModel.allCases.filter { $0 != model }.map { other in
                do {
                    let c = try KeyRate.curve(model: other, preset: p, distances: distance.values, mu: nil)
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
}

import Foundation
