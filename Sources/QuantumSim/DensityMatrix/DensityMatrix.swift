// Mixed states of one photon (2×2) or a photon pair (4×4).

import ComplexModule
import RealModule

/// A density operator ρ on one qubit (dimension 2) or two qubits (dimension 4,
/// basis order HH, HV, VH, VV).
///
/// A physical state is Hermitian, positive semidefinite and has trace 1.
/// Operations that can lose the photon (a polarizer, a lossy channel) return a
/// *subnormalized* ρ whose trace is the probability that the photon survives;
/// `normalized()` gives the conditional state. This keeps every map linear.
public struct DensityMatrix: Equatable, Sendable {
    public let matrix: ComplexMatrix

    public init(_ matrix: ComplexMatrix) {
        precondition(matrix.dimension == 2 || matrix.dimension == 4,
                     "a polarization state has dimension 2 or 4")
        self.matrix = matrix
    }

    /// |ψ⟩⟨ψ| for one photon.
    public init(_ pure: Qubit) { self.init(pure.projector) }

    /// |ψ⟩⟨ψ| for a pair.
    public init(_ pure: TwoQubitState) { self.init(pure.projector) }

    public var dimension: Int { matrix.dimension }
    public var isSingleQubit: Bool { dimension == 2 }

    public subscript(row: Int, column: Int) -> Complex<Double> { matrix[row, column] }

    /// I/d, the state of no information (unpolarized light for d = 2).
    public static func maximallyMixed(dimension: Int) -> DensityMatrix {
        DensityMatrix((1 / Double(dimension)) * ComplexMatrix.identity(dimension))
    }

    public static func bell(_ which: BellState) -> DensityMatrix {
        DensityMatrix(TwoQubitState.bell(which))
    }

    /// The Werner state V|Φ⁺⟩⟨Φ⁺| + (1 − V)·I/4 (Werner, PRA 40, 4277 (1989),
    /// written with Φ⁺ instead of the singlet). Its CHSH value is 2√2·V.
    public static func werner(visibility v: Double) -> DensityMatrix {
        precondition(v >= -1.0 / 3 && v <= 1, "Werner states need −1/3 ≤ V ≤ 1")
        return DensityMatrix(v * TwoQubitState.bell(.phiPlus).projector
                             + ((1 - v) / 4) * ComplexMatrix.identity(4))
    }

    /// Tr ρ (real for a Hermitian ρ): 1 for a state, the survival probability
    /// for a subnormalized one.
    public var trace: Double { matrix.trace.real }

    /// Tr ρ² (Nielsen & Chuang Ex. 2.71): 1 for pure states, 1/d for I/d.
    /// Defined for normalized states.
    public var purity: Double { (matrix * matrix).trace.real }

    /// ρ / Tr ρ, or nil if the trace is zero (nothing left to condition on).
    public func normalized() -> DensityMatrix? {
        let t = trace
        guard t > 0 else { return nil }
        return DensityMatrix((1 / t) * matrix)
    }

    /// The Born rule for a mixed state: P = Tr(Πρ) (Nielsen & Chuang §2.4.1).
    public func probability(of projector: ComplexMatrix) -> Double {
        precondition(projector.dimension == dimension)
        return (projector * matrix).trace.real
    }

    /// P of finding the photon in `state`: ⟨ψ|ρ|ψ⟩.
    public func probability(of state: Qubit) -> Double { probability(of: state.projector) }

    /// P of finding the pair in `state`: ⟨ψ|ρ|ψ⟩.
    public func probability(of state: TwoQubitState) -> Double { probability(of: state.projector) }

    /// ⟨ψ|ρ|ψ⟩ for a pure target: the fidelity of ρ with |ψ⟩.
    public func fidelity(with state: Qubit) -> Double { probability(of: state) }
    public func fidelity(with state: TwoQubitState) -> Double { probability(of: state) }

    /// ρ ⊗ σ: independent systems side by side; self is the first photon.
    public func tensor(_ other: DensityMatrix) -> DensityMatrix {
        precondition(dimension == 2 && other.dimension == 2, "only two photons are modelled")
        return DensityMatrix(matrix.tensor(other.matrix))
    }

    /// Tr₁ ρ: the state of the *second* photon alone.
    public func partialTraceFirst() -> DensityMatrix { DensityMatrix(matrix.partialTraceFirst()) }

    /// Tr₂ ρ: the state of the *first* photon alone.
    public func partialTraceSecond() -> DensityMatrix { DensityMatrix(matrix.partialTraceSecond()) }

    /// The first photon's reduced state, Tr₂ ρ.
    public var reducedFirst: DensityMatrix { partialTraceSecond() }

    /// The second photon's reduced state, Tr₁ ρ.
    public var reducedSecond: DensityMatrix { partialTraceFirst() }

    /// The mixture Σ wᵢ ρᵢ (weights need not sum to 1).
    public static func mixture(_ terms: [(weight: Double, state: DensityMatrix)]) -> DensityMatrix {
        precondition(!terms.isEmpty)
        let d = terms[0].state.dimension
        var sum = ComplexMatrix.zero(d)
        for t in terms { sum = sum + t.weight * t.state.matrix }
        return DensityMatrix(sum)
    }

    /// M ρ M† for any operator M of matching dimension.
    public func conjugated(by m: ComplexMatrix) -> DensityMatrix {
        DensityMatrix(m * matrix * m.adjoint)
    }

    public func isApproximatelyEqual(to other: DensityMatrix, tolerance: Double = 1e-12) -> Bool {
        matrix.isApproximatelyEqual(to: other.matrix, tolerance: tolerance)
    }
}
