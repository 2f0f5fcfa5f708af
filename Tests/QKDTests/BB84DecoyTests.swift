import Foundation
import QuantumSim
import Testing
@testable import QKD

/// Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), Eq. (1), written
/// out here independently of Distillation, to state what the estimates allow:
/// ℓ = s_{X,0} + s_{X,1}(1 − h(φ_X)) − λ_EC − 6 log2(21/ε_sec) − log2(2/ε_cor),
/// with λ_EC = f·n_X·h(E_X).
func limKeyLength(_ d: DecoyEstimate, f: Double, epsilonCorrect: Double = 1e-10) -> Double {
    let nX = Double(d.keyBasisBits)
    let eX = nX > 0 ? Double(d.keyBasisErrors) / nX : 0
    func h(_ x: Double) -> Double { x <= 0 || x >= 1 ? 0 : -x * log2(x) - (1 - x) * log2(1 - x) }
    return d.vacuumCountLower + d.singlePhotonCountLower * (1 - h(d.phaseErrorUpper)) - f * nX * h(eX)
        - 6 * log2(21 / d.epsilonSecurity) - log2(2 / epsilonCorrect)
}

@Suite("Decoy-state BB84 in the simulation")
struct BB84DecoyTests {

    @Test("Each intensity is drawn with its probability, and its gain is 1 − e^{−μη} + dark counts")
    func gainsPerIntensity() throws {
        let r = try BB84.run(decoyConfig(.modernFiber, km: 25, photons: 2_000_000))
        let d = try #require(r.decoy)
        let eta = pow(10, -0.16 * 25 / 10) * 0.6
        let pd = SystemPreset.modernFiber.darkCountPerDetector
        for k in 0..<3 {
            expectBinomial(d.counts.pulses[k], of: r.photons, p: [0.6, 0.2, 0.2][k], "pulses of intensity \(k)")
            let mu = d.intensities[k]
            // No click needs no photon detected and no dark count in either detector.
            let gain = 1 - exp(-mu * eta) * (1 - pd) * (1 - pd)
            expectBinomial(d.counts.detections[k], of: d.counts.pulses[k], p: gain, "gain of μ = \(mu)")
        }
        #expect(d.intensities == [0.48, 0.1, 0])
        #expect(r.sourceKind == "decoy")
    }

    @Test("Without fluctuations the estimate is Ma et al.'s vacuum + weak decoy bound")
    func asymptoticMatchesMa() throws {
        // Expected counts of a GYS line at 40 km with 10^12 pulses: the
        // finite-size terms vanish and Y1, e1 must be the paper's closed form.
        let p = SystemPreset.gys
        let eta = p.transmittance(distanceKm: 40), y0 = p.darkCountYield, ed = p.detectorErrorRate
        let mus = [0.48, 0.1, 0.0], probs = [0.6, 0.2, 0.2], n = 1e12
        var c = DecoyCounts(intensities: mus, probabilities: probs)
        for k in 0..<3 {
            let q = y0 + 1 - exp(-eta * mus[k])
            let eq = 0.5 * y0 + ed * (1 - exp(-eta * mus[k]))
            c.pulses[k] = Int(n * probs[k])
            c.detections[k] = Int((n * probs[k] * q).rounded())
            c.matchedX[k] = Int(n * probs[k] / 4); c.matchedZ[k] = c.matchedX[k]
            c.siftedX[k] = Int((n * probs[k] * q / 4).rounded()); c.siftedZ[k] = c.siftedX[k]
            c.errorsX[k] = Int((n * probs[k] * eq / 4).rounded()); c.errorsZ[k] = c.errorsX[k]
        }
        let d = DecoyEstimate(counts: c, epsilonSecurity: 1e-10)
        let (mu, nu) = (0.48, 0.1)
        let qmu = y0 + 1 - exp(-eta * mu), qnu = y0 + 1 - exp(-eta * nu)
        let enuQnu = 0.5 * y0 + ed * (1 - exp(-eta * nu))
        // Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), vacuum + weak decoy.
        let y1 = mu / (mu * nu - nu * nu) * (qnu * exp(nu) - qmu * exp(mu) * nu * nu / (mu * mu) - (mu * mu - nu * nu) / (mu * mu) * y0)
        let e1 = (enuQnu * exp(nu) - 0.5 * y0) / (y1 * nu)
        #expect(abs(d.y1Asymptotic / y1 - 1) < 1e-4, "Y1 \(d.y1Asymptotic) vs \(y1)")
        #expect(abs(d.e1Asymptotic / e1 - 1) < 1e-3, "e1 \(d.e1Asymptotic) vs \(e1)")
        // The finite-size bounds are looser, and still close at 10^12 pulses.
        #expect(d.y1Lower < d.y1Asymptotic && d.y1Lower > 0.95 * d.y1Asymptotic)
        #expect(d.e1Upper > d.e1Asymptotic)
        // Y1 is a lower bound on the true single-photon yield Y0 + η − Y0η.
        #expect(d.y1Lower <= y0 + eta - y0 * eta)
    }

