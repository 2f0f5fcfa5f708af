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
    /// A source of unpolarized light (`PolarizationSetting(source:)` only): each
    /// photon is in the maximally mixed state I/2.
    public var unpolarized: Bool { name == Self.unpolarizedName }
    static let unpolarizedName = "unpolarized"

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

    /// A source setting: everything an analyzer takes, plus `unpolarized` (or U).
    public init(source text: String) throws {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "u", "unpolarized": self.init(name: Self.unpolarizedName, degrees: nil)
        default:
            do { try self.init(parsing: text) } catch {
                throw SimulationError("'\(text)' is not a polarization: use H, V, D, A, R, L, unpolarized or an angle in degrees from -360 to 360")
            }
        }
    }

    init(name: String, degrees: Double?, circular: CircularHandedness? = nil) {
        self.name = name; self.degrees = degrees; self.circular = circular
    }

    public var description: String { name }

    /// The state a source set this way emits (not defined for `unpolarized`: use `density`).
    public var state: Qubit {
        switch circular {
        case .right: return .rightCircular
        case .left: return .leftCircular
        case nil: return .linear(degrees: degrees!)
        }
    }

    /// The source's one-photon density matrix: I/2 for unpolarized light, |ψ⟩⟨ψ| otherwise.
    public var density: DensityMatrix {
        unpolarized ? .maximallyMixed(dimension: 2) : DensityMatrix(state)
    }

    /// An analyzer set this way as a Jones matrix: the projector onto the state
    /// it passes (a polarizer; Hecht, *Optics*, ch. 8).
    public var jones: JonesMatrix { JonesMatrix(analyzer.projector(for: 0)) }

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
    /// With analyzers in sequence (`--then`): each analyzer in the order the
    /// light meets it. `passed`, `observedFraction` and `probability` are then
    /// for the whole path; nil for a single analyzer.
    public var stages: [PolarizationStage]?

    public static let firstPhotonCount = 24
    public static let checkpointCount = 20

    /// The photon count at checkpoint k (1-based), as used for `checkpoints`.
    public func photonsAt(checkpoint k: Int) -> Int { photons * k / Self.checkpointCount }
}

