// Tests of the whole distillation pipeline and its ledger.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import QKD
import QuantumSim

@Suite("Distillation: pipeline")
struct DistillationPipelineTests {
    let prior = [
        KeyLedger.Entry(stage: .detected, bits: 42_000, note: "clicks"),
        KeyLedger.Entry(stage: .sifted, bits: 21_000, note: "bases agreed"),
        KeyLedger.Entry(stage: .sampleDisclosed, bits: 20_000, disclosedBits: 1_000, note: "QBER sample"),
    ]

    @Test("A 2 % key distils to equal final keys of the predicted length", arguments: CascadeVariant.allCases)
    func success(variant: CascadeVariant) throws {
        let (a, b) = noisyPair(bits: 20_000, qber: 0.02, seed: 31)
        let report = try Distillation.run(
            alice: a, bob: b, estimatedQber: 0.02, variant: variant, epsilonPA: 1e-10,
            source: RandomSource(seed: 31), priorLedger: prior)
        #expect(report.aborted == nil)
        #expect(report.reconciliation.verified)
        #expect(report.reconciliation.residualErrors == 0)
        #expect(report.aliceKey == report.bobKey)
        let leak = report.reconciliation.leakedBits + 64
        let h = -(0.02 * log2(0.02) + 0.98 * log2(0.98))
        let m = Int((20_000 * (1 - h) - Double(leak) - 2 * log2(1e10)).rounded(.down))
        #expect(report.finalKeyBits == m)
        #expect(report.aliceKey.count == m)
        #expect(report.paSeedBits == 20_000 + m - 1)
        #expect(report.ledger.entries.map(\.stage) == KeyLedger.Stage.allCases)
        #expect(report.ledger.entries.last?.bits == m)
        #expect(report.ledger.totalDisclosed == 1_000 + leak)
        let eve = try #require(report.ledger.eveInformationBoundAfterPA)
        // ε·m ≈ 1e-10 · 1.4·10^4 plus h(ε) ≈ 3.5e-9.
        #expect(eve > 1e-6 && eve < 1e-5)
    }

    @Test("The same seed gives the same report; another seed another key")
    func reproducible() throws {
        let (a, b) = noisyPair(bits: 5_000, qber: 0.03, seed: 2)
        let run = { (s: UInt64) in
            try Distillation.run(alice: a, bob: b, estimatedQber: 0.03, variant: .option8,
                                 epsilonPA: 1e-10, source: RandomSource(seed: s), priorLedger: [])
        }
        #expect(try run(1).aliceKey == run(1).aliceKey)
        #expect(try run(1).aliceKey != run(2).aliceKey)
    }

    @Test("Too little key left after leakage: no secret key, with the reason")
    func noKey() throws {
        let (a, b) = noisyPair(bits: 1_000, qber: 0.1, seed: 3)
        let report = try Distillation.run(
            alice: a, bob: b, estimatedQber: 0.1, variant: .original, epsilonPA: 1e-10,
            source: RandomSource(seed: 3), priorLedger: prior)
        #expect(report.finalKeyBits == 0)
        #expect(report.lengthBudget < 1)
        #expect(report.aliceKey.isEmpty && report.bobKey.isEmpty)
        #expect(report.aborted?.contains("No secret key") == true)
        #expect(report.ledger.entries.last?.stage == .finalKey)
        #expect(report.ledger.eveInformationBoundAfterPA == nil)
    }

    @Test("A badly underestimated QBER leaves errors; verification aborts")
    func verificationAborts() throws {
        // Blocks of 730+ bits against 30 % errors: four passes cannot find them all.
        let (a, b) = noisyPair(bits: 2_000, qber: 0.3, seed: 4)
        let report = try Distillation.run(
            alice: a, bob: b, estimatedQber: 0.001, variant: .original, epsilonPA: 1e-10,
            source: RandomSource(seed: 4), priorLedger: [])
        let residual = report.reconciliation.residualErrors
        let verified = report.reconciliation.verified
        #expect(residual > 0)
        #expect(!verified)
        #expect(report.aborted?.contains("Verification") == true)
        #expect(report.finalKeyBits == 0 && report.aliceKey.isEmpty)
    }

    @Test("Bad input is rejected")
    func badInput() {
        let a = BitVector(count: 64)
        #expect(throws: DistillationError.epsilonOutOfRange(0)) {
            try Distillation.run(alice: a, bob: a, estimatedQber: 0.02, variant: .original, epsilonPA: 0,
                                 source: RandomSource(seed: 1), priorLedger: [])
        }
        #expect(throws: DistillationError.qberOutOfRange(0.5)) {
            try Distillation.run(alice: a, bob: a, estimatedQber: 0.5, variant: .original, epsilonPA: 1e-10,
                                 source: RandomSource(seed: 1), priorLedger: [])
        }
        #expect(throws: DistillationError.lengthMismatch(alice: 64, bob: 65)) {
            try Distillation.run(alice: a, bob: BitVector(count: 65), estimatedQber: 0.02, variant: .original,
                                 epsilonPA: 1e-10, source: RandomSource(seed: 1), priorLedger: [])
        }
    }

    @Test("Reports round-trip through JSON")
    func codable() throws {
        let (a, b) = noisyPair(bits: 3_000, qber: 0.02, seed: 6)
        let report = try Distillation.run(alice: a, bob: b, estimatedQber: 0.02, variant: .option7,
                                          epsilonPA: 1e-10, source: RandomSource(seed: 6), priorLedger: prior)
        let data = try JSONEncoder().encode(report)
        let back = try JSONDecoder().decode(DistillationReport.self, from: data)
        #expect(back.aliceKey == report.aliceKey)
        #expect(back.ledger == report.ledger)
        #expect(back.reconciliation.trace == report.reconciliation.trace)
    }

    @Test("Eve's bound after PA is ε·m + (1 + ε)·h(ε/(1 + ε))")
    func eveBound() {
        let e = 1e-10, m = 1_000
        let expected = e * 1000 + (1 + e) * DistillationMath.binaryEntropy(e / (1 + e))
        #expect(KeyLedger.eveInformationBound(finalBits: m, epsilon: e) == expected)
        #expect(KeyLedger.eveInformationBound(finalBits: 0, epsilon: e) == 0)
    }
}
