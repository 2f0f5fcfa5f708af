import ArgumentParser
import Foundation
import QKD
import QKDNetwork
import QuantumSim


/// JSON and text report of `run satellite`.
public struct SatelliteRunReport: Codable, Sendable {
    public struct Pass: Codable, Sendable {
        public var index: Int
        public var durationS: Double
        public var maxElevationDeg: Double
        public var minSlantRangeKm: Double
        public var keyBits: Double
        public var peakKeyRateBps: Double
        /// The pass sampled at up to 48 instants: elevation, range, loss and rate.
        public var track: [PassSample]
    }
    public struct Relay: Codable, Sendable {
        public var stationB: String
        public var keyBitsA: Double
        public var keyBitsB: Double
        /// min of the two: the satellite can only combine equal lengths.
        public var sharedKeyBits: Int
        public var recoveredMatches: Bool
        public var sampleAnnouncedBits: String
    }
    public var station: GroundStation
    public var preset: String
    public var model: KeyRateModel
    public var altitudeKm: Double
    public var periodMin: Double
    public var minElevationDeg: Double
    public var systemLossDb: Double
    public var zenithAttenuationDb: Double
    public var seed: UInt64
    public var passes: [Pass]
    public var totalKeyBits: Double
    public var relay: Relay?
    public var caveats: [String]
}

public struct RunSatellite: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "satellite",
        abstract: "Satellite passes over a ground station: elevation, range, loss and key per pass.",
        discussion: """
        Micius-like circular orbit at 500 km over a spherical Earth (R = 6371 km). Loss = diffraction \
        (20·log10 of range) + zenith attenuation × air mass, fitted to Liao et al., Nature 549, 43 (2017).

        Example: qkdtutor run satellite --station Xinglong --passes 3 --relay-to Graz
        """)

    @Option(help: "Ground station (Xinglong, Nanshan, Delingha, Lijiang, Graz).") var station: String
    @Option(help: "Number of passes (1 to 100).") var passes = 3
    @Option(help: "Free-space system preset (satellite).") var preset = "satellite"
    @Option(help: "Key-rate model (decoy-vacuum-weak, decoy-infinite, gllp, shor-preskill).") var model: KeyRateModel = .decoyVacuumWeak
    @Option(name: .customLong("min-elevation"), help: "Lowest usable elevation in degrees (5 to 45).") var minElevation = PassSimulator.defaultMinElevationDeg
    @Option(name: .customLong("relay-to"), help: "Second station: Micius relays a key between the two (XOR scheme).") var relayTo: String?
    @Option(help: "Random seed: the same seed replays the same passes.") var seed: UInt64 = 1
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func execute(_ context: ExecutionContext) throws -> Report {
        let report = try CommandError.wrapNetwork { try makeReport() }
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
        try ScenarioLoader.load(named: "micius").network.nodes.compactMap { n in
            guard n.kind == .groundStation, let la = n.latitudeDeg, let lo = n.longitudeDeg else { return nil }
            return GroundStation(name: n.id, latitudeDeg: la, longitudeDeg: lo, source: n.source)
        }
    }

    func makeReport() throws -> SatelliteRunReport {
        let all = try Self.stations()
        func find(_ name: String) throws -> GroundStation {
            guard let s = all.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw NetworkError("unknown station '\(name)' (stations: \(all.map(\.name).joined(separator: ", ")))")
            }
            return s
        }
        let st = try find(station)
        guard (1...100).contains(passes) else { throw NetworkError("--passes must be between 1 and 100 (got \(passes))") }
        guard let p = SystemPreset.named(preset) else {
            throw NetworkError("unknown preset '\(preset)' (presets: \(SystemPreset.all.map(\.name).joined(separator: ", ")))")
        }
        guard model != .plob else { throw NetworkError("--model plob is a bound, not a protocol; pick a key-rate model") }
        let sim = try PassSimulator(preset: p, model: model, minElevationDeg: minElevation)
        let results = try sim.randomPasses(count: passes, seed: seed)
        let rows = results.enumerated().map { i, r in
            SatelliteRunReport.Pass(index: i + 1, durationS: r.durationS, maxElevationDeg: r.maxElevationDeg,
                                    minSlantRangeKm: r.minSlantRangeKm, keyBits: r.keyBits,
                                    peakKeyRateBps: r.samples.map(\.keyRateBps).max() ?? 0,
                                    track: Self.thin(r.samples, to: 48))
        }
        var relay: SatelliteRunReport.Relay?
        if let other = relayTo {
            let b = try find(other)
            guard b.name != st.name else { throw NetworkError("--relay-to must name a different station") }
            // Station B's pass comes later in the orbit: its own seeded stream.
            let passB = try sim.randomPasses(count: 1, seed: seed &+ 1)[0]
            let ka = results[0].keyBits, kb = passB.keyBits
            let n = Int(min(ka, kb, 1_048_576))  // the XOR is shown on at most 2^20 real bits, for speed
            var sa = RandomStream(seed: seed, name: "satellite.key.A"), sb = RandomStream(seed: seed, name: "satellite.key.B")
            let r = SatelliteRelay.combine(keyA: BitVector(random: n, from: &sa), keyB: BitVector(random: n, from: &sb))
            relay = .init(stationB: b.name, keyBitsA: ka, keyBitsB: kb, sharedKeyBits: Int(min(ka, kb)),
                          recoveredMatches: r.recoveredAtB == r.sharedAtA, sampleAnnouncedBits: r.announced.bitString(limit: 32))
        }
        return SatelliteRunReport(
            station: st, preset: p.name, model: model, altitudeKm: sim.orbit.altitudeKm, periodMin: sim.orbit.periodS / 60,
            minElevationDeg: minElevation, systemLossDb: sim.loss.systemLossDb, zenithAttenuationDb: sim.loss.zenithAttenuationDb,
            seed: seed, passes: rows, totalKeyBits: rows.reduce(0) { $0 + $1.keyBits }, relay: relay,
            caveats: [
                "Passes are drawn with the ground track offset uniformly across the visible band; Earth's rotation and the station's latitude are ignored.",
                "Rates are asymptotic (no finite-size correction), so they exceed the published per-pass keys.",
                "Micius worked at night; daylight and weather are not modeled.",
                "As a relay the satellite knows both keys (Liao et al., PRL 120, 030501 (2018)); only kA XOR kB is public.",
            ])
    }
}

