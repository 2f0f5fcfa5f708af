// The distillation pipeline: Cascade → verification → privacy amplification,
// with a finite-key length from a published bound.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import QuantumSim

public struct ReconciliationSummary: Codable, Sendable {
    public var bits: Int
    /// The QBER estimate handed to Cascade (block sizes).
    public var qber: Double
    public var variant: CascadeVariant
    /// Every bit Cascade made public: Alice's parities plus Bob's replies.
    public var leakedBits: Int
    public var aliceParityBits: Int
    public var bobReplyBits: Int
    /// Errors the frame actually held (simulator knowledge).
    public var actualErrors: Int
    /// f = leakedBits / (n·h(actual error rate)): nil when the frame had no
    /// error (h = 0).
    public var efficiency: Double?
    /// Alice's parities alone against the actual errors (the literature's f).
    public var aliceEfficiency: Double?
    /// Alice's parities against n·h(QBER estimate), the figure Cascade plans with.
    public var estimatedEfficiency: Double
    public var messages: Int
    public var residualErrors: Int
    public var verified: Bool
    public var verification: VerificationResult
    public var trace: CascadeTrace
}

public struct DistillationReport: Codable, Sendable {
    public var reconciliation: ReconciliationSummary
    /// Whole bits.
    public var finalKeyBits: Int
    public var paSeedBits: Int
    /// The secrecy parameter of the bound used (trace distance to an ideal key).
    public var epsilonSec: Double
    /// Correctness: probability that unequal keys pass verification, from the
    /// polynomial hash's collision bound.
    public var epsilonCor: Double
    /// The bound and its terms; nil when verification failed first.
    public var finiteKey: FiniteKeyAnalysis?
    /// When there is no key: the smallest photon (pulse, pair) count of a run
    /// like this one that would give one, or nil if none would.
    public var smallestPhotonCount: Int?
    public var aliceKey: BitVector
    public var bobKey: BitVector
    /// Why no key was produced, or nil on success.
    public var aborted: String?
    public var ledger: KeyLedger

    /// ε of the privacy-amplification step (the bound's ε_sec).
    public var epsilonPA: Double { epsilonSec }
    /// The length before rounding (negative means no key).
    public var lengthBudget: Double { finiteKey?.budget ?? 0 }
}

public enum Distillation {
    /// Largest key distilled: every accepted request must finish within 60 s
    /// and 2 GB on the project machine (issue 18). 2.25×10^7 bits (5×10^7
    /// photons at 0 km) took 44 s wall at load 10, 16 s CPU, 183 MB; see
    /// Benchmarks/README.md. Cascade alone accepts up to 10^8 bits.
    public static let maxKeyBits = 25_000_000
    public static let defaultEpsilonSec = PrivacyAmplification.defaultEpsilon

