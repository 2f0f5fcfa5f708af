// Tests of the whole distillation pipeline and its ledger.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import QKD
import QuantumSim

/// Binary entropy, written out again so the tests do not trust the engine's.
func entropy2(_ p: Double) -> Double {
    p <= 0 || p >= 1 ? 0 : -p * log2(p) - (1 - p) * log2(1 - p)
}

@Suite("Distillation: pipeline")
struct DistillationPipelineTests {
    let prior = [
        KeyLedger.Entry(stage: .detected, bits: 250_000, note: "clicks"),
        KeyLedger.Entry(stage: .sifted, bits: 120_000, note: "bases agreed"),
        KeyLedger.Entry(stage: .sampleDisclosed, bits: 100_000, disclosedBits: 20_000, note: "QBER sample"),
    ]

    @Test("A 2 % key distils to equal final keys of the TLGR length", arguments: CascadeVariant.allCases)
    func success(variant: CascadeVariant) throws {
        let (a, b) = noisyPair(bits: 100_000, qber: 0.02, seed: 31)
        let report = try Distillation.run(
            alice: a, bob: b, sampleBits: 20_000, sampleErrors: 400, variant: variant, epsilonSec: 1e-10,
            source: RandomSource(seed: 31), priorLedger: prior)
        #expect(report.aborted == nil)
        #expect(report.reconciliation.verified)
        #expect(report.reconciliation.residualErrors == 0)
        #expect(report.aliceKey == report.bobKey)
        // Cascade's leak counts both sides.
        let rec = report.reconciliation
        #expect(rec.leakedBits == rec.aliceParityBits + rec.bobReplyBits)
        #expect(rec.bobReplyBits > 0)
        // TLGR Eq. (2), evaluated here from the report's own counts.
        let n = 100_000.0, k = 20_000.0, q = 0.02, eps = 1e-10
        let mu = ((n + k) / (n * k) * (k + 1) / k * log(2 / eps)).squareRoot()
        let m = Int((n * (1 - entropy2(q + mu)) - Double(rec.leakedBits) - 64 - 2 * log2(1 / eps)).rounded(.down))
        #expect(m > 0)
        #expect(report.finalKeyBits == m)
        #expect(report.aliceKey.count == m)
        #expect(report.paSeedBits == 100_000 + m - 1)
        #expect(report.ledger.entries.last?.stage == .finalKey)
        #expect(report.ledger.entries.last?.bits == m)
        #expect(report.ledger.totalDisclosed == 20_000 + rec.leakedBits + 64)
        // The bound's rows remove exactly n − m bits.
        let removed = report.ledger.entries.reduce(0) { $0 + $1.removedBits }
        #expect(removed == 100_000 - m)
        #expect(report.ledger.entries.contains { $0.stage == .finiteSize && $0.removedBits > 0 })
        let eve = try #require(report.ledger.eveInformationBoundAfterPA)
        #expect(eve > 0 && eve < 1e-4)
    }

    @Test("The same seed gives the same report; another seed another key")
    func reproducible() throws {
        let (a, b) = noisyPair(bits: 60_000, qber: 0.01, seed: 2)
        let run = { (s: UInt64) in
            try Distillation.run(alice: a, bob: b, sampleBits: 10_000, sampleErrors: 100, variant: .option8,
                                 source: RandomSource(seed: s))
        }
        #expect(try run(1).finalKeyBits > 0)
        #expect(try run(1).aliceKey == run(1).aliceKey)
        #expect(try run(1).aliceKey != run(2).aliceKey)
    }

    @Test("A small run gets no key, a verdict naming ε, and the smallest run that would")
    func noKey() throws {
        let (a, b) = noisyPair(bits: 9_000, qber: 0.04, seed: 3)
        let report = try Distillation.run(
            alice: a, bob: b, sampleBits: 960, sampleErrors: 38, variant: .option8, epsilonSec: 1e-10,
            photons: 20_000, source: RandomSource(seed: 3), priorLedger: prior)
        #expect(report.finalKeyBits == 0)
        #expect(report.lengthBudget < 1)
        #expect(report.aliceKey.isEmpty && report.bobKey.isEmpty)
        #expect(report.aborted?.contains("not enough signals for a key at ε = 1.0e-10") == true)
        #expect(report.ledger.entries.last?.stage == .finalKey)
        #expect(report.ledger.eveInformationBoundAfterPA == nil)
        let penalty = try #require(report.ledger.entries.first { $0.stage == .finiteSize })
        #expect(penalty.removedBits > 0)
        // The named count gives a key under the same bound, and 1 % fewer does not.
        let smallest = try #require(report.smallestPhotonCount)
        #expect(report.aborted?.contains(smallest.groupedDigits) == true)
        let fk = try #require(report.finiteKey)
        let problem = FiniteKeyProblem(
            input: .singlePhoton, keyBits: 9_000, sampleBits: 960, sampleQber: 38.0 / 960,
            reconciliationLeak: fk.reconciliationLeak, tagBits: 64, epsilonSec: 1e-10, epsilonCor: report.epsilonCor)
        #expect(FiniteKey.analyse(problem.scaled(by: Double(smallest) / 20_000)).length >= 1)
        #expect(FiniteKey.analyse(problem.scaled(by: Double(smallest) * 0.99 / 20_000)).length == 0)
    }

