// Joining the protocol runs to distillation: the ledger starts at detection.
import QuantumSim

extension Distillation {
    /// The QBER handed to Cascade (for its block sizes) when the sample
    /// showed no error: zero would promise a perfect key. Half an error in
    /// the sample (a common pseudo-count) keeps the estimate tiny. The
    /// finite-key bound uses the sample's own QBER plus its correction.
    public static func workingQber(estimated: Double, sampleBits: Int) -> Double {
        let floor = 0.5 / Double(max(1, sampleBits))
        return min(0.49, max(estimated, floor))
    }

    /// The bound's input for a BB84 run: single photons; weak pulses with
    /// every multi-photon pulse tagged (GLLP); or, with decoys, the decoy
    /// estimate's s_{X,0}, s_{X,1} and φ_X (Lim et al. 2014). The decoy bounds
    /// must each fail with ε_sec/21 for the bound's 6·log2(21/ε_sec) term to
    /// hold, so they are recomputed from the counts when the run estimated
    /// them at another ε_sec.
    public static func finiteKeyInput(for r: BB84Result, epsilonSec: Double = defaultEpsilonSec) -> FiniteKeyInput {
        switch r.sourceModel {
        case .singlePhoton:
            return .singlePhoton
        case let .weakCoherent(mu):
            return .weakPulseNoDecoy(mu: mu, pulses: r.photons, detections: r.detected)
        case let .decoy(d):
            let e = d.epsilonSecurity == epsilonSec ? d : DecoyEstimate(counts: d.counts, epsilonSecurity: epsilonSec, bound: d.bound)
            return .decoy(vacuumCountLower: e.vacuumCountLower, singlePhotonCountLower: e.singlePhotonCountLower,
                          phaseErrorUpper: e.phaseErrorUpper)
        }
    }

    /// Distils what is left of a BB84 run after sifting and the sample.
    public static func run(after r: BB84Result, variant: CascadeVariant,
                           epsilonSec: Double = defaultEpsilonSec, input: FiniteKeyInput? = nil,
                           cancellation: CancellationToken? = nil) throws -> DistillationReport {
        guard !r.aborted else { throw DistillationError.protocolAborted(r.abortReason ?? "aborted") }
        let prior = [
            KeyLedger.Entry(stage: .detected, bits: r.detected, note: "gates where Bob's detectors clicked"),
            KeyLedger.Entry(stage: .sifted, bits: r.sifted, note: "bases matched"),
            KeyLedger.Entry(stage: .sampleDisclosed, bits: r.keyBits, disclosedBits: r.sampleBits,
                            note: "\(r.sampleBits) sifted bits made public to estimate the QBER (\(r.sampleErrors) errors), then discarded"),
        ]
        return try run(alice: r.aliceKey, bob: r.bobKey, sampleBits: r.sampleBits, sampleErrors: r.sampleErrors,
                       variant: variant, epsilonSec: epsilonSec, input: input ?? finiteKeyInput(for: r, epsilonSec: epsilonSec),
                       photons: r.photons, source: RandomSource(seed: r.seed),
                       priorLedger: prior, eveKnownBitsBefore: r.eveKnows.popcount, cancellation: cancellation)
    }

    /// Distils an E91 key. Its QBER is estimated on a sample disclosed here,
    /// as in BB84, from the stream "sample". An entangled pair measured in the
    /// BB84 bases is a source of preparation quality q = 1 (BBM92; TLGR 2012,
    /// "Device model"), so the single-photon bound applies.
    public static func run(after r: E91Result, sampleFraction: Double, variant: CascadeVariant,
                           epsilonSec: Double = defaultEpsilonSec,
                           cancellation: CancellationToken? = nil) throws -> DistillationReport {
        var sampler = RandomSource(seed: r.seed).stream("sample")
        var mask = BitVector(count: r.aliceKey.count)
        mask.withWords { w in for i in w.indices { w[i] = sampler.bernoulliWord(sampleFraction) } }
        let sampleBits = mask.popcount
        let errors = ((r.aliceKey ^ r.bobKey) & mask).popcount
        let keep = ~mask
        let alice = r.aliceKey.selecting(keep), bob = r.bobKey.selecting(keep)
        guard !alice.isEmpty else { throw DistillationError.emptyKey }
        let prior = [
            KeyLedger.Entry(stage: .detected, bits: r.detected, note: "pairs detected on both sides"),
            KeyLedger.Entry(stage: .sifted, bits: r.keyBits, note: "analyzer angles matched"),
            KeyLedger.Entry(stage: .sampleDisclosed, bits: alice.count, disclosedBits: sampleBits,
                            note: "\(sampleBits) key bits made public to estimate the QBER (\(errors) errors)"),
        ]
        return try run(alice: alice, bob: bob, sampleBits: sampleBits, sampleErrors: errors,
                       variant: variant, epsilonSec: epsilonSec, input: .singlePhoton, photons: r.pairs,
                       source: RandomSource(seed: r.seed), priorLedger: prior, eveKnownBitsBefore: nil,
                       cancellation: cancellation)
    }
}
