// One-photon measurements: Born rule and Malus's law.

import Foundation
import Testing
@testable import QuantumSim

@Suite struct MeasurementTests {
    @Test func basisStatesGiveCertainOutcomes() {
        for basis in [MeasurementBasis.rectilinear, .diagonal, .circular, .linear(degrees: 22.5), .linear(degrees: -37)] {
            for k in 0..<2 {
                let p = basis.probabilities(of: basis.state(for: k))
                #expect(close(k == 0 ? p.0 : p.1, 1) && close(k == 0 ? p.1 : p.0, 0))
            }
        }
        #expect(MeasurementBasis.rectilinear.state(for: 0) == .horizontal)
        #expect(MeasurementBasis.diagonal.state(for: 1) == .antidiagonal)
        #expect(MeasurementBasis.circular.state(for: 0) == .rightCircular)
    }

    @Test func mutuallyUnbiasedBases() {
        // Each BB84/six-state basis state gives 1/2, 1/2 in the other bases.
        let bases = [MeasurementBasis.rectilinear, .diagonal, .circular]
        for (i, a) in bases.enumerated() {
            for (j, b) in bases.enumerated() where i != j {
                for k in 0..<2 {
                    let p = b.probabilities(of: a.state(for: k))
                    #expect(close(p.0, 0.5) && close(p.1, 0.5))
                }
            }
        }
    }

    @Test(arguments: testAngles)
    func malusLawMatchesBornRule(source: Double) {
        for analyzer in testAngles {
            let expected = pow(cos((analyzer - source) * .pi / 180), 2)
            let malus = BornRule.malus(sourceDegrees: source, analyzerDegrees: analyzer)
            let p = MeasurementBasis.linear(degrees: analyzer).probabilities(of: .linear(degrees: source))
            #expect(close(malus, expected) && close(p.0, expected) && close(p.1, 1 - expected))
        }
    }

    @Test func textbookMalusValuesAreExact() {
        #expect(BornRule.malus(sourceDegrees: 0, analyzerDegrees: 60) == 0.25)
        #expect(BornRule.malus(sourceDegrees: 0, analyzerDegrees: 90) == 0)
        #expect(BornRule.malus(sourceDegrees: 10, analyzerDegrees: 190) == 1)
        #expect(close(BornRule.malus(sourceDegrees: 0, analyzerDegrees: 22.5), (2 + 2.0.squareRoot()) / 4))
    }

    @Test func densityMatrixProbabilitiesAgreeWithPureOnes() {
        for q in [Qubit.linear(degrees: 17), .rightCircular, Qubit(h: Complex(0.6), v: Complex(0, 0.8))] {
            for b in [MeasurementBasis.rectilinear, .diagonal, .circular, .linear(degrees: 71)] {
                let pure = b.probabilities(of: q), mixed = b.probabilities(of: DensityMatrix(q))
                #expect(close(pure.0, mixed.0) && close(pure.1, mixed.1) && close(pure.0 + pure.1, 1))
            }
        }
        let p = MeasurementBasis.linear(degrees: 33).probabilities(of: .maximallyMixed(dimension: 2))
        #expect(close(p.0, 0.5) && close(p.1, 0.5))
    }

    @Test func sameMeasurementIgnoresPhase() {
        #expect(MeasurementBasis.linear(degrees: 45).isSameMeasurement(as: .diagonal))
        #expect(MeasurementBasis.linear(degrees: 180).isSameMeasurement(as: .rectilinear))
        #expect(!MeasurementBasis.linear(degrees: 90).isSameMeasurement(as: .rectilinear))
        #expect(MeasurementBasis.linear(degrees: 22.5).label == "linear 22.5°")
        #expect(MeasurementBasis.linear(degrees: 22.5).analyzerDegrees == 22.5)
    }
}
