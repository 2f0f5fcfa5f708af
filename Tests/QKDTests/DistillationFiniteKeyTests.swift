// The finite-key bounds, each checked against its paper's formula written
// out independently here, and the acceptance runs of issue 16.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import QKD
import QuantumSim

@Suite("Distillation: finite-key bounds")
struct DistillationFiniteKeyTests {
    static let cases: [(n: Double, k: Double, q: Double, leak: Double, eps: Double)] = [
        (450_000, 50_000, 0.02, 130_000, 1e-10),
        (9_000, 960, 0.0396, 5_975, 1e-10),
        (2_000_000, 100_000, 0.011, 260_000, 1e-6),
        (123_457, 12_000, 0.05, 60_000, 1e-12),
    ]

    @Test("Single photons: ℓ = ⌊n[1 − h(Q + μ)] − leak − tag − 2·log2(1/ε)⌋ (TLGR 2012, Eq. 2)")
    func tomamichel() {
        for c in Self.cases {
            // μ = √((n + k)/(n k) · (k + 1)/k · ln(2/ε_sec))
            let mu = sqrt((c.n + c.k) / (c.n * c.k) * (c.k + 1) / c.k * log(2 / c.eps))
            let budget = c.n * (1 - entropy2(min(0.5, c.q + mu))) - c.leak - 64 - 2 * log2(1 / c.eps)
            let expected = budget >= 1 ? Int(budget.rounded(.down)) : 0
            let fk = FiniteKey.analyse(FiniteKeyProblem(
                input: .singlePhoton, keyBits: c.n, sampleBits: c.k, sampleQber: c.q,
                reconciliationLeak: c.leak, tagBits: 64, epsilonSec: c.eps, epsilonCor: 1e-15))
            #expect(fk.length == expected, "n = \(c.n)")
            #expect(abs(fk.budget - budget) < 1e-6 * max(1, abs(budget)))
            #expect(fk.statisticalCorrection == mu)
            #expect(fk.bound == .tomamichel2012)
            // The penalty is what separates it from the asymptotic formula.
            let asymptotic = c.n * (1 - entropy2(c.q)) - c.leak - 64
            #expect(abs(fk.finiteSizePenalty - (asymptotic - budget)) < 1e-6 * max(1, abs(asymptotic)))
        }
        // The first case by hand: μ = 0.0231, h(0.0431) = 0.2563.
        let fk = FiniteKey.analyse(FiniteKeyProblem(
            input: .singlePhoton, keyBits: 450_000, sampleBits: 50_000, sampleQber: 0.02,
            reconciliationLeak: 130_000, tagBits: 64, epsilonSec: 1e-10, epsilonCor: 1e-15))
        #expect(abs(fk.statisticalCorrection! - 0.022959) < 1e-5)
        #expect(fk.length > 200_000 && fk.length < 205_000)
    }

    @Test("Decoys: ℓ = ⌊s0 + s1(1 − h(φ)) − leak − tag − 6·log2(21/ε)⌋ (Lim et al. 2014, Eq. 1)")
    func lim() {
        for (s0, s1, phi, leak, eps) in [(1_000.0, 300_000.0, 0.03, 40_000.0, 1e-10), (0, 5_000, 0.12, 2_000, 1e-10),
                                          (50, 80_000, 0.5, 1_000, 1e-9)] {
            let budget = s0 + s1 * (1 - entropy2(phi)) - leak - 64 - 6 * log2(21 / eps)
            let expected = budget >= 1 ? Int(budget.rounded(.down)) : 0
            let fk = FiniteKey.analyse(FiniteKeyProblem(
                input: .decoy(vacuumCountLower: s0, singlePhotonCountLower: s1, phaseErrorUpper: phi),
                keyBits: s0 + s1 + 20_000, sampleBits: 10_000, sampleQber: 0.02,
                reconciliationLeak: leak, tagBits: 64, epsilonSec: eps, epsilonCor: 1e-15))
            #expect(fk.length == expected)
            #expect(fk.bound == .lim2014)
            #expect(fk.taggedBitsUpper == 20_000)
        }
        // A decoy estimate that finds (almost) no single photons gives no key,
        // however long the run: Eve's PNS attack is exposed.
        let pns = FiniteKey.analyse(FiniteKeyProblem(
            input: .decoy(vacuumCountLower: 0, singlePhotonCountLower: 10, phaseErrorUpper: 0.5),
            keyBits: 40_000, sampleBits: 4_000, sampleQber: 0.0, reconciliationLeak: 100, tagBits: 64,
            epsilonSec: 1e-10, epsilonCor: 1e-15))
        #expect(pns.length == 0)
    }

