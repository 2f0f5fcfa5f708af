import ArgumentParser
import QKD
import Foundation

extension PhotonSourceKind: ExpressibleByArgument {}
extension EavesdropperStrategy: ExpressibleByArgument {}
extension DecoyBound: ExpressibleByArgument {}

/// A comma-separated list of decoy intensities, e.g. "0.1,0".
public struct DecoyIntensities: ExpressibleByArgument, Sendable {
    public var values: [Double]
    public init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        values = parts.map { $0! }
    }
}

/// The key-rate presets a BB84 run can borrow its fiber and detectors from.
public enum BB84Preset: String, ExpressibleByArgument, Sendable, CaseIterable {
    case gys
    case modernFiber = "modern-fiber"
    public var system: SystemPreset { self == .gys ? .gys : .modernFiber }
}

public struct RunBB84: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bb84",
        abstract: "BB84: prepare, send, measure, sift and estimate the QBER.",
        discussion: """
        Bennett & Brassard 1984. Alice sends polarized photons in random bases, \
        Bob measures in random bases, and they keep the bits where the bases match.

        Examples:
          qkdtutor run bb84 --photons 100000 --eve intercept-resend --seed 7
          qkdtutor run bb84 --source wcp --mu 0.48 --decoys 0.1,0 --preset modern-fiber --distance 25 --photons 10000000
          qkdtutor run bb84 --eve blinding --photons 20000
        """)

    @Option(help: "Photons (pulses) Alice sends (1 to 10^8).") var photons = 10_000
    @Option(help: "Random seed: the same seed replays the same run.") var seed: UInt64 = 1
    @Option(help: "Photon source: single (ideal) or wcp (weak laser pulses).") var source: PhotonSourceKind = .single
    @Option(help: "Mean photon number per weak coherent pulse.") var mu = 0.5
    @Option(help: "Decoy intensities besides the signal mu, e.g. 0.1,0 (a weak decoy and the vacuum; needs --source wcp).") var decoys: DecoyIntensities?
    @Option(name: .customLong("decoy-probability"), help: "Probability of each decoy intensity (the signal gets the rest).") var decoyProbability = 0.2
    @Option(name: .customLong("decoy-bound"), help: "Finite-size bound of the decoy estimate: hoeffding (Lim et al. 2014) or chernoff.") var decoyBound: DecoyBound = .hoeffding
    @Option(name: .customLong("decoy-epsilon"), help: "ε_sec the decoy estimate is computed for.") var decoyEpsilon = 1e-10
    @Option(help: "Take fiber and detector values from a key-rate preset: gys or modern-fiber (single options override).") var preset: BB84Preset?
    @Option(help: "Fiber length in km.") var distance = 0.0
    @Option(help: "Fiber attenuation in dB/km (default 0.2).") var attenuation: Double?
    @Option(help: "Intrinsic (misalignment) error probability per photon, 0 to 0.5 (default 0).") var misalignment: Double?
    @Option(help: "Depolarizing probability of the channel, 0 to 1.") var depolarizing = 0.0
    @Option(name: .customLong("detector-efficiency"), help: "Bob's detector efficiency, 0 to 1 (default 1).") var detectorEfficiency: Double?
    @Option(name: .customLong("dark-count"), help: "Dark-count probability per detector per gate (default 0).") var darkCount: Double?
    @Option(help: "Eavesdropper: none, intercept-resend, breidbart, pns, blinding or mitm.") var eve: EavesdropperStrategy = .none
    @Option(name: .customLong("eve-fraction"), help: "Fraction of pulses Eve intercepts, 0 to 1.") var eveFraction = 1.0
    @Option(name: .customLong("eve-rectilinear-probability"), help: "Probability that Eve measures in the rectilinear basis.") var eveRectilinearProbability = 0.5
    @Flag(name: .customLong("no-authentication"), help: "Leave the classical channel unauthenticated (lets --eve mitm succeed).") var noAuthentication = false
    @Option(name: .customLong("rectilinear-probability"), help: "Probability of choosing the rectilinear basis (0.5 = textbook BB84).") var rectilinearProbability = 0.5
    @Option(name: .customLong("sample-fraction"), help: "Fraction of the sifted key disclosed to estimate the QBER.") var sampleFraction = 0.1
    @Option(name: .customLong("abort-qber"), help: "Abort above this estimated QBER.") var abortQber = 0.11
    @Option(help: "Show the first N photons, one row each (at most 1000); the run keeps 64 for 'show bb84' by default.") var show: Int?
    @OptionGroup public var distillation: DistillOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public var configurationValue: BB84Configuration {
        var c = BB84Configuration()
        c.photons = photons; c.seed = seed; c.source = source; c.mu = mu
        c.distanceKm = distance
        if let p = preset?.system {
            c.attenuationDbPerKm = p.attenuationDbPerKm ?? c.attenuationDbPerKm
            c.misalignment = p.detectorErrorRate
            c.detectorEfficiency = p.bobEfficiency
            c.darkCount = p.darkCountPerDetector
            c.presetName = p.name
        }
        if let v = attenuation { c.attenuationDbPerKm = v }
        if let v = misalignment { c.misalignment = v }
        if let v = detectorEfficiency { c.detectorEfficiency = v }
        if let v = darkCount { c.darkCount = v }
        c.depolarizing = depolarizing
        c.eve = eve; c.eveFraction = eveFraction
        c.eveRectilinearProbability = eveRectilinearProbability
        c.authenticated = !noAuthentication
        c.decoys = decoys?.values ?? []
        c.decoyProbability = decoyProbability; c.decoyBound = decoyBound; c.epsilonSecurity = decoyEpsilon
        c.rectilinearProbability = rectilinearProbability
        c.sampleFraction = sampleFraction; c.abortQber = abortQber; c.showRows = show ?? BB84Text.keptRows
        return c
    }

    public func execute(_ context: ExecutionContext) throws -> Report {
        try distillation.validate(distillation.distill, signals: photons, option: "--photons")
        context.progress?.begin("sending \(Format.count(photons)) photons")
        let result = try CommandError.wrap { try BB84.run(configurationValue, cancellation: context.cancellation, progress: context.progress) }
        if distillation.distill { context.progress?.begin("distillation (Cascade, privacy amplification)") }
        let run = try distillation.apply(result) { try Distillation.run(after: result, variant: distillation.variant, epsilonSec: distillation.epsilonSec, cancellation: context.cancellation) }
        let printRows = show != nil
        return Report(kind: "bb84", run) { d, s in
            ([BB84Text.render(d.run, style: s, printRows: printRows)] + DistillText.render(d, s)).joined(separator: "\n")
        }
    }
}