    @Test("Lim et al. Eqs. (2)–(5) evaluated by hand on a small count table")
    func limEquationsByHand() throws {
        var c = DecoyCounts(intensities: [0.5, 0.1, 0], probabilities: [0.8, 0.1, 0.1])
        c.pulses = [800_000, 100_000, 100_000]
        c.siftedX = [20_000, 600, 5]; c.siftedZ = [20_000, 600, 5]
        c.errorsZ = [400, 20, 3]; c.errorsX = [400, 20, 3]
        c.detections = [80_000, 2_400, 20]; c.matchedX = [200_000, 25_000, 25_000]; c.matchedZ = c.matchedX
        let eps = 1e-10
        let d = DecoyEstimate(counts: c, epsilonSecurity: eps)
        let e = eps / 21
        let delta = { (n: Double) in (n / 2 * log(1 / e)).squareRoot() }
        let mu = [0.5, 0.1, 0.0], p = [0.8, 0.1, 0.1]
        let nX = 20_605.0, mZ = 423.0
        func plus(_ x: Double, _ k: Int, _ n: Double) -> Double { exp(mu[k]) / p[k] * (x + delta(n)) }
        func minus(_ x: Double, _ k: Int, _ n: Double) -> Double { exp(mu[k]) / p[k] * max(0, x - delta(n)) }
        let tau0 = 0.8 * exp(-0.5) + 0.1 * exp(-0.1) + 0.1
        let tau1 = 0.8 * 0.5 * exp(-0.5) + 0.1 * 0.1 * exp(-0.1)
        let s0 = max(0, tau0 * (0.1 * minus(5, 2, nX) - 0 * plus(600, 1, nX)) / 0.1)
        let s1 = max(0, tau1 * 0.5 * (minus(600, 1, nX) - plus(5, 2, nX) - 0.01 / 0.25 * (plus(20_000, 0, nX) - s0 / tau0))
                     / (0.5 * 0.1 - 0.01))
        let v1 = max(0, tau1 * (plus(20, 1, mZ) - minus(3, 2, mZ)) / 0.1)
        #expect(abs(d.vacuumCountLower - s0) <= 1e-9 * max(1, s0))
        #expect(abs(d.singlePhotonCountLower - s1) <= 1e-9 * max(1, s1))
        #expect(abs(d.checkSinglePhotonErrorsUpper - v1) <= 1e-9 * max(1, v1))
        if s1 > 0 {
            let b = v1 / s1
            let g = ((2 * s1) * (1 - b) * b / (s1 * s1 * log(2.0)) * log2((2 * s1) / (s1 * s1 * (1 - b) * b) * 441 / (eps * eps))).squareRoot()
            #expect(abs(d.phaseErrorUpper - min(0.5, b + g)) < 1e-9)
        }
    }