    @Test("Lim et al.'s γ(a, b, c, d) written out")
    func gamma() {
        let (a, b, c, d) = (1e-10, 0.02, 1e5, 4e5)
        let expected = sqrt((c + d) * (1 - b) * b / (c * d * log(2)) * log2((c + d) / (c * d * (1 - b) * b) * 441 / (a * a)))
        #expect(abs(FiniteKey.limGamma(a, b, c, d) - expected) < 1e-15)
        #expect(FiniteKey.limGamma(a, 0, c, d) == 0)
    }

    @Test("Weak pulses without decoys: GLLP tagging with the finite-size corrections")
    func gllp() {
        let mu = 0.1, N = 10_000_000.0, D = 300_000.0, n = 130_000.0, k = 15_000.0, q = 0.02, leak = 30_000.0
        let eps = 1e-10
        let pMulti = 1 - exp(-mu) * (1 + mu)
        let sentMulti = N * pMulti + sqrt(N * log(4 / eps) / 2)
        let tagged = min(n, n * min(D, sentMulti) / D + sqrt(n * log(4 / eps) / 2))
        let untagged = n - tagged
        let muStat = sqrt((n + k) / (n * k) * (k + 1) / k * log(2 / (eps / 2)))
        let eU = min(0.5, (q + muStat) * n / untagged)
        let budget = untagged * (1 - entropy2(eU)) - leak - 64 - 2 * log2(2 / eps)
        let fk = FiniteKey.analyse(FiniteKeyProblem(
            input: .weakPulseNoDecoy(mu: mu, pulses: Int(N), detections: Int(D)), keyBits: n, sampleBits: k,
            sampleQber: q, reconciliationLeak: leak, tagBits: 64, epsilonSec: eps, epsilonCor: 1e-15))
        #expect(fk.bound == .gllpTomamichel2012)
        #expect(abs(fk.taggedBitsUpper - tagged) < 1e-6)
        #expect(fk.length == (budget >= 1 ? Int(budget.rounded(.down)) : 0))
        #expect(fk.length > 0)
    }

    @Test("The smallest run is found by bisection and is tight to 0.1 %")
    func smallestRun() throws {
        let p = FiniteKeyProblem(input: .singlePhoton, keyBits: 9_000, sampleBits: 960, sampleQber: 0.03,
                                 reconciliationLeak: 3_000, tagBits: 64, epsilonSec: 1e-10, epsilonCor: 1e-15)
        #expect(FiniteKey.analyse(p).length == 0)
        let N = try #require(FiniteKey.smallestRun(for: p, photons: 20_000))
        #expect(FiniteKey.analyse(p.scaled(by: Double(N) / 20_000)).length >= 1)
        #expect(FiniteKey.analyse(p.scaled(by: Double(N) * 0.999 / 20_000)).length == 0)
        // Too many errors for this leak: no run helps.
        var bad = p; bad.sampleQber = 0.2
        #expect(FiniteKey.smallestRun(for: bad, photons: 20_000) == nil)
    }
}

@Suite("Distillation: acceptance runs (issue 16)")
struct DistillationAcceptanceTests {
    @Test("20,000 photons against 20 % intercept-resend (seed 11) give no key, and name a run that would")
    func smallRunNoKey() throws {
        var c = BB84Configuration()
        c.photons = 20_000; c.eve = .interceptResend; c.eveFraction = 0.2; c.seed = 11
        let r = try BB84.run(c)
        #expect(!r.aborted)
        let d = try Distillation.run(after: r, variant: .option8)
        #expect(d.finalKeyBits == 0)
        #expect(d.aborted?.hasPrefix("not enough signals for a key at ε = 1.0e-10") == true)
        let smallest = try #require(d.smallestPhotonCount)
        #expect(smallest > 20_000)
        #expect(d.ledger.entries.contains { $0.stage == .finiteSize })
    }

    @Test("10^6 photons at 2 % QBER give a key")
    func millionPhotonsKey() throws {
        var c = BB84Configuration()
        c.photons = 1_000_000; c.misalignment = 0.02; c.seed = 5
        let r = try BB84.run(c)
        let d = try Distillation.run(after: r, variant: .option8)
        #expect(d.aborted == nil)
        #expect(d.finalKeyBits > 100_000)
        #expect(d.aliceKey == d.bobKey && d.aliceKey.count == d.finalKeyBits)
        #expect(d.finiteKey?.bound == .tomamichel2012)
        #expect(d.epsilonSec == 1e-10)
        #expect(d.epsilonCor > 0 && d.epsilonCor < 1e-12)
    }

