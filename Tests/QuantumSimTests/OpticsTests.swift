// Jones matrices and the polarizing beam splitter.

import Foundation
import Testing
@testable import QuantumSim

@Suite struct OpticsTests {
    @Test(arguments: testAngles)
    func halfWavePlateReflectsAboutItsAxis(theta: Double) {
        let hwp = JonesMatrix.halfWavePlate(axisDegrees: theta)
        for phi in testAngles {
            let t = hwp.transmit(.linear(degrees: phi))
            #expect(close(t.probability, 1))
            #expect(close(t.state!.fidelity(with: .linear(degrees: 2 * theta - phi)), 1))
        }
        // The closed form agrees with the general retarder at Γ = 180°.
        let general = JonesMatrix.retarder(fastAxisDegrees: theta, retardanceDegrees: 180)
        for q in [Qubit.rightCircular, .linear(degrees: 12)] {
            #expect(close(general.transmit(q).state!.fidelity(with: hwp.transmit(q).state!), 1))
        }
    }

    @Test func quarterWavePlateAt45MakesHCircular() {
        let out = JonesMatrix.quarterWavePlate(axisDegrees: 45).transmit(.horizontal)
        let q = out.state!
        #expect(close(out.probability, 1))
        let rect = MeasurementBasis.rectilinear.probabilities(of: q)
        let diag = MeasurementBasis.diagonal.probabilities(of: q)
        let circ = MeasurementBasis.circular.probabilities(of: q)
        #expect(close(rect.0, 0.5) && close(rect.1, 0.5))
        #expect(close(diag.0, 0.5) && close(diag.1, 0.5))
        // Our convention: fast axis at +45° sends H to R.
        #expect(close(circ.0, 1) && close(circ.1, 0))
        let minus = JonesMatrix.quarterWavePlate(axisDegrees: -45).transmit(.horizontal).state!
        #expect(close(minus.fidelity(with: .leftCircular), 1))
        // And back: R through a QWP at −45° is linear again.
        let back = JonesMatrix.quarterWavePlate(axisDegrees: -45).transmit(.rightCircular).state!
        #expect(close(back.fidelity(with: .horizontal), 1))
    }

    @Test func twoQuarterWavePlatesMakeAHalfWavePlate() {
        for theta in testAngles {
            let q = JonesMatrix.quarterWavePlate(axisDegrees: theta)
            let twice = q.then(q)
            for phi in [0.0, 30, 77] {
                let out = twice.transmit(.linear(degrees: phi)).state!
                #expect(close(out.fidelity(with: .linear(degrees: 2 * theta - phi)), 1))
            }
        }
    }

    @Test(arguments: testAngles)
    func polarizerIsIdempotentProjectorObeyingMalus(theta: Double) {
        let p = JonesMatrix.polarizer(degrees: theta)
        #expect(p.then(p).isApproximatelyEqual(to: p))
        #expect(p.matrix.isHermitian)
        for phi in testAngles {
            let t = p.transmit(.linear(degrees: phi))
            #expect(close(t.probability, BornRule.malus(sourceDegrees: phi, analyzerDegrees: theta)))
            if t.probability > 1e-9 {
                #expect(close(t.state!.fidelity(with: .linear(degrees: theta)), 1))
            }
        }
        // Crossed polarizers block everything; unpolarized light loses half.
        #expect(close(p.transmit(.linear(degrees: theta + 90)).probability, 0))
        #expect(close(p.transmit(.maximallyMixed(dimension: 2)).probability, 0.5))
    }

    @Test func rotatorAddsAngle() {
        for alpha in testAngles {
            for phi in [0.0, 22.5, -40] {
                let out = JonesMatrix.rotator(degrees: alpha).transmit(.linear(degrees: phi)).state!
                #expect(close(out.fidelity(with: .linear(degrees: phi + alpha)), 1))
            }
        }
    }

    @Test func waveplatesAreUnitaryOnDensityMatrices() {
        let rho = DensityMatrix.mixture([(0.7, DensityMatrix(.linear(degrees: 20))), (0.3, DensityMatrix(.rightCircular))])
        for m in [JonesMatrix.halfWavePlate(axisDegrees: 11), .quarterWavePlate(axisDegrees: 33), .rotator(degrees: 50)] {
            let out = m.applied(to: rho)
            #expect(close(out.trace, 1) && close(out.purity, rho.purity))
        }
        // Pure input: M ρ M† agrees with M|ψ⟩.
        let q = Qubit.linear(degrees: 12)
        let m = JonesMatrix.quarterWavePlate(axisDegrees: 30)
        #expect(m.transmit(DensityMatrix(q)).state!.isApproximatelyEqual(to: DensityMatrix(m.transmit(q).state!)))
    }

    @Test(arguments: [0.0, 22.5, 45, 60])
    func beamSplitterSplitsWithoutLoss(axis: Double) {
        let pbs = PolarizingBeamSplitter(axisDegrees: axis)
        for phi in testAngles {
            let (t, r) = pbs.split(.linear(degrees: phi))
            let pass = BornRule.malus(sourceDegrees: phi, analyzerDegrees: axis)
            #expect(close(t.probability, pass) && close(r.probability, 1 - pass))
            if t.probability > 1e-9 { #expect(close(t.state!.fidelity(with: .linear(degrees: axis)), 1)) }
            if r.probability > 1e-9 { #expect(close(r.state!.fidelity(with: .linear(degrees: axis + 90)), 1)) }
        }
        let (tm, rm) = pbs.split(.maximallyMixed(dimension: 2))
        #expect(close(tm.probability, 0.5) && close(rm.probability, 0.5))
        #expect(close(pbs.split(.rightCircular).transmitted.probability, 0.5))
    }

    @Test func standardBeamSplitterPortsAreHAndV() {
        let pbs = PolarizingBeamSplitter()
        #expect(close(pbs.output(.horizontal, at: .transmitted).probability, 1))
        #expect(close(pbs.output(.vertical, at: .reflected).probability, 1))
        #expect(pbs.output(.vertical, at: .transmitted).state == nil)
    }
}
