// Pair measurements: correlations, CHSH, conditional states, eavesdropping.

import Foundation
import Testing
@testable import QuantumSim

@Suite struct PairMeasurementTests {
    let phiPlus = DensityMatrix.bell(.phiPlus)
    let root2 = 2.0.squareRoot()

    func cos2(_ a: Double, _ b: Double) -> Double { cos(2 * (a - b) * .pi / 180) }

    @Test(arguments: testAngles)
    func phiPlusCorrelationIsCos2Difference(a: Double) {
        for b in testAngles {
            let p = phiPlus.jointProbabilities(first: .linear(degrees: a), second: .linear(degrees: b))
            // P(i, j): cos²(a−b)/2 on the diagonal, sin²(a−b)/2 off it.
            let c = cos((a - b) * .pi / 180)
            #expect(close(p[0][0], c * c / 2) && close(p[1][1], c * c / 2))
            #expect(close(p[0][1], (1 - c * c) / 2) && close(p[1][0], (1 - c * c) / 2))
            let e = phiPlus.correlation(first: .linear(degrees: a), second: .linear(degrees: b))
            #expect(close(e, cos2(a, b)))
        }
    }

    @Test(arguments: [0.0, 0.3, 0.5, 1 / 2.0.squareRoot(), 0.9, 1.0])
    func wernerCorrelationScalesWithVisibility(v: Double) {
        let w = DensityMatrix.werner(visibility: v)
        for a in testAngles {
            for b in [0.0, 22.5, 45, 67.5, 13.7] {
                let e = w.correlation(first: .linear(degrees: a), second: .linear(degrees: b))
                #expect(close(e, v * cos2(a, b)))
            }
        }
        // S = 2√2·V (physics facts: depolarizing noise with visibility V).
        #expect(close(CHSH.value(of: w), 2 * root2 * v))
        // QBER in a matching basis = P(different) = (1 − V)/2.
        let p = w.jointProbabilities(first: .diagonal, second: .diagonal)
        #expect(close(p[0][1] + p[1][0], (1 - v) / 2))
    }

    @Test func chshOfPhiPlusIsTsirelsonBound() {
        #expect(close(CHSH.value(of: phiPlus), 2 * root2))
    }

    @Test func singletAnticorrelates() {
        let psi = DensityMatrix.bell(.psiMinus)
        for a in testAngles {
            let e = psi.correlation(first: .linear(degrees: a), second: .linear(degrees: a))
            #expect(close(e, -1))
        }
        // The singlet is the same in every basis, including circular.
        #expect(close(psi.correlation(first: .circular, second: .circular), -1))
    }

    @Test func jointProbabilitiesSumToOneAndMarginalsMatch() {
        let rho = DensityMatrix(TwoQubitState(amplitudes: [Complex(0.1, 0.2), Complex(-0.3), Complex(0, 0.5), Complex(0.4, -0.1)]))
        for f in [MeasurementBasis.rectilinear, .circular, .linear(degrees: 30)] {
            for s in [MeasurementBasis.diagonal, .linear(degrees: -10)] {
                let p = rho.jointProbabilities(first: f, second: s)
                #expect(close(p.joined().reduce(0, +), 1))
                let marginal = f.probabilities(of: rho.reducedFirst)
                #expect(close(p[0][0] + p[0][1], marginal.0))
                let m2 = s.probabilities(of: rho.reducedSecond)
                #expect(close(p[0][1] + p[1][1], m2.1))
            }
        }
    }

    @Test(arguments: testAngles)
    func measuringFirstSteersSecond(a: Double) {
        // For Φ⁺ an outcome at a leaves the other photon polarized at a (or a + 90°).
        let results = phiPlus.measuringFirst(in: .linear(degrees: a))
        #expect(results.count == 2)
        #expect(close(results[0].probability, 0.5) && close(results[1].probability, 0.5))
        #expect(close(results[0].conditionalSecond.fidelity(with: .linear(degrees: a)), 1))
        #expect(close(results[1].conditionalSecond.fidelity(with: .linear(degrees: a + 90)), 1))
        let other = phiPlus.measuringSecond(in: .linear(degrees: a))
        #expect(close(other[0].conditionalFirst.fidelity(with: .linear(degrees: a)), 1))
        #expect(close(other[1].probability, 0.5))
    }

    @Test func measuringFirstOnCircularOfPhiPlusFlipsHandedness() {
        // ⟨R|⊗I |Φ⁺⟩ ∝ R* = L: Φ⁺ correlates R on one side with L on the other.
        let r = phiPlus.measuringFirst(in: .circular)
        #expect(close(r[0].conditionalSecond.fidelity(with: .leftCircular), 1))
        #expect(close(r[1].conditionalSecond.fidelity(with: .rightCircular), 1))
    }

    @Test func zeroProbabilityOutcomeHasZeroState() {
        let hh = DensityMatrix(TwoQubitState(first: .horizontal, second: .horizontal))
        let r = hh.measuringFirst(in: .rectilinear)
        #expect(close(r[0].probability, 1) && r[1].probability == 0)
        #expect(r[1].conditionalSecond.trace == 0)
    }

    @Test func measureAndResendInRectilinearDestroysDiagonalCorrelations() {
        let rho = phiPlus.measureAndResendSecond(in: .rectilinear)
        #expect(close(rho.trace, 1))
        #expect(close(rho.correlation(first: .rectilinear, second: .rectilinear), 1))
        #expect(close(rho.correlation(first: .diagonal, second: .diagonal), 0))
        // It equals (|HH⟩⟨HH| + |VV⟩⟨VV|)/2.
        let expected = DensityMatrix.mixture([
            (0.5, DensityMatrix(TwoQubitState(first: .horizontal, second: .horizontal))),
            (0.5, DensityMatrix(TwoQubitState(first: .vertical, second: .vertical))),
        ])
        #expect(rho.isApproximatelyEqual(to: expected))
        #expect(phiPlus.measureAndResendFirst(in: .rectilinear).isApproximatelyEqual(to: expected))
    }

    @Test func interceptResendWithRandomBB84BasisGivesChshRootTwo() {
        let rect = phiPlus.measureAndResendSecond(in: .linear(degrees: 0))
        let diag = phiPlus.measureAndResendSecond(in: .linear(degrees: 45))
        let eve = DensityMatrix.mixture([(0.5, rect), (0.5, diag)])
        #expect(close(eve.trace, 1))
        // E(a, b) = cos 2(a − b)/2, so S = 2√2/2 = √2 (Ekert 1991).
        #expect(close(CHSH.value(of: eve, a: 0, aPrime: 45, b: 22.5, bPrime: 67.5), root2))
        for a in testAngles {
            let e = eve.correlation(first: .linear(degrees: a), second: .linear(degrees: a + 10))
            #expect(close(e, cos2(a, a + 10) / 2))
        }
        // In matching BB84 bases she causes QBER 1/4.
        let p = eve.jointProbabilities(first: .diagonal, second: .diagonal)
        #expect(close(p[0][1] + p[1][0], 0.25))
    }

    @Test(arguments: [0.0, 13.0, 22.5, 45.0, 80.0])
    func anyMeasureAndResendIsLocal(eveAngle: Double) {
        let rho = phiPlus.measureAndResendSecond(in: .linear(degrees: eveAngle))
        #expect(abs(CHSH.value(of: rho)) <= 2 + tight)
        // The first photon is untouched by Eve.
        #expect(rho.reducedFirst.isApproximatelyEqual(to: phiPlus.reducedFirst))
    }
}
