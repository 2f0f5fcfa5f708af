// Noise on one photon's polarization, in Kraus (operator-sum) form.

import ComplexModule
import RealModule

/// A one-qubit quantum operation ρ → Σ_k K_k ρ K_k† (Nielsen & Chuang §8.2.3).
///
/// Noise channels are trace preserving, Σ K_k† K_k = I. Loss is modelled as
/// a trace-*decreasing* operation: the output trace is the probability that
/// the photon arrives, 1 − trace the probability that it was erased. Its
/// `erasure(of:)` splits the two cases explicitly.
public struct QuantumChannel: Sendable {
    public let krausOperators: [ComplexMatrix]
    public let label: String

    public init(krausOperators: [ComplexMatrix], label: String) {
        precondition(!krausOperators.isEmpty && krausOperators.allSatisfy { $0.dimension == 2 },
                     "one-qubit Kraus operators are 2×2")
        self.krausOperators = krausOperators
        self.label = label
    }

    static let pauliX = ComplexMatrix(real: [[0, 1], [1, 0]])
    static let pauliY = ComplexMatrix(rows: [[.zero, -.i], [.i, .zero]])
    static let pauliZ = ComplexMatrix(real: [[1, 0], [0, -1]])

    public static let identity = QuantumChannel(krausOperators: [.identity(2)], label: "identity")

    /// ρ → (1 − p)ρ + p·I/2. Since I/2 = (ρ + XρX + YρY + ZρZ)/4, the Kraus
    /// operators are √(1 − 3p/4)·I and √(p/4)·X, Y, Z (Nielsen & Chuang
    /// §8.3.4). Valid for 0 ≤ p ≤ 4/3.
    public static func depolarizing(_ p: Double) -> QuantumChannel {
        precondition(p >= 0 && p <= 4.0 / 3, "depolarizing needs 0 ≤ p ≤ 4/3")
        let a = (1 - 3 * p / 4).squareRoot(), b = (p / 4).squareRoot()
        return QuantumChannel(krausOperators: [a * .identity(2), b * pauliX, b * pauliY, b * pauliZ],
                              label: "depolarizing(\(p))")
    }

    /// Bit flip H ↔ V with probability p: Kraus √(1−p)·I, √p·X
    /// (Nielsen & Chuang §8.3.3).
    public static func bitFlip(_ p: Double) -> QuantumChannel {
        precondition(p >= 0 && p <= 1)
        return QuantumChannel(krausOperators: [(1 - p).squareRoot() * .identity(2), p.squareRoot() * pauliX],
                              label: "bitFlip(\(p))")
    }

    /// Phase flip (a Z error, D ↔ A) with probability p: Kraus √(1−p)·I, √p·Z
    /// (Nielsen & Chuang §8.3.3).
    public static func phaseFlip(_ p: Double) -> QuantumChannel {
        precondition(p >= 0 && p <= 1)
        return QuantumChannel(krausOperators: [(1 - p).squareRoot() * .identity(2), p.squareRoot() * pauliZ],
                              label: "phaseFlip(\(p))")
    }

    /// Dephasing in the H/V basis: ρ → (1 − p)ρ + p·diag(ρ), so the
    /// coherences shrink by 1 − p and p = 1 leaves no coherence. It is a phase
    /// flip with probability p/2 (Nielsen & Chuang §8.3.3, §8.3.6).
    public static func dephasing(_ p: Double) -> QuantumChannel {
        precondition(p >= 0 && p <= 1)
        let flip = phaseFlip(p / 2)
        return QuantumChannel(krausOperators: flip.krausOperators, label: "dephasing(\(p))")
    }

    /// Loss with transmittance η: the photon arrives unchanged with
    /// probability η or is lost. Single Kraus operator √η·I, so the output
    /// trace is η·Tr ρ; the missing 1 − η is the erasure probability
    /// (the erasure channel of Grassl, Beth & Pellizzari,
    /// PRA 56, 33 (1997), with the erasure flag kept as missing trace).
    public static func loss(transmittance eta: Double) -> QuantumChannel {
        precondition(eta >= 0 && eta <= 1, "transmittance is a probability")
        return QuantumChannel(krausOperators: [eta.squareRoot() * .identity(2)],
                              label: "loss(η = \(eta))")
    }

    /// Σ_k K_k† K_k: I for a trace-preserving channel, η·I for loss.
    public var completeness: ComplexMatrix {
        krausOperators.reduce(.zero(2)) { $0 + $1.adjoint * $1 }
    }

    /// Whether Σ K† K = I (no loss).
    public var isTracePreserving: Bool { completeness.isApproximatelyEqual(to: .identity(2)) }

    /// The channel applied to one photon: Σ K ρ K† (Nielsen & Chuang §8.2.3).
    public func apply(to rho: DensityMatrix) -> DensityMatrix {
        precondition(rho.dimension == 2, "use applyToFirst/applyToSecond for a pair")
        return DensityMatrix(krausOperators.reduce(.zero(2)) { $0 + $1 * rho.matrix * $1.adjoint })
    }

    /// The channel on the first photon of a pair: Σ (K ⊗ I) ρ (K ⊗ I)†.
    public func applyToFirst(of rho: DensityMatrix) -> DensityMatrix {
        precondition(rho.dimension == 4, "applyToFirst needs a pair")
        return DensityMatrix(krausOperators.reduce(.zero(4)) {
            let k = $1.tensor(.identity(2))
            return $0 + k * rho.matrix * k.adjoint
        })
    }

    /// The channel on the second photon of a pair: Σ (I ⊗ K) ρ (I ⊗ K)†.
    public func applyToSecond(of rho: DensityMatrix) -> DensityMatrix {
        precondition(rho.dimension == 4, "applyToSecond needs a pair")
        return DensityMatrix(krausOperators.reduce(.zero(4)) {
            let k = ComplexMatrix.identity(2).tensor($1)
            return $0 + k * rho.matrix * k.adjoint
        })
    }

    /// Splits the output into "arrived" and "erased": the probability of
    /// arrival, the conditional state if it arrived, and the erasure
    /// probability. For trace-preserving channels erasure is 0. Given a
    /// pair, the channel acts on the second photon (the one sent away).
    public func erasure(of rho: DensityMatrix) -> ErasureOutcome {
        let out = rho.dimension == 2 ? apply(to: rho) : applyToSecond(of: rho)
        let survived = out.trace
        return ErasureOutcome(survivalProbability: survived,
                              erasureProbability: rho.trace - survived,
                              conditionalState: out.normalized())
    }

    /// `self` then `next`: Kraus operators multiply pairwise.
    public func then(_ next: QuantumChannel) -> QuantumChannel {
        var ops: [ComplexMatrix] = []
        for b in next.krausOperators { for a in krausOperators { ops.append(b * a) } }
        return QuantumChannel(krausOperators: ops, label: "\(label) then \(next.label)")
    }
}

/// A photon that may have been lost on the way.
public struct ErasureOutcome: Sendable {
    /// P(the photon arrives).
    public let survivalProbability: Double
    /// P(the photon is lost); the two add up to the input trace (1).
    public let erasureProbability: Double
    /// The state given that it arrived; nil if it never does.
    public let conditionalState: DensityMatrix?
}
