// Kraus noise channels and loss.

import Testing
@testable import QuantumSim

@Suite struct ChannelTests {
    let inputs: [DensityMatrix] = [
        DensityMatrix(.horizontal), DensityMatrix(.diagonal), DensityMatrix(.rightCircular),
        DensityMatrix(Qubit(h: Complex(0.6), v: Complex(0.48, 0.64))),
        .maximallyMixed(dimension: 2),
    ]

    @Test(arguments: [0.0, 0.1, 0.5, 1.0])
    func noiseChannelsPreserveTrace(p: Double) {
        for channel in [QuantumChannel.depolarizing(p), .dephasing(p), .bitFlip(p), .phaseFlip(p)] {
            #expect(channel.isTracePreserving)
            for rho in inputs {
                let out = channel.apply(to: rho)
                #expect(close(out.trace, 1) && out.matrix.isHermitian)
            }
        }
    }

    @Test(arguments: [0.0, 0.2, 0.75, 1.0])
    func depolarizingMixesTowardIdentity(p: Double) {
        for rho in inputs {
            let expected = DensityMatrix.mixture([(1 - p, rho), (p, .maximallyMixed(dimension: 2))])
            #expect(QuantumChannel.depolarizing(p).apply(to: rho).isApproximatelyEqual(to: expected))
        }
    }

    @Test(arguments: [0.0, 0.05, 0.3, 1.0])
    func depolarizingHalfOfPhiPlusGivesWerner(p: Double) {
        let phi = DensityMatrix.bell(.phiPlus)
        let werner = DensityMatrix.werner(visibility: 1 - p)
        #expect(QuantumChannel.depolarizing(p).applyToSecond(of: phi).isApproximatelyEqual(to: werner))
        #expect(QuantumChannel.depolarizing(p).applyToFirst(of: phi).isApproximatelyEqual(to: werner))
    }

    @Test func bitFlipAndDephasingActOnTheRightBasis() {
        let flipped = QuantumChannel.bitFlip(0.3).apply(to: DensityMatrix(.horizontal))
        #expect(close(flipped.probability(of: .vertical), 0.3))
        // A bit flip leaves D alone; a phase flip turns D into A.
        #expect(QuantumChannel.bitFlip(0.3).apply(to: DensityMatrix(.diagonal)).isApproximatelyEqual(to: DensityMatrix(.diagonal)))
        #expect(close(QuantumChannel.phaseFlip(0.3).apply(to: DensityMatrix(.diagonal)).probability(of: .antidiagonal), 0.3))
        // Dephasing(p) shrinks coherences by 1 − p and keeps populations.
        let d = QuantumChannel.dephasing(0.4).apply(to: DensityMatrix(.diagonal))
        #expect(close(d[0, 1].real, 0.5 * 0.6) && close(d[0, 0].real, 0.5))
        #expect(close(QuantumChannel.dephasing(1).apply(to: DensityMatrix(.rightCircular)).purity, 0.5))
    }

    @Test(arguments: [0.0, 0.01, 0.5, 0.93, 1.0])
    func lossIsErasure(eta: Double) {
        let loss = QuantumChannel.loss(transmittance: eta)
        for rho in inputs {
            let e = loss.erasure(of: rho)
            #expect(close(e.survivalProbability, eta) && close(e.erasureProbability, 1 - eta))
            #expect(close(e.survivalProbability + e.erasureProbability, 1))
            if eta > 0 { #expect(e.conditionalState!.isApproximatelyEqual(to: rho)) } else { #expect(e.conditionalState == nil) }
            #expect(close(loss.apply(to: rho).trace, eta))
        }
        // Loss of one photon of a pair keeps the correlations of what arrives.
        let pair = loss.erasure(of: .bell(.phiPlus))
        #expect(close(pair.survivalProbability + pair.erasureProbability, 1))
        if eta > 0 { #expect(pair.conditionalState!.isApproximatelyEqual(to: .bell(.phiPlus))) }
    }

    @Test func composedChannelsMultiply() {
        // Two bit flips with p and q flip with p(1−q) + q(1−p).
        let c = QuantumChannel.bitFlip(0.1).then(.bitFlip(0.2))
        #expect(c.isTracePreserving)
        #expect(close(c.apply(to: DensityMatrix(.horizontal)).probability(of: .vertical), 0.1 * 0.8 + 0.2 * 0.9))
        let lossy = QuantumChannel.loss(transmittance: 0.5).then(.depolarizing(0.2))
        #expect(close(lossy.erasure(of: DensityMatrix(.horizontal)).erasureProbability, 0.5))
    }
}
