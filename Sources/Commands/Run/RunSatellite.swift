import ArgumentParser
import Foundation
import QKD
import QKDNetwork
import QuantumSim


/// JSON and text report of `run satellite`.
public struct SatelliteRunReport: Codable, Sendable {
    public struct Pass: Codable, Sendable {
        public var index: Int
        /// Start of the pass, UTC (ISO 8601), and the station's local mean solar time then.
        public var startUTC: String
        public var localSolarTimeH: Double
        public var sunElevationDeg: Double
        public var durationS: Double
        public var maxElevationDeg: Double
        public var minSlantRangeKm: Double
        /// Final key after finite-key privacy amplification, whole bits.
        public var keyBits: Int
        public var siftedBits: Int
        public var qber: Double
        /// Final key over the pass's duration.
        public var averageKeyRateBps: Double
        /// The highest per-second share of the pass's final key (see `PassSample.keyRateBps`).
        public var peakKeyRateBps: Double
        /// What the same counts give with no finite-size corrections, whole bits.
        public var asymptoticKeyBits: Int
        public var phaseErrorUpper: Double
        /// The pass sampled at up to 48 instants: elevation, range, loss and rate.
        public var track: [PassSample]
    }
    public struct Relay: Codable, Sendable {
        public var stationB: String
        public var keyBitsA: Int
        public var keyBitsB: Int
        /// min of the two: the satellite can only combine equal lengths.
        public var sharedKeyBits: Int
        public var recoveredMatches: Bool
        public var sampleAnnouncedBits: String
    }
    /// The published pass this model is checked against.
    public struct Published: Codable, Sendable {
        public var station: String
        public var keyBits: Int
        public var durationS: Double
        public var source: String
    }
    public var station: GroundStation
    public var preset: String
    /// The decoy estimator family (vacuum + weak decoy), kept for the studio; the key length itself is
    /// `keyLengthMethod`.
    public var model: KeyRateModel
    public var keyLengthMethod: String
    public var epsilonSecrecy: Double
    public var epsilonCorrectness: Double
    public var systemSource: String
    public var altitudeKm: Double
    public var inclinationDeg: Double
    public var periodMin: Double
    public var minElevationDeg: Double
    public var systemLossDb: Double
    public var zenithAttenuationDb: Double
    public var seed: UInt64
    public var passes: [Pass]
    /// Sum of the passes' final keys, whole bits.
    public var totalKeyBits: Int
    public var published: Published
    public var relay: Relay?
    public var caveats: [String]
}