/// Plain-text rendering of a BB84 result.
enum BB84Text {
    /// Photon rows a run keeps for the BB84 view when --show is not given (the text then prints none).
    static let keptRows = 64

    static func render(_ r: BB84Result, style s: TextStyle, printRows: Bool = true) -> String {
        let c = r.configuration
        var lines: [String] = []
        var head = "BB84 \(s.dash) \(Format.plural(r.photons, "photon")), seed \(r.seed), "
        head += c.source == .single ? "single-photon source" : "weak coherent pulses (mu = \(c.mu))"
        if !c.decoys.isEmpty { head += " with decoys " + c.decoys.map { "\($0)" }.joined(separator: ", ") }
        if c.distanceKm > 0 { head += ", \(Format.fixed(c.distanceKm, 1)) km of fiber" }
        lines.append(s.bold(head))
        if let name = c.presetName, let p = SystemPreset.named(name) {
            lines.append("  preset \(name): \(Format.fixed(c.attenuationDbPerKm, 2)) dB/km, η_Bob \(Format.percent(c.detectorEfficiency, digits: 1)), "
                         + "e_d \(Format.percent(c.misalignment, digits: 1)), dark counts \(Format.scientific(c.darkCount)) per detector per gate "
                         + "(the preset's Y0 = \(Format.scientific(p.darkCountYield)) per gate for either detector, converted)")
        }
        if printRows && !r.rows.isEmpty { lines.append(contentsOf: rows(r, s)); lines.append("") }
        func line(_ label: String, _ value: String) { lines.append("  " + Format.pad(label, 16) + value) }
        line("detected", "\(Format.count(r.detected)) (\(Format.percent(Double(r.detected) / Double(max(1, r.photons)))) of pulses)")
        line("sifted", "\(Format.count(r.sifted)) (\(Format.percent(Double(r.sifted) / Double(max(1, r.detected)))) of detected)")
        line("sample", "\(Format.plural(r.sampleBits, "bit")) disclosed, \(Format.plural(r.sampleErrors, "error"))")
        line("QBER (sample)", Format.percent(r.qber) + "   true QBER over the sifted key: " + Format.percent(r.trueQber))
        if c.rectilinearProbability != 0.5 || c.eveRectilinearProbability != 0.5 || r.decoy != nil {
            func q(_ x: Double?, _ n: Int) -> String { x.map { "\(Format.percent($0)) of \(Format.count(n))" } ?? "not sampled" }
            line("QBER per basis", "rectilinear \(q(r.qberRectilinear, r.sampleBitsRectilinear)), diagonal \(q(r.qberDiagonal, r.sampleBitsDiagonal))")
        }
        if let d = r.decoy { lines += decoyLines(d, s) }
        if let m = r.mitm {
            line("Alice-Eve half", "QBER \(Format.percent(m.aliceEveQber)), \(Format.count(m.aliceEveKeyBits)) key bits, all known to Eve")
            line("Eve-Bob half", "QBER \(Format.percent(m.eveBobQber)), \(Format.count(m.eveBobKeyBits)) key bits, all known to Eve")
            line("man in middle", "both halves look clean; Alice's and Bob's keys share nothing but Eve holds both. "
                 + "Only authenticating the classical channel stops this.")
        }
        if c.eve != .none {
            var e = "\(c.eve.rawValue)"
            if c.eve != .pns && c.eve != .mitm { e += " on \(Format.percent(c.eveFraction, digits: 0)) of pulses" }
            if c.eveRectilinearProbability != 0.5 { e += ", rectilinear with probability \(c.eveRectilinearProbability)" }
            line("Eve", e)
            if c.eve == .blinding {
                line("blinding", "bright light made Bob's detectors classical: they fire only for Eve's faked states, "
                     + "so the QBER stays at 0 while Eve knows every sifted bit (Lydersen et al., Nat. Photonics 4, 686 (2010))")
            }
            line("Eve knows", "\(Format.count(r.eveKnownBits)) of \(Format.count(r.sifted)) sifted bits for certain; guesses \(Format.count(r.eveCorrectGuesses)) of the \(Format.count(r.eveTouchedBits)) she touched")
            if let m = r.missProbability {
                line("miss chance", "a \(Format.count(r.sampleBits))-bit sample misses Eve with probability \(Format.probability(m, log10: r.missProbabilityLog10))")
            }
        }
        if r.aborted {
            line("verdict", s.red("ABORT") + ": " + (r.abortReason ?? ""))
        } else {
            line("verdict", s.green("KEEP") + ": QBER at or below \(Format.percent(c.abortQber)); \(Format.plural(r.keyBits, "key bit")) \(r.keyBits == 1 ? "remains" : "remain")")
        }
        return asciiFallback(lines.joined(separator: "\n"), s)
    }

