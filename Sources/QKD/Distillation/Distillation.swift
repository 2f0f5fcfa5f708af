// The distillation pipeline: Cascade → verification → privacy amplification.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import QuantumSim

public struct ReconciliationSummary: Codable, Sendable {
    public var bits: Int
    public var qber: Double
    public var variant: CascadeVariant
    public var leakedBits: Int
    public var efficiency: Double
    public var messages: Int
    public var residualErrors: Int
    public var verified: Bool
    public var verification: VerificationResult
    public var trace: CascadeTrace
}

public struct DistillationReport: Codable, Sendable {
    public var reconciliation: ReconciliationSummary
    public var finalKeyBits: Int
    public var paSeedBits: Int
    public var epsilonPA: Double
    /// The PA length budget before rounding (negative means no key).
    public var lengthBudget: Double
    public var aliceKey: BitVector
    public var bobKey: BitVector
    /// Why no key was produced, or nil on success.
    public var aborted: String?
    public var ledger: KeyLedger
}

public enum Distillation {
    /// Largest key accepted (Cascade's limit; PA splits larger products).
    public static let maxKeyBits = Cascade.maxKeyBits

    /// Reconciles, verifies and hashes one block. Streams "cascade", "verify"
    /// and "pa" of `source` draw the public shuffles, the hash point and the
    /// Toeplitz seed. The phase error rate is taken as the QBER estimate
    /// (asymptotic BB84, Shor & Preskill 2000).
    public static func run(
        alice: BitVector, bob: BitVector, estimatedQber: Double, variant: CascadeVariant,
        epsilonPA: Double = PrivacyAmplification.defaultEpsilon, source: RandomSource,
        priorLedger: [KeyLedger.Entry] = [], eveKnownBitsBefore: Int? = nil
    ) throws -> DistillationReport {
        try Cascade.validate(alice: alice, bob: bob, estimatedQber: estimatedQber)
        guard epsilonPA > 0, epsilonPA < 1 else { throw DistillationError.epsilonOutOfRange(epsilonPA) }
        let n = alice.count
        var ledger = KeyLedger(entries: priorLedger, eveKnownBitsBefore: eveKnownBitsBefore)

        var cascadeStream = source.stream("cascade")
        let c = try Cascade.reconcile(
            alice: alice, bob: bob, estimatedQber: estimatedQber, variant: variant, random: &cascadeStream)
        ledger.append(.reconciled, bits: n, disclosed: c.leakedBits,
                      note: "Cascade (\(variant.rawValue)) revealed \(c.leakedBits) parities in \(c.messages) round trips; f = \(String(format: "%.3f", c.efficiency)).")

        var verifyStream = source.stream("verify")
        let v = Verification.verify(alice: alice, bob: c.correctedKey, random: &verifyStream)
        var summary = ReconciliationSummary(
            bits: n, qber: estimatedQber, variant: variant, leakedBits: c.leakedBits,
            efficiency: c.efficiency, messages: c.messages, residualErrors: c.residualErrors,
            verified: v.matched, verification: v, trace: c.trace)

        func noKey(_ reason: String, budget: Double) -> DistillationReport {
            DistillationReport(
                reconciliation: summary, finalKeyBits: 0, paSeedBits: 0, epsilonPA: epsilonPA,
                lengthBudget: budget, aliceKey: BitVector(), bobKey: BitVector(), aborted: reason, ledger: ledger)
        }

        guard v.matched else {
            ledger.append(.verified, bits: 0, disclosed: v.leakedBits, note: v.reason ?? "tags differ")
            return noKey(v.reason ?? "Verification failed.", budget: 0)
        }
        ledger.append(.verified, bits: n, disclosed: v.leakedBits,
                      note: "Hash tags agree (collision probability ≤ \(String(format: "%.1e", v.collisionBound))).")

        // Everything revealed about the key is subtracted: parities and tag.
        let leak = c.leakedBits + v.leakedBits
        let budget = PrivacyAmplification.lengthBudget(
            siftedBits: n, phaseErrorRate: estimatedQber, leakedBits: leak, epsilonPA: epsilonPA)
        let m = PrivacyAmplification.finalLength(
            siftedBits: n, phaseErrorRate: estimatedQber, leakedBits: leak, epsilonPA: epsilonPA)
        guard m > 0 else {
            let reason = String(
                format: "No secret key: n(1 − h(e)) = %.1f bits, minus %d leaked bits and 2·log2(1/ε) = %.1f, leaves %.1f.",
                Double(n) * (1 - DistillationMath.binaryEntropy(estimatedQber)), leak, 2 * log2(1 / epsilonPA), budget)
            ledger.append(.finalKey, bits: 0, note: reason)
            return noKey(reason, budget: budget)
        }

        var paStream = source.stream("pa")
        let seed = BitVector(random: PrivacyAmplification.seedLength(inputBits: n, outputLength: m), from: &paStream)
        // Each side hashes its own key; the seed's transform is shared.
        let hashed = PrivacyAmplification.toeplitzHash(keys: [alice, c.correctedKey], seed: seed, outputLength: m)
        let ka = hashed[0], kb = hashed[1]
        guard ka == kb else {
            // Only possible after a hash collision in verification.
            summary.verified = false
            return noKey("Final keys differ despite matching tags (a hash collision); keys discarded.", budget: budget)
        }
        ledger.append(.finalKey, bits: m, note: "Toeplitz hashing with a \(seed.count)-bit public seed, ε_PA = \(epsilonPA).")
        ledger.epsilonPA = epsilonPA
        ledger.eveInformationBoundAfterPA = KeyLedger.eveInformationBound(finalBits: m, epsilon: epsilonPA)
        return DistillationReport(
            reconciliation: summary, finalKeyBits: m, paSeedBits: seed.count, epsilonPA: epsilonPA,
            lengthBudget: budget, aliceKey: ka, bobKey: kb, aborted: nil, ledger: ledger)
    }
}