public struct RunSatellite: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "satellite",
        abstract: "Micius night passes over a ground station: elevation, slant range, loss and finite key per pass.",
        discussion: """
        Sun-synchronous circular orbit at 500 km over a rotating spherical Earth; only night passes \
        above the elevation mask count. Loss = system + 20·log10(range) + zenith attenuation × air mass, \
        fitted to 22 dB at 645 km and 35 dB at 1,200 km; source, intensities and detector from \
        Liao et al., Nature 549, 43 (2017); a finite key per pass (Lim et al., PRA 89, 022307 (2014)).

        Example: qkdtutor run satellite --station Xinglong --passes 3 --relay-to Graz
        """)

    @Option(help: "Ground station (Xinglong, Nanshan, Delingha, Lijiang, Ngari, Graz).") var station: String
    @Option(help: "Number of night passes (1 to 100).") var passes = 3
    @Option(help: "System preset: satellite (Micius as in Liao et al. 2017; the only one for passes).") var preset = "satellite"
    @Option(name: .customLong("min-elevation"), help: "Lowest usable elevation in degrees (5 to 45).") var minElevation = PassSimulator.defaultMinElevationDeg
    @Option(name: .customLong("relay-to"), help: "Second station: Micius relays a key between the two (XOR scheme).") var relayTo: String?
    @Option(help: "Random seed: picks the night (the same seed gives the same passes).") var seed: UInt64 = 1
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func execute(_ context: ExecutionContext) throws -> Report {
        let report = try CommandError.wrapNetwork { try makeReport(cancellation: context.cancellation) }
        return Report(kind: "satellite", report) { SatelliteText.render($0, style: $1) }
    }

    /// Every k-th sample, keeping the last, so the report stays small.
    static func thin(_ samples: [PassSample], to limit: Int) -> [PassSample] {
        guard samples.count > limit else { return samples }
        let stride = (samples.count + limit - 1) / limit
        var out = samples.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
        if let last = samples.last, out.last != last { out.append(last) }
        return out
    }

    static func stations() throws -> [GroundStation] {
        try ScenarioLoader.groundStations(named: "micius")
    }

    /// Liao et al. (2017): about 3×10^5 final bits from one pass of about 273 s at Xinglong.
    static let published = SatelliteRunReport.Published(
        station: "Xinglong", keyBits: 300_000, durationS: 273,
        source: "Liao et al., Nature 549, 43 (2017): about 3×10^5 final bits in a pass of about 273 s (≈1.1 kbit/s)")

    func makeReport(cancellation: CancellationToken?) throws -> SatelliteRunReport {
        let all = try Self.stations()
        func find(_ name: String) throws -> GroundStation {
            guard let s = all.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw NetworkError("unknown station '\(TerminalSafe.clean(name))' (stations: \(all.map(\.name).joined(separator: ", ")))")
            }
            return s
        }
        let st = try find(station)
        guard (1...100).contains(passes) else { throw NetworkError("--passes must be between 1 and 100 (got \(passes))") }
        guard preset.lowercased() == "satellite" else {
            throw NetworkError("--preset: passes use the Micius system of Liao et al. 2017 ('satellite'); got '\(TerminalSafe.clean(preset))'")
        }
        let sim = try PassSimulator(minElevationDeg: minElevation)
        let results = try sim.randomPasses(over: st, count: passes, seed: seed, cancellation: cancellation)
        let rows = results.enumerated().map { i, r in
            SatelliteRunReport.Pass(index: i + 1, startUTC: r.startUTC, localSolarTimeH: r.localSolarTimeH,
                                    sunElevationDeg: r.sunElevationDeg, durationS: r.durationS,
                                    maxElevationDeg: r.maxElevationDeg, minSlantRangeKm: r.minSlantRangeKm,
                                    keyBits: r.keyBits, siftedBits: r.siftedBits, qber: r.finiteKey.qber,
                                    averageKeyRateBps: r.averageKeyRateBps,
                                    peakKeyRateBps: r.samples.map(\.keyRateBps).max() ?? 0,
                                    asymptoticKeyBits: r.finiteKey.asymptoticBits, phaseErrorUpper: r.finiteKey.phaseErrorUpper,
                                    track: Self.thin(r.samples, to: 48))
        }
        var relay: SatelliteRunReport.Relay?
        if let other = relayTo {
            let b = try find(other)
            guard b.name != st.name else { throw NetworkError("--relay-to must name a different station") }
            // Station B's pass is its next night pass after A's (its own search).
            let passB = try sim.randomPasses(over: b, count: 1, seed: seed, cancellation: cancellation)[0]
            let ka = results[0].keyBits, kb = passB.keyBits
            let n = min(ka, kb, 1_048_576)  // the XOR is shown on at most 2^20 real bits, for speed
            var sa = RandomStream(seed: seed, name: "satellite.key.A"), sb = RandomStream(seed: seed, name: "satellite.key.B")
            let r = SatelliteRelay.combine(keyA: BitVector(random: n, from: &sa), keyB: BitVector(random: n, from: &sb))
            relay = .init(stationB: b.name, keyBitsA: ka, keyBitsB: kb, sharedKeyBits: min(ka, kb),
                          recoveredMatches: r.recoveredAtB == r.sharedAtA, sampleAnnouncedBits: r.announced.bitString(limit: 32))
        }
        let sys = sim.system
        return SatelliteRunReport(
            station: st, preset: "satellite", model: .decoyVacuumWeak,
            keyLengthMethod: results.first?.finiteKey.method ?? "",
            epsilonSecrecy: sys.epsilonSecrecy, epsilonCorrectness: sys.epsilonCorrectness,
            systemSource: DecoyDownlinkSystem.source,
            altitudeKm: sim.orbit.altitudeKm, inclinationDeg: sim.orbit.inclinationRad * 180 / .pi,
            periodMin: sim.orbit.periodS / 60,
            minElevationDeg: minElevation, systemLossDb: sim.loss.systemLossDb, zenithAttenuationDb: sim.loss.zenithAttenuationDb,
            seed: seed, passes: rows, totalKeyBits: rows.reduce(0) { $0 + $1.keyBits }, published: Self.published, relay: relay,
            caveats: [
                "Passes come from a sun-synchronous orbit (J2 node drift only) over a rotating spherical Earth; the seed picks the night.",
                "Counts are expected values; the key length is the finite-key bound of Lim et al. (2014) applied to each pass, each basis in turn.",
                "Micius worked at night: passes with the sun less than 12° below the horizon are skipped; weather is not modelled.",
                "Background counts, misalignment and error-correction efficiency are our choices (see systemSource).",
                "As a relay the satellite knows both keys (Liao et al., PRL 120, 030501 (2018)); only kA XOR kB is public.",
            ])
    }
}