    @Test("A badly underestimated QBER leaves errors; verification aborts")
    func verificationAborts() throws {
        // A clean sample but 30 % errors: blocks far too large for Cascade.
        let (a, b) = noisyPair(bits: 2_000, qber: 0.3, seed: 4)
        let report = try Distillation.run(
            alice: a, bob: b, sampleBits: 2_000, sampleErrors: 1, variant: .original,
            source: RandomSource(seed: 4))
        #expect(report.reconciliation.residualErrors > 0)
        #expect(!report.reconciliation.verified)
        #expect(report.aborted?.contains("Verification") == true)
        #expect(report.finalKeyBits == 0 && report.aliceKey.isEmpty)
        #expect(report.finiteKey == nil)
    }

    @Test("Bad input is rejected")
    func badInput() {
        let a = BitVector(count: 64)
        #expect(throws: DistillationError.epsilonOutOfRange(0)) {
            try Distillation.run(alice: a, bob: a, sampleBits: 100, sampleErrors: 2, variant: .original, epsilonSec: 0,
                                 source: RandomSource(seed: 1))
        }
        #expect(throws: DistillationError.emptyKey) {
            try Distillation.run(alice: BitVector(), bob: BitVector(), sampleBits: 100, sampleErrors: 2, variant: .original,
                                 source: RandomSource(seed: 1))
        }
    }

    @Test("Length mismatch is rejected")
    func mismatch() {
        let a = BitVector(count: 64)
        #expect(throws: DistillationError.lengthMismatch(alice: 64, bob: 65)) {
            try Distillation.run(alice: a, bob: BitVector(count: 65), sampleBits: 100, sampleErrors: 2, variant: .original,
                                 source: RandomSource(seed: 1))
        }
    }

    @Test("Reports round-trip through JSON")
    func codable() throws {
        let (a, b) = noisyPair(bits: 60_000, qber: 0.01, seed: 6)
        let report = try Distillation.run(alice: a, bob: b, sampleBits: 10_000, sampleErrors: 100, variant: .option7,
                                          source: RandomSource(seed: 6), priorLedger: prior)
        let data = try JSONEncoder().encode(report)
        let back = try JSONDecoder().decode(DistillationReport.self, from: data)
        #expect(back.aliceKey == report.aliceKey)
        #expect(back.ledger == report.ledger)
        #expect(back.finiteKey == report.finiteKey)
        #expect(back.reconciliation.trace == report.reconciliation.trace)
    }

    @Test("Ledger rows are words, not identifiers")
    func ledgerWords() {
        for stage in KeyLedger.Stage.allCases {
            let name = stage.rawValue
            // No camelCase: a lower-case letter is never followed by a capital.
            let chars = Array(name)
            let camel = zip(chars, chars.dropFirst()).contains { $0.isLowercase && $1.isUppercase }
            #expect(!camel, "\(name)")
            #expect(name.contains(" ") || name == "detected" || name == "sifted", "\(name)")
        }
        #expect(KeyLedger.Stage.sampleDisclosed.rawValue == "disclosed for the QBER sample")
        #expect(KeyLedger.Stage.finiteSize.rawValue == "finite-size penalty")
        #expect(KeyLedger.Stage.finalKey.rawValue == "final key")
    }

    @Test("Eve's bound after PA is ε·m + (1 + ε)·h(ε/(1 + ε))")
    func eveBound() {
        let e = 1e-10, m = 1_000
        let expected = e * 1000 + (1 + e) * DistillationMath.binaryEntropy(e / (1 + e))
        #expect(KeyLedger.eveInformationBound(finalBits: m, epsilon: e) == expected)
        #expect(KeyLedger.eveInformationBound(finalBits: 0, epsilon: e) == 0)
    }

    @Test("A cancelled token stops distillation with CancelledError")
    func cancelled() throws {
        let (a, b) = noisyPair(bits: 50_000, qber: 0.02, seed: 8)
        let token = CancellationToken()
        token.cancel()
        #expect(throws: CancelledError.self) {
            try Distillation.run(alice: a, bob: b, sampleBits: 5_000, sampleErrors: 100, variant: .option8,
                                 source: RandomSource(seed: 8), cancellation: token)
        }
        var r = RandomStream(seed: 1, name: "cascade")
        #expect(throws: CancelledError.self) {
            try Cascade.reconcile(alice: a, bob: b, estimatedQber: 0.02, variant: .original, random: &r, cancellation: token)
        }
        #expect(throws: CancelledError.self) {
            var seedStream = RandomStream(seed: 1, name: "pa")
            let seed = BitVector(random: 50_000 + 999, from: &seedStream)
            _ = try PrivacyAmplification.toeplitzHash(a, seed: seed, outputLength: 1_000, cancellation: token)
        }
    }
}