    static func decoyLines(_ d: DecoyEstimate, _ s: TextStyle) -> [String] {
        var table = [["intensity", "p", "pulses", "gain", "QBER"]]
        for k in d.intensities.indices {
            table.append([Format.fixed(d.intensities[k], 3), Format.fixed(d.probabilities[k], 2), Format.count(d.counts.pulses[k]),
                          Format.scientific(d.gains[k]), d.qbers[k].map { Format.percent($0) } ?? "no bits"])
        }
        var out = ["  decoy states (\(d.bound == .hoeffding ? "Hoeffding, Lim et al. 2014" : "multiplicative Chernoff, Zhang et al. 2017"), ε_sec = \(Format.scientific(d.epsilonSecurity)))"]
        out += Table.render(table, style: s).map { "    " + $0 }
        func line(_ label: String, _ value: String) { out.append("  " + Format.pad(label, 16) + value) }
        line("Y1 ≥", "\(Format.scientific(d.y1Lower)) per pulse (no fluctuation: \(Format.scientific(d.y1Asymptotic))); Ma et al. 2005")
        line("e1 ≤", "\(Format.percent(d.e1Upper)) (no fluctuation: \(Format.percent(d.e1Asymptotic)))")
        line("key basis", "n_X = \(Format.count(d.keyBasisBits)); single-photon s_X1 ≥ \(Format.count(Int(d.singlePhotonCountLower))), "
             + "vacuum s_X0 ≥ \(Format.count(Int(d.vacuumCountLower))), phase error φ_X ≤ \(Format.percent(d.phaseErrorUpper))")
        if let v = d.verdict { line("decoy verdict", s.red(v)) }
        return out
    }

    static func rows(_ r: BB84Result, _ s: TextStyle) -> [String] {
        let showEve = r.configuration.eve != .none
        var header = ["#", "Alice", "basis", "sent"]
        if showEve { header += ["Eve", "got"] }
        header += ["Bob", "got", "kept", "error"]
        var table = [header]
        for row in r.rows {
            var cells = ["\(row.index)", row.aliceBit ? "1" : "0", Glyphs.basis(row.aliceBasis, unicode: s.unicode),
                         Glyphs.polarization(row.sentAngle, unicode: s.unicode)]
            if showEve {
                cells.append(row.eveBasis.map { Glyphs.basis($0, unicode: s.unicode) } ?? "")
                cells.append(row.eveResult.map { $0 ? "1" : "0" } ?? "")
            }
            cells.append(Glyphs.basis(row.bobBasis, unicode: s.unicode))
            cells.append(row.bobResult.map { $0 ? "1" : "0" } ?? (s.plain ? "lost" : "·"))
            cells.append(row.kept ? "yes" : "no")
            cells.append(row.error ? s.red("ERR") : "")
            table.append(cells)
        }
        return Table.render(table, style: s)
    }
}

/// Physics symbols spelled out when the terminal is not UTF-8.
func asciiFallback(_ text: String, _ s: TextStyle) -> String {
    guard !s.unicode else { return text }
    let table: [(String, String)] = [("≥", ">="), ("≤", "<="), ("φ", "phi"), ("ε", "eps"), ("↔", "<->"), ("2√2", "2*sqrt(2)"), ("√", "sqrt"),
                                     ("μ", "mu"), ("ν", "nu"), ("–", "-"), ("—", "-"), ("·", "*"), ("η", "eta"), ("∞", "inf")]
    return table.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
}
