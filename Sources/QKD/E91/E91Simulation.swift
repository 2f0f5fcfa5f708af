import Foundation
import QuantumSim

/// One pair of analyzer angles and what was counted there.
public struct E91Correlation: Codable, Sendable, Equatable {
    public var aliceDegrees: Double
    public var bobDegrees: Double
    public var coincidences: Int
    public var same: Int
    /// E = (N_same − N_different) / N.
    public var correlation: Double
}

public struct E91Result: Encodable, Sendable {
    public var configuration: E91Configuration
    public var pairs: Int
    /// Pairs in which both photons were detected.
    public var detected: Int
    /// S = E(a,b) − E(a,b′) + E(a′,b) + E(a′,b′), or nil when the settings
    /// hold no CHSH angles.
    public var chsh: Double?
    /// Standard error of S from the four binomial estimates, √Σ(1 − E²)/N.
    public var chshStdError: Double?
    /// The value quantum mechanics predicts for this state and Eve: 2√2·V without her.
    public var chshTheory: Double?
    public var keyBits: Int
    public var keyErrors: Int
    /// Error rate of the key bits; nil when the settings give no key bits
    /// (`chsh`), since a rate of nothing is not 0%.
    public var qber: Double?
    /// Key bits whose value Eve knows (she measured Bob's photon in the key basis).
    public var eveKnownBits: Int
    public var correlations: [E91Correlation]
    public var seed: UInt64
    public var aliceKey: BitVector
    public var bobKey: BitVector

    enum CodingKeys: String, CodingKey {
        case configuration, pairs, detected, chsh, chshStdError, chshTheory, keyBits, keyErrors, qber
        case eveKnownBits, correlations, seed
    }

    /// Written out so that a missing QBER is `null` in JSON, not an absent key.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(configuration, forKey: .configuration); try c.encode(pairs, forKey: .pairs)
        try c.encode(detected, forKey: .detected); try c.encode(chsh, forKey: .chsh)
        try c.encode(chshStdError, forKey: .chshStdError); try c.encode(chshTheory, forKey: .chshTheory)
        try c.encode(keyBits, forKey: .keyBits); try c.encode(keyErrors, forKey: .keyErrors)
        try c.encode(qber, forKey: .qber); try c.encode(eveKnownBits, forKey: .eveKnownBits)
        try c.encode(correlations, forKey: .correlations); try c.encode(seed, forKey: .seed)
    }

    init(configuration: E91Configuration) {
        self.configuration = configuration
        pairs = configuration.pairs; detected = 0; chsh = nil; chshStdError = nil; chshTheory = nil
        keyBits = 0; keyErrors = 0; qber = nil; eveKnownBits = 0; correlations = []
        seed = configuration.seed; aliceKey = BitVector(); bobKey = BitVector()
    }
}