/// One analyzer on a path of several.
public struct PolarizationStage: Codable, Sendable, Equatable {
    public var analyzer: String
    /// Photons that reached this analyzer (passed every earlier one).
    public var entering: Int
    public var passed: Int
    /// Born probability of passing this analyzer given the photon reached it.
    public var probability: Double
    /// Born probability of getting through this analyzer from the source.
    public var cumulativeProbability: Double
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
        let p = source.unpolarized ? analyzer.analyzer.probabilities(of: source.density).0
                                   : analyzer.analyzer.probabilities(of: source.state).0
        // Each photon passes independently with the Born probability: 64 at a time.
        let t = BernoulliThreshold(p)
        var tally = PassTally(photons: photons)
        while tally.done < photons {
            let lanes = min(64, photons - tally.done)
            tally.add(stream.bernoulliWord(t) & PassTally.mask(lanes), lanes: lanes)
        }
        return PolarizationRun(source: source.name, analyzer: analyzer.name, photons: photons, passed: tally.passed,
                               observedFraction: Double(tally.passed) / Double(photons), probability: p,
                               standardError: (p * (1 - p) / Double(photons)).squareRoot(), seed: seed,
                               firstPhotons: tally.first, checkpoints: tally.checkpoints)
    }

    /// Analyzers in sequence: the light meets `analyzers[0]` first. A photon
    /// that passes an analyzer leaves it in the analyzer's state, so it passes
    /// the next with the Born probability Tr(M ρ M†) of the normalized state ρ
    /// behind the previous one (Jones calculus, Hecht, *Optics*, ch. 8, with
    /// the density-matrix form of Nielsen & Chuang §2.4.1 for unpolarized light).
    /// Every photon is followed through every analyzer it reaches.
    public static func path(source: PolarizationSetting, analyzers: [PolarizationSetting],
                            photons: Int, seed: UInt64,
                            cancellation: CancellationToken? = nil) throws -> PolarizationRun {
        try SimulationError.check(count: photons, max: PolarizationRun.maxPhotons, "--photons")
        guard !analyzers.isEmpty, analyzers.count <= maxAnalyzers else {
            throw SimulationError("a path takes 1 to \(maxAnalyzers) analyzers (got \(analyzers.count))")
        }
        // Conditional and cumulative Born probabilities from the Jones matrices.
        var rho: DensityMatrix? = source.density
        var conditional: [Double] = []
        var cumulative: [Double] = []
        var total = 1.0
        for a in analyzers {
            guard let r = rho else { conditional.append(0); cumulative.append(0); continue }
            let t = a.jones.transmit(r)
            conditional.append(t.probability)
            total *= t.probability
            cumulative.append(total)
            rho = t.state
        }
        let thresholds = conditional.map(BernoulliThreshold.init)
        var stream = RandomSource(seed: seed).stream("path." + analyzers.map(\.name).joined(separator: "."))
        var entering = [Int](repeating: 0, count: analyzers.count)
        var passedAt = [Int](repeating: 0, count: analyzers.count)
        var tally = PassTally(photons: photons)
        while tally.done < photons {
            if tally.done & 0xFFFFF == 0, cancellation?.isCancelled == true { throw CancelledError() }
            let lanes = min(64, photons - tally.done)
            // Lane i is one photon; a bit stays set while that photon is still in the beam.
            var alive = PassTally.mask(lanes)
            for (i, t) in thresholds.enumerated() {
                entering[i] += alive.nonzeroBitCount
                alive &= stream.bernoulliWord(t)
                passedAt[i] += alive.nonzeroBitCount
            }
            tally.add(alive, lanes: lanes)
        }
        let stages = analyzers.indices.map {
            PolarizationStage(analyzer: analyzers[$0].name, entering: entering[$0], passed: passedAt[$0],
                              probability: conditional[$0], cumulativeProbability: cumulative[$0])
        }
        return PolarizationRun(source: source.name, analyzer: analyzers.map(\.name).joined(separator: " then "),
                               photons: photons, passed: tally.passed,
                               observedFraction: Double(tally.passed) / Double(photons), probability: total,
                               standardError: (total * (1 - total) / Double(photons)).squareRoot(), seed: seed,
                               firstPhotons: tally.first, checkpoints: tally.checkpoints, stages: stages)
    }

    /// The most analyzers one path takes.
    public static let maxAnalyzers = 8

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

/// What a run keeps of the photons that passed, one 64-photon word at a time:
/// the total, the first photons for the bench view, and exact counts at each
/// checkpoint that falls inside a word (shared by one analyzer and a chain).
struct PassTally {
    let photons: Int
    private(set) var passed = 0
    private(set) var done = 0
    private(set) var first: [Bool] = []
    private(set) var checkpoints: [Int] = []
    private var k = 1

    init(photons: Int) { self.photons = photons }

    static func mask(_ n: Int) -> UInt64 { n >= 64 ? ~0 : (1 << UInt64(n)) - 1 }

    /// `word`: bit i set when photon `done + i` passed; `lanes` photons in it.
    mutating func add(_ word: UInt64, lanes: Int) {
        if first.count < PolarizationRun.firstPhotonCount {
            for i in 0..<min(lanes, PolarizationRun.firstPhotonCount - first.count) { first.append((word >> UInt64(i)) & 1 == 1) }
        }
        while k <= PolarizationRun.checkpointCount && photons * k / PolarizationRun.checkpointCount <= done + lanes {
            let inside = photons * k / PolarizationRun.checkpointCount - done
            checkpoints.append(passed + (word & Self.mask(inside)).nonzeroBitCount)
            k += 1
        }
        passed += word.nonzeroBitCount
        done += lanes
    }
}