enum SatelliteText {
    static func render(_ r: SatelliteRunReport, style s: TextStyle) -> String {
        var out: [String] = []
        out.append(s.bold("Satellite passes over \(r.station.name) \(s.dash) \(r.model.rawValue) on '\(r.preset)', seed \(r.seed)"))
        out.append("  orbit \(Format.fixed(r.altitudeKm, 0)) km, period \(Format.fixed(r.periodMin, 1)) min; link above \(Format.fixed(r.minElevationDeg, 0))°")
        out.append("  loss = \(Format.fixed(r.systemLossDb, 1)) dB + 20·log10(range/km) + \(Format.fixed(r.zenithAttenuationDb, 2)) dB / sin(elevation)")
        var table = [["pass", "duration", "max elev", "min range", "peak rate", "key"]]
        for p in r.passes {
            table.append(["\(p.index)", Format.fixed(p.durationS, 0) + " s", Format.fixed(p.maxElevationDeg, 1) + "°",
                          Format.number(p.minSlantRangeKm, 0) + " km", NetworkText.rate(p.peakKeyRateBps),
                          Format.count(Int(p.keyBits)) + " bits"])
        }
        out += Table.render(table, style: s)
        out.append("  total \(Format.count(Int(r.totalKeyBits))) key bits in \(Format.plural(r.passes.count, "pass", "passes"))")
        if let rel = r.relay {
            out.append("")
            out.append(s.bold("  Trusted-satellite relay \(r.station.name) \(s.unicode ? "⇄" : "<->") \(rel.stationB)"))
            out.append("  kA = \(Format.count(Int(rel.keyBitsA))) bits, kB = \(Format.count(Int(rel.keyBitsB))) bits; shared \(Format.count(rel.sharedKeyBits)) bits")
            out.append("  announced kA XOR kB: \(rel.sampleAnnouncedBits)…  \(rel.stationB) recovers kA: \(rel.recoveredMatches ? s.check : s.cross)")
        }
        for c in r.caveats { out.append("  * " + c) }
        return out.joined(separator: "\n")
    }
}