    @Test("PNS on weak pulses gives no key without decoys where loss lets Eve block single photons",
          arguments: [40.0, 50.0, 80.0])
    func pnsNoDecoys(distance: Double) throws {
        var c = BB84Configuration()
        c.photons = 2_000_000; c.source = .wcp; c.mu = 0.5; c.distanceKm = distance; c.eve = .pns; c.seed = 7
        let r = try BB84.run(c)
        #expect(!r.aborted)
        #expect(r.eveKnownBits == r.sifted)   // Eve knows every sifted bit here
        let d = try Distillation.run(after: r, variant: .option8)
        #expect(d.finalKeyBits == 0)
        #expect(d.finiteKey?.bound == .gllpTomamichel2012)
        #expect(d.aborted?.contains("multi-photon pulses may account for every key bit") == true)
    }

    @Test("At short range PNS cannot hide: GLLP tags at least every bit Eve learned", arguments: [5.0, 15.0])
    func gllpCoversEve(distance: Double) throws {
        var c = BB84Configuration()
        c.photons = 2_000_000; c.source = .wcp; c.mu = 0.5; c.distanceKm = distance; c.eve = .pns; c.seed = 7
        let r = try BB84.run(c)
        let d = try Distillation.run(after: r, variant: .option8)
        let fk = try #require(d.finiteKey)
        let eveKeyBits = try #require(d.ledger.eveKnownBitsBefore)
        #expect(eveKeyBits > 0)
        #expect(fk.taggedBitsUpper >= Double(eveKeyBits))
    }

    @Test("f ≥ 1 against the frame's actual errors on 1,000 seeds")
    func efficiencyAtLeastOne() throws {
        var minimumBoth = Double.infinity, minimumAlice = Double.infinity
        for seed in 1...1_000 {
            let q = [0.01, 0.02, 0.05][seed % 3]
            let (a, b) = noisyPair(bits: 4_000, qber: q, seed: UInt64(seed))
            var r = RandomStream(seed: UInt64(seed), name: "cascade")
            // The estimate is deliberately off by ±30 %, as a sample's would be.
            let estimate = q * (seed % 2 == 0 ? 0.7 : 1.3)
            let c = try Cascade.reconcile(alice: a, bob: b, estimatedQber: estimate, variant: .option8, random: &r)
            guard c.residualErrors == 0, c.initialErrors > 0 else { continue }
            let ideal = 4_000 * entropy2(Double(c.initialErrors) / 4_000)
            minimumBoth = min(minimumBoth, Double(c.leakedBits + c.bobDisclosedBits) / ideal)
            minimumAlice = min(minimumAlice, try #require(c.actualEfficiency))
        }
        #expect(minimumBoth >= 1, "f counting both sides: \(minimumBoth)")
        #expect(minimumAlice >= 1, "f for Alice's parities alone: \(minimumAlice)")
    }
}

@Suite("Distillation: decoy-state runs (Lim et al. 2014 with the decoy estimate)")
struct DistillationDecoyTests {

    @Test("With decoys the length is Lim et al.'s Eq. (1) on the decoy estimate's s0, s1 and φ")
    func limOnTheRun() throws {
        let r = try BB84.run(decoyConfig(.modernFiber, km: 25, photons: 10_000_000))
        let e = try #require(r.decoy)
        #expect(!r.aborted)
        let d = try Distillation.run(after: r, variant: .option8)
        let fk = try #require(d.finiteKey)
        #expect(fk.bound == .lim2014)
        let budget = e.vacuumCountLower + e.singlePhotonCountLower * (1 - entropy2(min(0.5, e.phaseErrorUpper)))
            - Double(d.reconciliation.leakedBits) - 64 - 6 * log2(21 / 1e-10)
        #expect(abs(fk.budget - budget) < 1e-6 * max(1, abs(budget)))
        #expect(d.finalKeyBits == (budget >= 1 ? Int(budget.rounded(.down)) : 0))
        #expect(d.ledger.entries.contains { $0.stage == .multiPhoton })
    }

    @Test("With decoys PNS is exposed: the run aborts on the decoy estimate, and its bounds leave no key")
    func pnsExposedWithDecoys() throws {
        var c = decoyConfig(.gys, km: 50, photons: 10_000_000)
        c.eve = .pns
        let r = try BB84.run(c)
        let e = try #require(r.decoy)
        #expect(r.aborted)
        let reason = try #require(r.abortReason)
        #expect(throws: DistillationError.protocolAborted(reason)) { try Distillation.run(after: r, variant: .option8) }
        // The Lim bound on that estimate, whatever the key bits, gives nothing.
        let fk = FiniteKey.analyse(FiniteKeyProblem(
            input: Distillation.finiteKeyInput(for: r), keyBits: Double(max(1, r.keyBits)),
            sampleBits: Double(r.sampleBits), sampleQber: r.qber, reconciliationLeak: 0, tagBits: 64,
            epsilonSec: 1e-10, epsilonCor: 1e-15))
        #expect(fk.bound == .lim2014)
        #expect(fk.length == 0, "s1 = \(e.singlePhotonCountLower), φ = \(e.phaseErrorUpper)")
    }
}