    @Test("Multiplicative Chernoff bounds bracket the count and beat Hoeffding at small counts")
    func chernoff() {
        let (lo, hi) = DecoyEstimate.chernoffExpectation(observed: 100, eps: 1e-10)
        #expect(lo < 100 && hi > 100)
        // At the bounds the Chernoff tails equal ε.
        let dL = 100 / lo - 1, dU = 1 - 100 / hi
        #expect(abs(lo * (dL - (1 + dL) * log1p(dL)) - log(1e-10)) < 1e-6)
        #expect(abs(hi * (-dU - (1 - dU) * log1p(-dU)) - log(1e-10)) < 1e-6)
        let hoeffding = (1e5 / 2 * log(1e10)).squareRoot()  // a count of 100 out of 10^5
        #expect(hi - 100 < hoeffding)
    }

    @Test("Modern detectors, 25 km, 10^8 pulses: a positive Lim key below the infinite-decoy rate")
    func modernFiberKey() throws {
        let r = try BB84.run(decoyConfig(.modernFiber, km: 25, photons: 100_000_000))
        let d = try #require(r.decoy)
        #expect(d.verdict == nil && !r.aborted)
        #expect(d.singlePhotonCountLower > 0 && d.phaseErrorUpper < 0.11)
        let ell = limKeyLength(d, f: SystemPreset.modernFiber.errorCorrectionEfficiency)
        let asymptotic = try KeyRate.point(model: .decoyInfinite, preset: .modernFiber, distanceKm: 25, mu: 0.48)
        #expect(ell > 0, "ℓ = \(ell)")
        #expect(ell / Double(r.photons) < asymptotic.ratePerPulse, "\(ell / Double(r.photons)) vs \(asymptotic.ratePerPulse)")
    }

    @Test("GYS detectors, 25 km, 10^8 pulses: no key with Hoeffding; with Chernoff a small key, under a tenth of the asymptotic rate")
    func gysKey() throws {
        let asymptotic = try KeyRate.point(model: .decoyInfinite, preset: .gys, distanceKm: 25, mu: 0.48).ratePerPulse
        let f = SystemPreset.gys.errorCorrectionEfficiency
        let h = try BB84.run(decoyConfig(.gys, km: 25, photons: 100_000_000))
        let dh = try #require(h.decoy)
        #expect(limKeyLength(dh, f: f) <= 0)
        // The same counts under the multiplicative Chernoff bound.
        let dc = DecoyEstimate(counts: dh.counts, epsilonSecurity: 1e-10, bound: .chernoff)
        let fraction = max(0, limKeyLength(dc, f: f)) / 1e8 / asymptotic
        #expect(fraction > 0 && fraction < 0.1, "Chernoff key is \(fraction) of the asymptotic rate")
        #expect(dc.singlePhotonCountLower > dh.singlePhotonCountLower)
    }

    @Test("Under PNS the decoys expose Eve: the run aborts and says the yields disagree")
    func pnsExposed() throws {
        let r = try BB84.run(decoyConfig(.gys, km: 50, photons: 10_000_000) { $0.eve = .pns })
        let d = try #require(r.decoy)
        #expect(r.aborted)
        #expect(d.verdict?.hasPrefix("decoy yields disagree: single-photon yield ≤") == true, "\(d.verdict ?? "nil")")
        #expect(r.siftedErrors * 20 < r.sifted, "PNS itself leaves the QBER at the line's")
        // The same line without Eve passes the decoy check.
        let honest = try BB84.run(decoyConfig(.gys, km: 50, photons: 10_000_000))
        #expect(honest.decoy?.verdict?.hasPrefix("decoy yields disagree") != true)
    }

    @Test("PNS with a lossless line keeps Bob's detection rate at short range", arguments: [(5.0, 1.0), (5.0, 0.1), (0.0, 0.5)])
    func pnsShortRange(km: Double, detector: Double) throws {
        var c = BB84Configuration()
        c.photons = 2_000_000; c.seed = 17; c.source = .wcp; c.mu = 0.1
        c.distanceKm = km; c.detectorEfficiency = detector; c.eve = .pns
        let r = try BB84.run(c)
        let eta = pow(10, -0.2 * km / 10) * detector
        expectBinomial(r.detected, of: r.photons, p: 1 - exp(-0.1 * eta), "Bob's clicks under PNS at \(km) km, η_d = \(detector)")
        #expect(r.siftedErrors == 0)
    }