/// E91 and BBM92 from a real two-qubit state: joint outcome probabilities
/// come from QuantumSim's density matrices by the Born rule, once per pair
/// of settings, and every pair is drawn from them.
public enum E91 {
    public static func run(_ config: E91Configuration, cancellation: CancellationToken? = nil) throws -> E91Result {
        try config.validate()
        let aliceAngles = config.settings.alice
        let bobAngles = config.settings.bob
        let source = DensityMatrix.werner(visibility: config.visibility)

        // Eve's analyzer choices: a random key basis of these settings, or the one she was told.
        let keyAngles = aliceAngles.filter(bobAngles.contains)
        let eveAngles: [Double] = config.eveAngle.map { [$0] } ?? (keyAngles.isEmpty ? [0, 45] : keyAngles)
        // tables[i][j]: no Eve. eveTables[e][k][i][j]: Eve measured in eveAngles[e]
        // with outcome k; Alice holds the conditional state, Bob the state Eve resent.
        typealias JointTable = [[Double]]
        func tablesFor(_ rho: DensityMatrix) -> [[JointTable]] {
            aliceAngles.map { a in bobAngles.map { b in
                rho.jointProbabilities(first: .linear(degrees: a), second: .linear(degrees: b)) } }
        }
        let tables = tablesFor(source)
        var eveOutcomeProbability: [[Double]] = []
        var eveTables: [[[[JointTable]]]] = []
        for e in eveAngles {
            let basis = MeasurementBasis.linear(degrees: e)
            let branches = source.measuringSecond(in: basis)
            eveOutcomeProbability.append(branches.map(\.probability))
            eveTables.append(branches.enumerated().map { k, branch -> [[JointTable]] in
                let resent = DensityMatrix(basis.state(for: k))
                return tablesFor(branch.probability > 0 ? branch.conditionalFirst.tensor(resent) : source)
            })
        }

        let rs = RandomSource(seed: config.seed)
        var aliceChoice = rs.stream("alice.basis")
        var bobChoice = rs.stream("bob.basis")
        var channel = rs.stream("channel")
        var eve = rs.stream("eve")
        var pairStream = rs.stream("pairs")
        let arrive = pow(10, -config.lossDb / 10) * config.detectorEfficiency * config.detectorEfficiency
        let eveActive = config.eve == .interceptResend

        var counts = [[Int]](repeating: [Int](repeating: 0, count: bobAngles.count), count: aliceAngles.count)
        var same = counts
        var result = E91Result(configuration: config)
        for n in 0..<config.pairs {
            if n & 0xFFFF == 0xFFFF, let token = cancellation, token.isCancelled { throw CancelledError() }
            let i = aliceChoice.nextInt(below: aliceAngles.count)
            let j = bobChoice.nextInt(below: bobAngles.count)
            guard channel.bernoulli(arrive) else { continue }
            var table = tables[i][j]
            var eveBit: Int? = nil
            var eveAngle = 0.0
            if eveActive && eve.bernoulli(config.eveFraction) {
                let e = eveAngles.count == 1 ? 0 : eve.nextInt(below: 2)
                let k = eve.nextUniform() < eveOutcomeProbability[e][0] ? 0 : 1
                table = eveTables[e][k][i][j]
                eveBit = k; eveAngle = eveAngles[e]
            }
            let (x, y) = DensityMatrix.sampleJoint(table, using: &pairStream)
            result.detected += 1
            counts[i][j] += 1
            if x == y { same[i][j] += 1 }
            if aliceAngles[i] == bobAngles[j] {
                result.aliceKey.append(x == 1)
                result.bobKey.append(y == 1)
                if x != y { result.keyErrors += 1 }
                // Bob's photon is in the state Eve found: in the key basis she knows his bit.
                if eveBit != nil && eveAngle == aliceAngles[i] { result.eveKnownBits += 1 }
            }
        }
        result.keyBits = result.aliceKey.count
        result.qber = result.keyBits > 0 ? Double(result.keyErrors) / Double(result.keyBits) : nil
        for (i, a) in aliceAngles.enumerated() { for (j, b) in bobAngles.enumerated() {
            let nab = counts[i][j]
            let e = nab > 0 ? Double(2 * same[i][j] - nab) / Double(nab) : 0
            result.correlations.append(E91Correlation(aliceDegrees: a, bobDegrees: b, coincidences: nab,
                                                      same: same[i][j], correlation: e))
        } }

        // CHSH with a = 0°, a′ = 45°, b = 22.5°, b′ = 67.5°.
        func find(_ a: Double, _ b: Double) -> E91Correlation? {
            result.correlations.first { $0.aliceDegrees == a && $0.bobDegrees == b }
        }
        if let ab = find(0, 22.5), let abp = find(0, 67.5), let apb = find(45, 22.5), let apbp = find(45, 67.5) {
            let terms = [ab, abp, apb, apbp]
            result.chsh = ab.correlation - abp.correlation + apb.correlation + apbp.correlation
            if terms.allSatisfy({ $0.coincidences > 0 }) {
                result.chshStdError = terms.map { (1 - $0.correlation * $0.correlation) / Double($0.coincidences) }
                    .reduce(0, +).squareRoot()
            }
            // The effective state the pairs are drawn from, for the prediction.
            var effective = source
            if eveActive && config.eveFraction > 0 {
                let attacked = DensityMatrix.mixture(eveAngles.map {
                    (weight: 1 / Double(eveAngles.count), state: source.measureAndResendSecond(in: .linear(degrees: $0)))
                })
                effective = DensityMatrix.mixture([(weight: 1 - config.eveFraction, state: source),
                                                   (weight: config.eveFraction, state: attacked)])
            }
            result.chshTheory = CHSH.value(of: effective)
        }
        return result
    }
}
