import ArgumentParser
import QKD

public struct RunPolarization: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "polarization",
        abstract: "Single photons through a polarization analyzer (Malus's law as the Born rule).",
        discussion: """
        Source and analyzer take H, V, D, A, R, L or an angle in degrees; the source
        may also be unpolarized. --then adds analyzers behind the first, in order.

        Example: qkdtutor run polarization --source H --analyzer 22.5 --photons 100000 --seed 1
        Example: qkdtutor run polarization --source unpolarized --analyzer H --then D --then V
        """)

    @Option(help: "Source polarization: H, V, D, A, R, L, unpolarized or an angle in degrees.") var source = "H"
    @Option(help: "Analyzer setting: an angle in degrees, or H, V, D, A, R, L.") var analyzer = "0"
    @Option(help: "Photons to send (1 to 10^8).") var photons = 10_000
    @Option(help: "Random seed: the same seed replays the same run.") var seed: UInt64 = 1
    @Option(help: "Sweep the analyzer from 0° to 180° in steps of this many degrees.") var sweep: Double?
    @Option(name: .customLong("then"), help: "Another analyzer behind the previous one (repeatable, up to 7).") var then: [String] = []
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func execute(_ context: ExecutionContext) throws -> Report {
        try CommandError.wrap {
            let src = try PolarizationSetting(source: source)
            if !then.isEmpty {
                if sweep != nil { throw RequestError("--then and --sweep cannot be combined: sweep one analyzer, or chain fixed ones") }
                let path = try ([analyzer] + then).map(PolarizationSetting.init(parsing:))
                let r = try PolarizationExperiment.path(source: src, analyzers: path, photons: photons, seed: seed,
                                                        cancellation: context.cancellation)
                return Report(kind: "polarization", r) { PolarizationText.path($0, $1) }
            }
            if let step = sweep {
                let s = try PolarizationExperiment.sweep(source: src, step: step, photons: photons, seed: seed)
                return Report(kind: "polarization", s) { PolarizationText.sweep($0, $1) }
            }
            let r = try PolarizationExperiment.run(source: src, analyzer: try PolarizationSetting(parsing: analyzer),
                                                   photons: photons, seed: seed)
            return Report(kind: "polarization", r) { PolarizationText.single($0, $1) }
        }
    }
}

enum PolarizationText {
    static func single(_ r: PolarizationRun, _ s: TextStyle) -> String {
        let sigmas = r.standardError > 0 ? (r.observedFraction - r.probability) / r.standardError : 0
        return [
            s.bold("Polarization \(s.dash) source \(r.source), analyzer \(r.analyzer), \(Format.plural(r.photons, "photon")), seed \(r.seed)"),
            "  passed          \(Format.count(r.passed)) of \(Format.plural(r.photons, "photon"))",
            "  observed        \(Format.fixed(r.observedFraction, 5))",
            "  Born rule       \(Format.fixed(r.probability, 5))   (difference \(Format.fixed(sigmas, 2)) standard errors)",
        ].joined(separator: "\n")
    }

    static func path(_ r: PolarizationRun, _ s: TextStyle) -> String {
        let sigmas = r.standardError > 0 ? (r.observedFraction - r.probability) / r.standardError : 0
        var rows = [["analyzer", "reached", "passed", "passed/reached", "Born rule"]]
        for st in r.stages ?? [] {
            let ratio = st.entering > 0 ? Format.fixed(Double(st.passed) / Double(st.entering), 4) : "-"
            rows.append([st.analyzer, Format.count(st.entering), Format.count(st.passed), ratio, Format.fixed(st.probability, 4)])
        }
        return ([s.bold("Polarization \(s.dash) source \(r.source), analyzers \(r.analyzer), \(Format.count(r.photons)) photons, seed \(r.seed)")]
                + Table.render(rows, style: s) + [
            "  through all     \(Format.count(r.passed)) of \(Format.count(r.photons))",
            "  observed        \(Format.fixed(r.observedFraction, 5))",
            "  Born rule       \(Format.fixed(r.probability, 5))   (difference \(Format.fixed(sigmas, 2)) standard errors)",
        ]).joined(separator: "\n")
    }

    static func sweep(_ sw: PolarizationSweep, _ s: TextStyle) -> String {
        var rows = [["analyzer", "passed", "observed", "Born rule"] + (s.plain ? [] : [""])]
        for r in sw.rows {
            var cells = [r.analyzer + (s.unicode ? "°" : " deg"), Format.count(r.passed),
                         Format.fixed(r.observedFraction, 4), Format.fixed(r.probability, 4)]
            if !s.plain { cells.append(s.bar(r.observedFraction, width: 30)) }
            rows.append(cells)
        }
        return ([s.bold("Malus sweep \(s.dash) source \(sw.source), \(Format.plural(sw.photons, "photon")) per angle, seed \(sw.seed)")]
                + Table.render(rows, style: s)).joined(separator: "\n")
    }
}
