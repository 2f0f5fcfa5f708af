import Foundation
import QuantumSim

/// A polarization named the way a learner types it: H, V, D, A, R, L or an
/// angle in degrees.
public struct PolarizationSetting: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The learner's spelling, normalized (e.g. "H", "22.5").
    public let name: String
    /// The linear angle in degrees, or nil for circular polarization.
    public let degrees: Double?
    public let circular: CircularHandedness?

    public enum CircularHandedness: String, Codable, Sendable { case right = "R", left = "L" }

    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.uppercased() {
        case "H": self.init(name: "H", degrees: 0)
        case "V": self.init(name: "V", degrees: 90)
        case "D": self.init(name: "D", degrees: 45)
        case "A": self.init(name: "A", degrees: -45)
        case "R": self.init(name: "R", degrees: nil, circular: .right)
        case "L": self.init(name: "L", degrees: nil, circular: .left)
        default:
            var number = t
            for suffix in ["°", "deg"] where number.hasSuffix(suffix) { number.removeLast(suffix.count) }
            guard let d = Double(number), d.isFinite, abs(d) <= 360 else {
                throw SimulationError("'\(text)' is not a polarization: use H, V, D, A, R, L or an angle in degrees from -360 to 360")
            }
            self.init(name: Self.format(d), degrees: d)
        }
    }

    init(name: String, degrees: Double?, circular: CircularHandedness? = nil) {
        self.name = name; self.degrees = degrees; self.circular = circular
    }

    public var description: String { name }

    /// The state a source set this way emits.
    public var state: Qubit {
        switch circular {
        case .right: return .rightCircular
        case .left: return .leftCircular
        case nil: return .linear(degrees: degrees!)
        }
    }

    /// An analyzer set this way: outcome 0 means the photon passes.
    public var analyzer: MeasurementBasis {
        switch circular {
        case .right: return .circular
        case .left: return MeasurementBasis(.leftCircular, .rightCircular, label: "circular (L passes)")
        case nil: return .linear(degrees: degrees!)
        }
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() ? String(Int(d)) : String(d)
    }
}

/// N single photons through one analyzer: counts against the Born rule.
public struct PolarizationRun: Codable, Sendable {
    public static let maxPhotons = 100_000_000
    public var source: String
    public var analyzer: String
    public var photons: Int
    public var passed: Int
    public var observedFraction: Double
    /// Born-rule probability |⟨analyzer|source⟩|²; Malus's cos²(b − a) for linear states.
    public var probability: Double
    /// One binomial standard deviation of the observed fraction.
    public var standardError: Double
    public var seed: UInt64
    /// The first photons' outcomes, in order (true = passed), for watching one at a time.
    public var firstPhotons: [Bool]?
    /// Photons passed after each twentieth of the run (at photons·k/20, k = 1…20).
    public var checkpoints: [Int]?

    public static let firstPhotonCount = 24
    public static let checkpointCount = 20

    /// The photon count at checkpoint k (1-based), as used for `checkpoints`.
    public func photonsAt(checkpoint k: Int) -> Int { photons * k / Self.checkpointCount }
}

public struct PolarizationSweep: Codable, Sendable {
    public var source: String
    public var photons: Int
    public var stepDegrees: Double
    public var seed: UInt64
    public var rows: [PolarizationRun]
}

public enum PolarizationExperiment {
    public static func run(source: PolarizationSetting, analyzer: PolarizationSetting,
                           photons: Int, seed: UInt64) throws -> PolarizationRun {
        try SimulationError.check(count: photons, max: PolarizationRun.maxPhotons, "--photons")
        var stream = RandomSource(seed: seed).stream("analyzer.\(analyzer.name)")
        return run(source, analyzer, photons, seed, &stream)
    }

    static func run(_ source: PolarizationSetting, _ analyzer: PolarizationSetting, _ photons: Int,
                    _ seed: UInt64, _ stream: inout RandomStream) -> PolarizationRun {
        let p = analyzer.analyzer.probabilities(of: source.state).0
        // Each photon passes independently with the Born probability: 64 at a time.
        let t = BernoulliThreshold(p)
        var passed = 0
        var done = 0
        var first: [Bool] = []
        var checkpoints: [Int] = []
        var k = 1
        func mask(_ n: Int) -> UInt64 { n >= 64 ? ~0 : (1 << UInt64(n)) - 1 }
        while done < photons {
            let lanes = min(64, photons - done)
            let w = stream.bernoulliWord(t) & mask(lanes)
            if first.count < PolarizationRun.firstPhotonCount {
                for i in 0..<min(lanes, PolarizationRun.firstPhotonCount - first.count) { first.append((w >> UInt64(i)) & 1 == 1) }
            }
            // Exact counts at each checkpoint that falls inside this word.
            while k <= PolarizationRun.checkpointCount && photons * k / PolarizationRun.checkpointCount <= done + lanes {
                let inside = photons * k / PolarizationRun.checkpointCount - done
                checkpoints.append(passed + (w & mask(inside)).nonzeroBitCount)
                k += 1
            }
            passed += w.nonzeroBitCount
            done += lanes
        }
        return PolarizationRun(source: source.name, analyzer: analyzer.name, photons: photons, passed: passed,
                               observedFraction: Double(passed) / Double(photons), probability: p,
                               standardError: (p * (1 - p) / Double(photons)).squareRoot(), seed: seed,
                               firstPhotons: first, checkpoints: checkpoints)
    }

    /// The analyzer swept from 0° to 180° in steps of `step` degrees.
    public static func sweep(source: PolarizationSetting, step: Double, photons: Int, seed: UInt64) throws -> PolarizationSweep {
        guard step.isFinite, step >= 0.5, step <= 180 else {
            throw SimulationError("--sweep step must be between 0.5 and 180 degrees (got \(step))")
        }
        let angles = Array(stride(from: 0.0, through: 180.0 + 1e-9, by: step))
        try SimulationError.check(count: photons * angles.count, max: PolarizationRun.maxPhotons,
                                  "photons × angles in a sweep")
        var stream = RandomSource(seed: seed).stream("analyzer.sweep")
        let rows = angles.map { a in
            var r = run(source, PolarizationSetting(name: PolarizationSetting.format(a), degrees: a), photons, seed, &stream)
            r.firstPhotons = nil; r.checkpoints = nil   // a sweep row needs only its totals
            return r
        }
        return PolarizationSweep(source: source.name, photons: photons, stepDegrees: step, seed: seed, rows: rows)
    }
}