    /// Reconciles, verifies and hashes one block. Streams "cascade", "verify"
    /// and "pa" of `source` draw the public shuffles, the hash point and the
    /// Toeplitz seed. `sampleBits`/`sampleErrors` are the disclosed QBER
    /// sample; the final length comes from the finite-key bound that fits
    /// `input` (see FiniteKey.swift). `photons` (pulses, pairs) lets a run
    /// without key name the smallest run that would give one.
    public static func run(
        alice: BitVector, bob: BitVector, sampleBits: Int, sampleErrors: Int, variant: CascadeVariant,
        epsilonSec: Double = defaultEpsilonSec, input: FiniteKeyInput = .singlePhoton, photons: Int? = nil,
        source: RandomSource, priorLedger: [KeyLedger.Entry] = [], eveKnownBitsBefore: Int? = nil,
        cancellation: CancellationToken? = nil
    ) throws -> DistillationReport {
        let sampleQber = sampleBits > 0 ? Double(sampleErrors) / Double(sampleBits) : 0
        let estimatedQber = workingQber(estimated: sampleQber, sampleBits: sampleBits)
        try Cascade.validate(alice: alice, bob: bob, estimatedQber: estimatedQber)
        guard epsilonSec > 0, epsilonSec < 1 else { throw DistillationError.epsilonOutOfRange(epsilonSec) }
        let n = alice.count
        guard n <= maxKeyBits else { throw DistillationError.distillationTooLong(bits: n, maximum: maxKeyBits) }
        var ledger = KeyLedger(entries: priorLedger, eveKnownBitsBefore: eveKnownBitsBefore)

        var cascadeStream = source.stream("cascade")
        let c = try Cascade.reconcile(
            alice: alice, bob: bob, estimatedQber: estimatedQber, variant: variant, random: &cascadeStream,
            cancellation: cancellation)
        let h = DistillationMath.binaryEntropy
        let actual = c.initialErrors
        let ideal = Double(n) * h(Double(actual) / Double(n))
        let leakEC = c.leakedBits + c.bobDisclosedBits
        ledger.append(.reconciled, bits: n, disclosed: leakEC,
                      note: "Cascade (\(variant.rawValue)): \(c.leakedBits.groupedDigits) parities from Alice, \(c.bobDisclosedBits.groupedDigits) replies from Bob, \(c.messages.groupedDigits) round trips")

        var verifyStream = source.stream("verify")
        let v = try Verification.verify(alice: alice, bob: c.correctedKey, random: &verifyStream, cancellation: cancellation)
        var summary = ReconciliationSummary(
            bits: n, qber: estimatedQber, variant: variant, leakedBits: leakEC,
            aliceParityBits: c.leakedBits, bobReplyBits: c.bobDisclosedBits, actualErrors: actual,
            efficiency: ideal > 0 ? Double(leakEC) / ideal : nil,
            aliceEfficiency: ideal > 0 ? Double(c.leakedBits) / ideal : nil,
            estimatedEfficiency: c.efficiency, messages: c.messages, residualErrors: c.residualErrors,
            verified: v.matched, verification: v, trace: c.trace)
        let epsilonCor = v.collisionBound

        func noKey(_ reason: String, analysis: FiniteKeyAnalysis?, smallest: Int? = nil) -> DistillationReport {
            DistillationReport(
                reconciliation: summary, finalKeyBits: 0, paSeedBits: 0, epsilonSec: epsilonSec, epsilonCor: epsilonCor,
                finiteKey: analysis, smallestPhotonCount: smallest,
                aliceKey: BitVector(), bobKey: BitVector(), aborted: reason, ledger: ledger)
        }

        guard v.matched else {
            ledger.append(.verified, bits: 0, disclosed: v.leakedBits, note: v.reason ?? "tags differ")
            return noKey(v.reason ?? "Verification failed.", analysis: nil)
        }
        ledger.append(.verified, bits: n, disclosed: v.leakedBits,
                      note: "hash tags agree; ε_cor = \(sci(epsilonCor)) (collision bound of the polynomial hash)")

        // The finite-key bound. Everything revealed is subtracted: sample
        // bits are discarded, Cascade's messages both ways and the tag count.
        let problem = FiniteKeyProblem(
            input: input, keyBits: Double(n), sampleBits: Double(sampleBits), sampleQber: sampleQber,
            reconciliationLeak: Double(leakEC), tagBits: Double(v.leakedBits),
            epsilonSec: epsilonSec, epsilonCor: epsilonCor)
        let fk = FiniteKey.analyse(problem)
        let m = fk.length
        appendBoundRows(&ledger, fk, n: n)
        guard m > 0 else {
            let smallest = photons.flatMap { FiniteKey.smallestRun(for: problem, photons: $0) }
            let reason = verdict(fk, smallest: smallest, photons: photons)
            ledger.append(.finalKey, bits: 0, note: "no key (see the verdict)")
            return noKey(reason, analysis: fk, smallest: smallest)
        }
        if cancellation?.isCancelled == true { throw CancelledError() }

        var paStream = source.stream("pa")
        let seed = BitVector(random: PrivacyAmplification.seedLength(inputBits: n, outputLength: m), from: &paStream)
        // Alice hashes her key. Bob's corrected key equals hers unless the
        // tags collided (the simulator can tell); only then is it hashed apart.
        let ka = try PrivacyAmplification.toeplitzHash(alice, seed: seed, outputLength: m, cancellation: cancellation)
        let sameKeys = c.correctedKey == alice
        let kb = sameKeys ? ka : try PrivacyAmplification.toeplitzHash(c.correctedKey, seed: seed, outputLength: m, cancellation: cancellation)
        guard ka == kb else {
            // Only possible after a hash collision in verification.
            summary.verified = false
            return noKey("Final keys differ despite matching tags (a hash collision); keys discarded.", analysis: fk)
        }
        ledger.append(.finalKey, bits: m, note: "Toeplitz hashing with a \(seed.count)-bit public seed; ε_sec = \(sci(epsilonSec)), ε_cor = \(sci(epsilonCor))")
        ledger.epsilonPA = epsilonSec
        ledger.eveInformationBoundAfterPA = KeyLedger.eveInformationBound(finalBits: m, epsilon: epsilonSec)
        return DistillationReport(
            reconciliation: summary, finalKeyBits: m, paSeedBits: seed.count, epsilonSec: epsilonSec,
            epsilonCor: epsilonCor, finiteKey: fk, smallestPhotonCount: nil,
            aliceKey: ka, bobKey: kb, aborted: nil, ledger: ledger)
    }

