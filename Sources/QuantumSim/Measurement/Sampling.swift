// Drawing single measurement outcomes from seeded streams.

import ComplexModule
import RealModule

extension MeasurementBasis {
    /// One outcome (0 or 1) for a photon in `qubit`, drawn with the Born
    /// probabilities from `stream`: outcome 0 iff u < P(0), u uniform in [0, 1).
    public func sample(_ qubit: Qubit, using stream: inout RandomStream) -> Int {
        stream.nextUniform() < probabilities(of: qubit).0 ? 0 : 1
    }

    /// One outcome for a normalized one-photon ρ.
    public func sample(_ rho: DensityMatrix, using stream: inout RandomStream) -> Int {
        let (p0, p1) = probabilities(of: rho)
        return stream.nextUniform() * (p0 + p1) < p0 ? 0 : 1
    }
}

extension DensityMatrix {
    /// One joint outcome (first photon, second photon) of a pair measurement,
    /// drawn from `jointProbabilities(first:second:)` with one uniform variate.
    public func sampleJoint(first: MeasurementBasis, second: MeasurementBasis,
                            using stream: inout RandomStream) -> (first: Int, second: Int) {
        DensityMatrix.sampleJoint(jointProbabilities(first: first, second: second), using: &stream)
    }

    /// One joint outcome from precomputed p[i][j]: compute the table once per
    /// pair of settings and sample it many times.
    public static func sampleJoint(_ p: [[Double]], using stream: inout RandomStream) -> (first: Int, second: Int) {
        precondition(p.count == 2 && p.allSatisfy { $0.count == 2 })
        let total = p[0][0] + p[0][1] + p[1][0] + p[1][1]
        let u = stream.nextUniform() * total
        var cumulative = 0.0
        for i in 0..<2 { for j in 0..<2 {
            cumulative += p[i][j]
            if u < cumulative { return (i, j) }
        } }
        // Rounding can leave u just above the last sum: take the last
        // outcome with nonzero probability.
        for (i, j) in [(1, 1), (1, 0), (0, 1), (0, 0)] where p[i][j] > 0 { return (i, j) }
        return (1, 1)
    }
}