enum SatelliteText {
    static func hm(_ h: Double) -> String {
        let m = Int((h * 60).rounded()) % (24 * 60)
        return String(format: "%02d:%02d", m / 60, m % 60)
    }

    static func render(_ r: SatelliteRunReport, style s: TextStyle) -> String {
        var out: [String] = []
        out.append(s.bold("Micius night passes over \(r.station.name) \(s.dash) decoy-state BB84 with a finite key per pass, seed \(r.seed)"))
        out.append("  orbit \(Format.fixed(r.altitudeKm, 0)) km sun-synchronous (inclination \(Format.fixed(r.inclinationDeg, 1))°), period \(Format.fixed(r.periodMin, 1)) min; link above \(Format.fixed(r.minElevationDeg, 0))°")
        out.append("  loss = \(Format.fixed(r.systemLossDb, 1)) dB + 20·log10(range/km) + \(Format.fixed(r.zenithAttenuationDb, 2)) dB / sin(elevation)")
        var table = [["pass", "start (UTC)", "local", "duration", "max elev", "min range", "sifted", "final key", "average"]]
        for p in r.passes {
            table.append(["\(p.index)", String(p.startUTC.prefix(16)).replacingOccurrences(of: "T", with: " "), hm(p.localSolarTimeH),
                          Format.fixed(p.durationS, 0) + " s", Format.fixed(p.maxElevationDeg, 1) + "°",
                          Format.number(p.minSlantRangeKm, 0) + " km", Format.count(p.siftedBits),
                          Format.count(p.keyBits) + " bits", NetworkText.rate(p.averageKeyRateBps)])
        }
        out += Table.render(table, style: s)
        out.append("  total \(Format.count(r.totalKeyBits)) final key bits in \(Format.plural(r.passes.count, "pass", "passes")) (model value)")
        let p = r.published
        out.append("  published       \(Format.count(p.keyBits)) bits in \(Format.fixed(p.durationS, 0)) s at \(p.station) (\(p.source))")
        out.append("  key length      \(r.keyLengthMethod); ε_sec = \(Format.scientific(r.epsilonSecrecy)), ε_cor = \(Format.scientific(r.epsilonCorrectness))")
        if let rel = r.relay {
            out.append("")
            out.append(s.bold("  Trusted-satellite relay \(r.station.name) \(s.unicode ? "⇄" : "<->") \(rel.stationB)"))
            out.append("  kA = \(Format.count(rel.keyBitsA)) bits, kB = \(Format.count(rel.keyBitsB)) bits; shared \(Format.count(rel.sharedKeyBits)) bits")
            out.append("  announced kA XOR kB: \(rel.sampleAnnouncedBits)…  \(rel.stationB) recovers kA: \(rel.recoveredMatches ? s.check : s.cross)")
        }
        for c in r.caveats { out.append("  * " + c) }
        return out.joined(separator: "\n")
    }
}
