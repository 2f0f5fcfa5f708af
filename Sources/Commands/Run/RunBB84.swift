import ArgumentParser
import QKD

extension PhotonSourceKind: ExpressibleByArgument {}
extension EavesdropperStrategy: ExpressibleByArgument {}

public struct RunBB84: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bb84",
        abstract: "BB84: prepare, send, measure, sift and estimate the QBER.",
        discussion: """
        Bennett & Brassard 1984. Alice sends polarized photons in random bases, \
        Bob measures in random bases, and they keep the bits where the bases match.

        Example: qkdtutor run bb84 --photons 100000 --eve intercept-resend --seed 7
        """)

    @Option(help: "Photons (pulses) Alice sends (1 to 10^8).") var photons = 10_000
    @Option(help: "Random seed: the same seed replays the same run.") var seed: UInt64 = 1
    @Option(help: "Photon source: single (ideal) or wcp (weak laser pulses).") var source: PhotonSourceKind = .single
    @Option(help: "Mean photon number per weak coherent pulse.") var mu = 0.5
    @Option(help: "Fiber length in km.") var distance = 0.0
    @Option(help: "Fiber attenuation in dB/km.") var attenuation = 0.2
    @Option(help: "Intrinsic (misalignment) error probability per photon, 0 to 0.5.") var misalignment = 0.0
    @Option(help: "Depolarizing probability of the channel, 0 to 1.") var depolarizing = 0.0
    @Option(name: .customLong("detector-efficiency"), help: "Bob's detector efficiency, 0 to 1.") var detectorEfficiency = 1.0
    @Option(name: .customLong("dark-count"), help: "Dark-count probability per detector per gate.") var darkCount = 0.0
    @Option(help: "Eavesdropper: none, intercept-resend, breidbart or pns.") var eve: EavesdropperStrategy = .none
    @Option(name: .customLong("eve-fraction"), help: "Fraction of pulses Eve intercepts, 0 to 1.") var eveFraction = 1.0
    @Option(name: .customLong("rectilinear-probability"), help: "Probability of choosing the rectilinear basis (0.5 = textbook BB84).") var rectilinearProbability = 0.5
    @Option(name: .customLong("sample-fraction"), help: "Fraction of the sifted key disclosed to estimate the QBER.") var sampleFraction = 0.1
    @Option(name: .customLong("abort-qber"), help: "Abort above this estimated QBER.") var abortQber = 0.11
    @Option(help: "Show the first N photons, one row each (at most 1000).") var show = 0
    @OptionGroup public var distillation: DistillOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public var configurationValue: BB84Configuration {
        var c = BB84Configuration()
        c.photons = photons; c.seed = seed; c.source = source; c.mu = mu
        c.distanceKm = distance; c.attenuationDbPerKm = attenuation
        c.misalignment = misalignment; c.depolarizing = depolarizing
        c.detectorEfficiency = detectorEfficiency; c.darkCount = darkCount
        c.eve = eve; c.eveFraction = eveFraction
        c.rectilinearProbability = rectilinearProbability
        c.sampleFraction = sampleFraction; c.abortQber = abortQber; c.showRows = show
        return c
    }

    public func execute(_ context: ExecutionContext) throws -> Report {
        try distillation.validate(distillation.distill, signals: photons, option: "--photons")
        let result = try CommandError.wrap { try BB84.run(configurationValue, cancellation: context.cancellation) }
        let run = try distillation.apply(result) { try Distillation.run(after: result, variant: distillation.variant, epsilonSec: distillation.epsilonSec, cancellation: context.cancellation) }
        return Report(kind: "bb84", run) { d, s in
            ([BB84Text.render(d.run, style: s)] + DistillText.render(d, s)).joined(separator: "\n")
        }
    }
}

/// Plain-text rendering of a BB84 result.
enum BB84Text {
    static func render(_ r: BB84Result, style s: TextStyle) -> String {
        let c = r.configuration
        var lines: [String] = []
        var head = "BB84 \(s.dash) \(Format.count(r.photons)) photons, seed \(r.seed), "
        head += c.source == .single ? "single-photon source" : "weak coherent pulses (mu = \(c.mu))"
        if c.distanceKm > 0 { head += ", \(Format.fixed(c.distanceKm, 1)) km of fiber" }
        lines.append(s.bold(head))
        if !r.rows.isEmpty { lines.append(contentsOf: rows(r, s)); lines.append("") }
        func line(_ label: String, _ value: String) { lines.append("  " + Format.pad(label, 16) + value) }
        line("detected", "\(Format.count(r.detected)) (\(Format.percent(Double(r.detected) / Double(max(1, r.photons)))) of pulses)")
        line("sifted", "\(Format.count(r.sifted)) (\(Format.percent(Double(r.sifted) / Double(max(1, r.detected)))) of detected)")
        line("sample", "\(Format.count(r.sampleBits)) bits disclosed, \(Format.count(r.sampleErrors)) errors")
        line("QBER (sample)", Format.percent(r.qber) + "   true QBER over the sifted key: " + Format.percent(r.trueQber))
        if c.eve != .none {
            var e = "\(c.eve.rawValue)"
            if c.eve != .pns { e += " on \(Format.percent(c.eveFraction, digits: 0)) of pulses" }
            line("Eve", e)
            line("Eve knows", "\(Format.count(r.eveKnownBits)) of \(Format.count(r.sifted)) sifted bits for certain; guesses \(Format.count(r.eveCorrectGuesses)) of the \(Format.count(r.eveTouchedBits)) she touched")
            if let m = r.missProbability {
                line("miss chance", "a \(Format.count(r.sampleBits))-bit sample misses Eve with probability \(Format.probability(m, log10: r.missProbabilityLog10))")
            }
        }
        if r.aborted {
            line("verdict", s.red("ABORT") + ": " + (r.abortReason ?? ""))
        } else {
            line("verdict", s.green("KEEP") + ": QBER at or below \(Format.percent(c.abortQber)); \(Format.count(r.keyBits)) key bits remain")
        }
        return lines.joined(separator: "\n")
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
