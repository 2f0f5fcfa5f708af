// Density matrices: traces, purity, partial traces, Werner states.

import Testing
@testable import QuantumSim

@Suite struct DensityMatrixTests {
    @Test func pureStatesHaveUnitTraceAndPurity() {
        for q in [Qubit.horizontal, .diagonal, .rightCircular, .linear(degrees: 12.3)] {
            let rho = DensityMatrix(q)
            #expect(close(rho.trace, 1) && close(rho.purity, 1) && rho.matrix.isHermitian)
            #expect(close(rho.fidelity(with: q), 1))
        }
        for b in BellState.allCases {
            let rho = DensityMatrix.bell(b)
            #expect(close(rho.trace, 1) && close(rho.purity, 1))
        }
    }

    @Test func maximallyMixedPurity() {
        #expect(close(DensityMatrix.maximallyMixed(dimension: 2).purity, 0.5))
        #expect(close(DensityMatrix.maximallyMixed(dimension: 4).purity, 0.25))
    }

    @Test func bellStatesHaveMaximallyMixedHalves() {
        let half = DensityMatrix.maximallyMixed(dimension: 2)
        for b in BellState.allCases {
            let rho = DensityMatrix.bell(b)
            #expect(rho.reducedFirst.isApproximatelyEqual(to: half))
            #expect(rho.reducedSecond.isApproximatelyEqual(to: half))
        }
    }

    @Test func partialTracesOfProductRecoverFactors() {
        let a = DensityMatrix(.linear(degrees: 30)), b = DensityMatrix(.rightCircular)
        let ab = a.tensor(b)
        #expect(close(ab.trace, 1) && close(ab.purity, 1))
        #expect(ab.partialTraceSecond().isApproximatelyEqual(to: a))
        #expect(ab.partialTraceFirst().isApproximatelyEqual(to: b))
        #expect(ab.isApproximatelyEqual(to: DensityMatrix(TwoQubitState(first: .linear(degrees: 30), second: .rightCircular))))
    }

    @Test(arguments: [0.0, 0.25, 1.0 / 3, 0.5, 0.7071, 1.0])
    func wernerState(v: Double) {
        let w = DensityMatrix.werner(visibility: v)
        #expect(close(w.trace, 1) && w.matrix.isHermitian)
        // Tr ρ² = V² + (1 − V²)/4 since Φ⁺ ⟂ the rest of I/4's support.
        #expect(close(w.purity, v * v + (1 - v * v) / 4))
        // ⟨Φ⁺|ρ|Φ⁺⟩ = V + (1 − V)/4.
        #expect(close(w.fidelity(with: .bell(.phiPlus)), v + (1 - v) / 4))
        #expect(w.reducedSecond.isApproximatelyEqual(to: .maximallyMixed(dimension: 2)))
    }

    @Test func probabilityOfProjector() {
        let rho = DensityMatrix(.linear(degrees: 30))
        #expect(close(rho.probability(of: Qubit.horizontal.projector), 0.75))
        #expect(close(rho.probability(of: .vertical), 0.25))
        #expect(close(DensityMatrix.maximallyMixed(dimension: 2).probability(of: .rightCircular), 0.5))
    }

    @Test func mixtureAndNormalization() {
        let m = DensityMatrix.mixture([(0.5, DensityMatrix(.horizontal)), (0.5, DensityMatrix(.vertical))])
        #expect(m.isApproximatelyEqual(to: .maximallyMixed(dimension: 2)))
        let half = DensityMatrix.mixture([(0.5, DensityMatrix(.diagonal))])
        #expect(close(half.trace, 0.5))
        #expect(half.normalized()!.isApproximatelyEqual(to: DensityMatrix(.diagonal)))
        #expect(DensityMatrix(.zero(2)).normalized() == nil)
    }
}
