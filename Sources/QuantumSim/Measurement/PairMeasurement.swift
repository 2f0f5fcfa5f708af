// Measuring one or both photons of a pair: what E91 and BBM92 need.

import ComplexModule
import RealModule

extension DensityMatrix {
    /// p[i][j] = P(first photon gives i, second gives j) = Tr[(Pᵢ ⊗ Qⱼ) ρ]
    /// (Born rule for a product measurement, Nielsen & Chuang §2.4.1).
    public func jointProbabilities(first: MeasurementBasis, second: MeasurementBasis) -> [[Double]] {
        precondition(dimension == 4, "joint probabilities need a pair")
        return (0..<2).map { i in
            (0..<2).map { j in
                probability(of: first.projector(for: i).tensor(second.projector(for: j)))
            }
        }
    }

    /// The correlation E = P(same) − P(different) (Bell 1964; CHSH 1969).
    public func correlation(first: MeasurementBasis, second: MeasurementBasis) -> Double {
        let p = jointProbabilities(first: first, second: second)
        return p[0][0] + p[1][1] - p[0][1] - p[1][0]
    }

    /// Measures the first photon. For each outcome k: its probability
    /// Tr[(P_k ⊗ I)ρ] and the second photon's state given k,
    /// Tr₁[(P_k ⊗ I)ρ] / probability (Nielsen & Chuang §2.4.1, §2.4.3).
    /// An outcome of probability 0 carries the zero matrix as its state.
    public func measuringFirst(in basis: MeasurementBasis)
        -> [(probability: Double, conditionalSecond: DensityMatrix)] {
        precondition(dimension == 4, "measuringFirst needs a pair")
        return (0..<2).map { k in
            let projected = basis.projector(for: k).tensor(.identity(2)) * matrix
            let unnormalized = DensityMatrix(projected.partialTraceFirst())
            let p = unnormalized.trace
            return (p, unnormalized.normalized() ?? DensityMatrix(.zero(2)))
        }
    }

    /// Measures the second photon. For each outcome k: its probability
    /// Tr[(I ⊗ P_k)ρ] and the first photon's state given k,
    /// Tr₂[(I ⊗ P_k)ρ] / probability.
    public func measuringSecond(in basis: MeasurementBasis)
        -> [(probability: Double, conditionalFirst: DensityMatrix)] {
        precondition(dimension == 4, "measuringSecond needs a pair")
        return (0..<2).map { k in
            let projected = ComplexMatrix.identity(2).tensor(basis.projector(for: k)) * matrix
            let unnormalized = DensityMatrix(projected.partialTraceSecond())
            let p = unnormalized.trace
            return (p, unnormalized.normalized() ?? DensityMatrix(.zero(2)))
        }
    }

    /// An intercept-resend eavesdropper on the second photon: she measures it
    /// in `basis` and sends on the state she found,
    /// ρ' = Σ_k Tr₂[(I ⊗ P_k)ρ] ⊗ |k⟩⟨k|.
    /// The result is separable, so its CHSH value is at most 2 (Ekert 1991).
    public func measureAndResendSecond(in basis: MeasurementBasis) -> DensityMatrix {
        precondition(dimension == 4, "measureAndResendSecond needs a pair")
        var sum = ComplexMatrix.zero(4)
        for k in 0..<2 {
            let pk = basis.projector(for: k)
            let firstGivenK = (ComplexMatrix.identity(2).tensor(pk) * matrix).partialTraceSecond()
            sum = sum + firstGivenK.tensor(pk)
        }
        return DensityMatrix(sum)
    }

    /// As `measureAndResendSecond`, on the first photon:
    /// ρ' = Σ_k |k⟩⟨k| ⊗ Tr₁[(P_k ⊗ I)ρ].
    public func measureAndResendFirst(in basis: MeasurementBasis) -> DensityMatrix {
        precondition(dimension == 4, "measureAndResendFirst needs a pair")
        var sum = ComplexMatrix.zero(4)
        for k in 0..<2 {
            let pk = basis.projector(for: k)
            let secondGivenK = (pk.tensor(.identity(2)) * matrix).partialTraceFirst()
            sum = sum + pk.tensor(secondGivenK)
        }
        return DensityMatrix(sum)
    }
}

/// The CHSH combination (Clauser, Horne, Shimony & Holt, PRL 23, 880 (1969)).
public enum CHSH {
    /// S = E(a,b) − E(a,b′) + E(a′,b) + E(a′,b′) with linear analyzers.
    /// Local hidden variables: |S| ≤ 2; quantum maximum 2√2 (Tsirelson 1980).
    public static func value(of rho: DensityMatrix,
                             a: Double = 0, aPrime: Double = 45,
                             b: Double = 22.5, bPrime: Double = 67.5) -> Double {
        func e(_ x: Double, _ y: Double) -> Double {
            rho.correlation(first: .linear(degrees: x), second: .linear(degrees: y))
        }
        return e(a, b) - e(a, bPrime) + e(aPrime, b) + e(aPrime, bPrime)
    }
}
