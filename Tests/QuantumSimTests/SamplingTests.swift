// Sampling outcomes: fractions within 5σ of the Born probabilities.

import Testing
@testable import QuantumSim

@Suite struct SamplingTests {
    @Test(arguments: [0.0, 22.5, 30.0, 45.0, 80.0])
    func linearSamplingFollowsMalus(analyzer: Double) {
        var stream = RandomStream(seed: 91, name: "bob.detector \(analyzer)")
        let basis = MeasurementBasis.linear(degrees: analyzer)
        let n = 100_000
        var zeros = 0
        for _ in 0..<n where basis.sample(.horizontal, using: &stream) == 0 { zeros += 1 }
        let p = BornRule.malus(sourceDegrees: 0, analyzerDegrees: analyzer)
        if p == 1 { #expect(zeros == n) } else { #expect(withinFiveSigma(successes: zeros, trials: n, p: p)) }
    }

    @Test func densityMatrixSamplingFollowsBornRule() {
        var stream = RandomStream(seed: 5, name: "mixed")
        let rho = QuantumChannel.depolarizing(0.3).apply(to: DensityMatrix(.diagonal))
        let n = 100_000
        var zeros = 0
        for _ in 0..<n where MeasurementBasis.diagonal.sample(rho, using: &stream) == 0 { zeros += 1 }
        #expect(withinFiveSigma(successes: zeros, trials: n, p: 0.85))
    }

    @Test func jointSamplingFollowsJointProbabilities() {
        var stream = RandomStream(seed: 8, name: "pairs")
        let rho = DensityMatrix.werner(visibility: 0.8)
        let a = MeasurementBasis.linear(degrees: 0), b = MeasurementBasis.linear(degrees: 22.5)
        let p = rho.jointProbabilities(first: a, second: b)
        let n = 100_000
        var counts = [[0, 0], [0, 0]]
        for _ in 0..<n {
            let (i, j) = DensityMatrix.sampleJoint(p, using: &stream)
            counts[i][j] += 1
        }
        for i in 0..<2 { for j in 0..<2 {
            #expect(withinFiveSigma(successes: counts[i][j], trials: n, p: p[i][j]))
        } }
        // The instance method draws the same outcomes from the same seed.
        var s1 = RandomStream(seed: 4, name: "same"), s2 = RandomStream(seed: 4, name: "same")
        for _ in 0..<100 {
            let x = rho.sampleJoint(first: a, second: b, using: &s1)
            let y = DensityMatrix.sampleJoint(p, using: &s2)
            #expect(x == y)
        }
    }

    @Test func samplingReplaysFromSeed() {
        var s1 = RandomStream(seed: 3, name: "replay"), s2 = RandomStream(seed: 3, name: "replay")
        let q = Qubit.linear(degrees: 33)
        let a = (0..<200).map { _ in MeasurementBasis.diagonal.sample(q, using: &s1) }
        let b = (0..<200).map { _ in MeasurementBasis.diagonal.sample(q, using: &s2) }
        #expect(a == b)
    }
}