    @Test("Biased bases: an Eve biased the same way hides in the pooled QBER, the per-basis estimate aborts")
    func perBasisAbort() throws {
        var c = BB84Configuration()
        c.photons = 1_000_000; c.seed = 23; c.rectilinearProbability = 0.9
        c.eve = .interceptResend; c.eveRectilinearProbability = 0.9
        let r = try BB84.run(c)
        // Pooled: (0.81·5% + 0.01·45%)/0.82 ≈ 5.5%, below 11%.
        #expect(r.qber < c.abortQber)
        #expect(r.aborted)
        #expect(r.abortReason?.hasPrefix("diagonal-basis QBER") == true, "\(r.abortReason ?? "nil")")
        let qd = try #require(r.qberDiagonal)
        expectBinomial(Int((qd * Double(r.sampleBitsDiagonal)).rounded()), of: r.sampleBitsDiagonal, p: 0.45, "diagonal QBER")
        #expect(r.eveKnownBits * 10 > r.sifted * 8, "Eve knows about 90% of the sifted bits")
    }

    @Test("Detector blinding: zero QBER and Eve knows every sifted bit")
    func blinding() throws {
        var c = BB84Configuration()
        c.photons = 200_000; c.seed = 29; c.distanceKm = 20; c.detectorEfficiency = 0.5; c.darkCount = 1e-5
        c.eve = .blinding
        let r = try BB84.run(c)
        #expect(r.sifted > 1000)
        #expect(r.siftedErrors == 0)
        #expect(r.eveKnownBits == r.sifted)
        #expect(!r.aborted)
        // She mimics the line's loss: Bob's detection rate is what the fiber gives.
        expectBinomial(r.detected, of: r.photons, p: pow(10, -0.4) * 0.5, "clicks under blinding")
    }

    @Test("Man in the middle: refused by authentication; without it both halves look clean and Eve holds both keys")
    func manInTheMiddle() throws {
        var c = BB84Configuration()
        c.photons = 100_000; c.seed = 31; c.misalignment = 0.01; c.eve = .mitm
        let refused = try BB84.run(c)
        #expect(refused.aborted)
        #expect(refused.abortReason?.hasPrefix("authentication failed") == true)
        #expect(refused.keyBits == 0)
        c.authenticated = false
        let r = try BB84.run(c)
        let m = try #require(r.mitm)
        #expect(!r.aborted)
        #expect(m.aliceEveQber < 0.03 && m.eveBobQber < 0.03)
        #expect(m.eveKnowsAliceKeyBits == m.aliceEveKeyBits && m.eveKnowsBobKeyBits == m.eveBobKeyBits)
        // Alice's and Bob's keys are unrelated: they agree on about half the bits.
        let n = min(r.aliceKey.count, r.bobKey.count)
        let agree = n - r.aliceKey.slice(0..<n).hammingDistance(to: r.bobKey.slice(0..<n))
        expectBinomial(agree, of: n, p: 0.5, "Alice–Bob agreement through a man in the middle")
    }

    @Test("Decoys are refused without a weak laser or with intensities Lim et al. cannot use")
    func decoyValidation() {
        var c = BB84Configuration(); c.decoys = [0.1, 0]
        #expect(throws: SimulationError.self) { try c.validate() }
        c.source = .wcp; c.mu = 0.48
        #expect(throws: Never.self) { try c.validate() }
        c.mu = 0.1  // μ must exceed ν1 + ν2
        #expect(throws: SimulationError.self) { try c.validate() }
        c.mu = 0.48; c.decoys = [0.1, 0.1]  // ν1 > ν2
        #expect(throws: SimulationError.self) { try c.validate() }
        c.decoys = [0.1]
        #expect(throws: SimulationError.self) { try c.validate() }
    }

    @Test("Preset dark counts convert Y0 to one detector per gate: 1 − (1 − p_d)² = Y0")
    func darkCountConvention() {
        for p in SystemPreset.all {
            let pd = p.darkCountPerDetector
            // 1 − (1 − p_d)² = p_d(2 − p_d), written so that rounding does not swamp a 1e-9 yield.
            #expect(abs(pd * (2 - pd) / p.darkCountYield - 1) < 1e-12)
        }
    }
}
