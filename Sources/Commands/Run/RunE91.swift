import ArgumentParser
import QKD

extension E91Settings: ExpressibleByArgument {}
extension E91Eavesdropper: ExpressibleByArgument {}

public struct RunE91: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "e91",
        abstract: "E91 / BBM92: entangled pairs, a CHSH Bell test and a key.",
        discussion: """
        Ekert 1991. Pairs in the state V|Φ+⟩⟨Φ+| + (1−V)I/4; matching analyzer \
        angles give key bits, the CHSH angles give S (2√2·V without Eve, at most 2 \
        for any local model, √2 under intercept-resend).

        Example: qkdtutor run e91 --pairs 100000 --visibility 0.95 --seed 3
        """)

    @Option(help: "Entangled pairs the source emits (1 to 5×10^7).") var pairs = 10_000
    @Option(help: "Random seed: the same seed replays the same run.") var seed: UInt64 = 1
    @Option(help: "Visibility V of the pair state, 0 to 1.") var visibility = 1.0
    @Option(help: "Analyzer settings: ekert, chsh or bbm92.") var settings: E91Settings = .ekert
    @Option(name: .customLong("loss-db"), help: "Total loss of both arms in dB.") var lossDb = 0.0
    @Option(name: .customLong("detector-efficiency"), help: "Efficiency of each detector, 0 to 1.") var detectorEfficiency = 1.0
    @Option(help: "Eavesdropper: none or intercept-resend (on Bob's photon).") var eve: E91Eavesdropper = .none
    @Option(name: .customLong("eve-fraction"), help: "Fraction of pairs Eve attacks, 0 to 1.") var eveFraction = 1.0
    @Option(name: .customLong("eve-angle"), help: "Eve's analyzer angle in degrees (default: a random key basis, 0° or 45°).") var eveAngle: Double?
    @Option(name: .customLong("sample-fraction"), help: "With --distill: fraction of the key disclosed to estimate the QBER.") var sampleFraction = 0.1
    @OptionGroup public var distillation: DistillOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public var configurationValue: E91Configuration {
        var c = E91Configuration()
        c.pairs = pairs; c.seed = seed; c.visibility = visibility; c.settings = settings
        c.lossDb = lossDb; c.detectorEfficiency = detectorEfficiency
        c.eve = eve; c.eveFraction = eveFraction; c.eveAngle = eveAngle
        return c
    }

    public func execute(_ context: ExecutionContext) throws -> Report {
        try distillation.validate(distillation.distill)
        guard sampleFraction > 0, sampleFraction < 1 else { throw RequestError("--sample-fraction must be between 0 and 1") }
        context.progress?.begin("measuring \(Format.count(pairs)) pairs")
        let r = try CommandError.wrap { try E91.run(configurationValue, cancellation: context.cancellation) }
        if distillation.distill { context.progress?.begin("distillation (Cascade, privacy amplification)") }
        let run = distillation.apply(r) {
            try Distillation.run(after: r, sampleFraction: sampleFraction, variant: distillation.variant, epsilonPA: distillation.epsilonPA)
        }
        return Report(kind: "e91", run) { d, s in ([E91Text.render(d.run, s)] + DistillText.render(d, s)).joined(separator: "\n") }
    }
}

enum E91Text {
    static func render(_ r: E91Result, _ s: TextStyle) -> String {
        let c = r.configuration
        var lines = [s.bold("E91 \(s.dash) \(Format.plural(r.pairs, "pair")), seed \(r.seed), settings \(c.settings.rawValue), visibility \(c.visibility)")]
        let deg = s.unicode ? "°" : ""
        var table = [["Alice", "Bob", "pairs", "E(a,b)"]]
        for x in r.correlations {
            table.append(["\(Format.fixed(x.aliceDegrees, 1))\(deg)", "\(Format.fixed(x.bobDegrees, 1))\(deg)",
                          Format.count(x.coincidences), Format.fixed(x.correlation, 4)])
        }
        lines += Table.render(table, style: s)
        lines.append("")
        lines.append("  detected pairs  \(Format.count(r.detected))")
        if let chsh = r.chsh {
            var l = "  CHSH S          \(Format.fixed(chsh, 4))"
            if let e = r.chshStdError { l += " ± \(Format.fixed(e, 4))" }
            if let t = r.chshTheory { l += "   (quantum prediction \(Format.fixed(t, 4)); local limit 2)" }
            lines.append(l)
            let tsirelson = 2 * 2.0.squareRoot()
            if chsh > tsirelson {
                // Tsirelson (Lett. Math. Phys. 4, 93 (1980)): no quantum state gives S > 2√2.
                let se = r.chshStdError.map { " (standard error of S: \(Format.fixed($0, 4)))" } ?? ""
                lines.append("  note            S is above 2√2 = \(Format.fixed(tsirelson, 4)), which quantum physics never exceeds: "
                             + "this is a statistical fluctuation of \(Format.count(r.detected)) finite pairs\(se), not new physics")
            }
            if let e = r.chshStdError, e > 0 {
                let z = (chsh - 2) / e
                lines.append("  Bell test       " + (z > 3 ? s.green("VIOLATED") + " by \(Format.fixed(z, 1)) standard errors: the pairs are entangled"
                                                  : s.red("NOT VIOLATED") + ": no proof of entanglement, assume Eve"))
            }
        }
        lines.append("  key bits        \(Format.count(r.keyBits)), QBER " + (r.qber.map { Format.percent($0) } ?? "no key bits (these settings share no analyzer angle)"))
        if c.eve != .none { lines.append("  Eve knows       \(Format.count(r.eveKnownBits)) key bits") }
        return asciiFallback(lines.joined(separator: "\n"), s)
    }
}