    static func sci(_ x: Double) -> String { String(format: "%.1e", x) }

    /// The subtractions of the bound as ledger rows. Each removes whole bits;
    /// the finite-size row takes the rounding, so the rows add up to ℓ.
    static func appendBoundRows(_ ledger: inout KeyLedger, _ fk: FiniteKeyAnalysis, n: Int) {
        var left = n
        func row(_ stage: KeyLedger.Stage, _ removed: Int, _ note: String) {
            left -= removed
            ledger.append(stage, bits: max(0, left), removed: removed, note: note)
        }
        switch fk.bound {
        case .tomamichel2012: break
        case .gllpTomamichel2012:
            row(.multiPhoton, Int(fk.taggedBitsUpper.rounded(.up)),
                "key bits that may come from multi-photon pulses, all assumed known to Eve (GLLP tagging)")
        case .lim2014:
            row(.multiPhoton, Int(fk.taggedBitsUpper.rounded(.up)),
                "key bits not proven to be vacuum or single-photon events by the decoy estimate")
        }
        row(.phaseErrors, Int(fk.phaseErrorCost.rounded(.up)),
            fk.bound == .lim2014
                ? String(format: "s₁·h(φ) with the decoy bound φ = %.4f on the single-photon phase errors", fk.phaseErrorUpper)
                : String(format: "h(QBER) per credited bit at the sample's QBER %.4f (the asymptotic term)", fk.sampleQber))
        row(.disclosedBits, Int(fk.reconciliationLeak + fk.tagBits),
            "everything Cascade and the verification tag made public")
        let penalty: Int
        if fk.length > 0 { penalty = left - fk.length } else { penalty = Int(max(0, fk.finiteSizePenalty).rounded(.up)) }
        var note: String
        if let mu = fk.statisticalCorrection {
            note = String(format: "QBER %.4f + μ %.4f from a %d-bit sample, and ε terms of %.0f bits", fk.sampleQber, mu, fk.sampleBits, fk.epsilonCost)
        } else {
            note = String(format: "ε terms 6·log2(21/ε_sec) = %.0f bits (the decoy bound's statistical corrections are inside φ)", fk.epsilonCost)
        }
        row(.finiteSize, penalty, note)
    }

    /// The one-line reason a run gave no key.
    static func verdict(_ fk: FiniteKeyAnalysis, smallest: Int?, photons: Int?) -> String {
        let eps = sci(fk.epsilonSec)
        if fk.bound == .gllpTomamichel2012, fk.creditedBits < 1 {
            return "no key at any run length: multi-photon pulses may account for every key bit (up to \(Int(fk.taggedBitsUpper.rounded(.up)).groupedDigits) of \(fk.keyBits.groupedDigits)), and without decoys Eve may know them all (GLLP tagging)"
        }
        if fk.asymptoticBudget <= 0 {
            var s = "no key at any run length: even without finite-size terms the errors and disclosed bits exceed what the bound credits"
            s += String(format: " (QBER %.2f%%, %@)", fk.sampleQber * 100, fk.bound.rawValue)
            return s
        }
        var s = "not enough signals for a key at ε = \(eps): the finite-size penalty of \(Int(fk.finiteSizePenalty.rounded(.up)).groupedDigits) bits exceeds the \(Int(max(0, fk.asymptoticBudget).rounded(.down)).groupedDigits) bits the asymptotic formula would keep"
        if let N = smallest {
            s += String(format: "; at this QBER (%.2f%%) a run of at least %@ photons would give a key", fk.sampleQber * 100, N.groupedDigits)
        } else if photons != nil {
            s += "; no run length gives a key at this QBER with this reconciliation"
        }
        return s
    }
}
