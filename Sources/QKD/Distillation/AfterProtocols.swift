// Joining the protocol runs to distillation: the ledger starts at detection.
import QuantumSim

extension Distillation {
    /// The QBER handed to Cascade and privacy amplification when the sample
    /// showed no error: zero would promise a perfect key. Half an error in
    /// the sample (a common pseudo-count) keeps the estimate honest and tiny.
    public static func workingQber(estimated: Double, sampleBits: Int) -> Double {
        let floor = 0.5 / Double(max(1, sampleBits))
        return min(0.49, max(estimated, floor))
    }

    /// Distils what is left of a BB84 run after sifting and the sample.
    public static func run(after r: BB84Result, variant: CascadeVariant,
                           epsilonPA: Double = PrivacyAmplification.defaultEpsilon) throws -> DistillationReport {
        guard !r.aborted else { throw DistillationError.emptyKey }
        let prior = [
            KeyLedger.Entry(stage: .detected, bits: r.detected, note: "gates where Bob's detectors clicked"),
            KeyLedger.Entry(stage: .sifted, bits: r.sifted, note: "bases matched"),
            KeyLedger.Entry(stage: .sampleDisclosed, bits: r.keyBits, disclosedBits: r.sampleBits,
                            note: "\(r.sampleBits) sifted bits made public to estimate the QBER, then discarded"),
        ]
        return try run(alice: r.aliceKey, bob: r.bobKey,
                       estimatedQber: workingQber(estimated: r.qber, sampleBits: r.sampleBits),
                       variant: variant, epsilonPA: epsilonPA, source: RandomSource(seed: r.seed),
                       priorLedger: prior, eveKnownBitsBefore: r.eveKnows.popcount)
    }

    /// Distils an E91 key. Its QBER is estimated on a sample disclosed here,
    /// as in BB84, from the stream "sample".
    public static func run(after r: E91Result, sampleFraction: Double, variant: CascadeVariant,
                           epsilonPA: Double = PrivacyAmplification.defaultEpsilon) throws -> DistillationReport {
        var sampler = RandomSource(seed: r.seed).stream("sample")
        var mask = BitVector(count: r.aliceKey.count)
        mask.withWords { w in for i in w.indices { w[i] = sampler.bernoulliWord(sampleFraction) } }
        let sampleBits = mask.popcount
        let errors = ((r.aliceKey ^ r.bobKey) & mask).popcount
        let keep = ~mask
        let alice = r.aliceKey.selecting(keep), bob = r.bobKey.selecting(keep)
        guard !alice.isEmpty else { throw DistillationError.emptyKey }
        let qber = sampleBits > 0 ? Double(errors) / Double(sampleBits) : 0
        let prior = [
            KeyLedger.Entry(stage: .detected, bits: r.detected, note: "pairs detected on both sides"),
            KeyLedger.Entry(stage: .sifted, bits: r.keyBits, note: "analyzer angles matched"),
            KeyLedger.Entry(stage: .sampleDisclosed, bits: alice.count, disclosedBits: sampleBits,
                            note: "\(sampleBits) key bits made public to estimate the QBER (\(errors) errors)"),
        ]
        return try run(alice: alice, bob: bob, estimatedQber: workingQber(estimated: qber, sampleBits: sampleBits),
                       variant: variant, epsilonPA: epsilonPA, source: RandomSource(seed: r.seed),
                       priorLedger: prior, eveKnownBitsBefore: nil)
    }
}
