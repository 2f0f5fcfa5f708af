// Where the key bits went, stage by stage, and what Eve may know.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

public struct KeyLedger: Codable, Sendable, Equatable {
    /// Ledger rows, named in words for the learner.
    public enum Stage: String, Codable, Sendable, CaseIterable {
        case detected
        case sifted
        case sampleDisclosed = "disclosed for the QBER sample"
        case reconciled = "reconciled (Cascade)"
        case verified = "verified (hash tag)"
        /// GLLP tagging, or the decoy estimate's non-single-photon events.
        case multiPhoton = "multi-photon pulses"
        case phaseErrors = "Eve's information from the errors"
        case disclosedBits = "bits made public in reconciliation"
        case finiteSize = "finite-size penalty"
        case finalKey = "final key"
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var stage: Stage
        /// Key bits held (or, from the bound's rows on, still credited) after this stage.
        public var bits: Int
        /// Bits made public at this stage (sample bits, parities, replies, tag).
        public var disclosedBits: Int
        /// Bits privacy amplification removes for this reason.
        public var removedBits: Int
        public var note: String

        public init(stage: Stage, bits: Int, disclosedBits: Int = 0, removedBits: Int = 0, note: String) {
            self.stage = stage
            self.bits = bits
            self.disclosedBits = disclosedBits
            self.removedBits = removedBits
            self.note = note
        }
    }

    public var entries: [Entry]
    /// What the caller knows Eve learned before distillation (e.g. from an
    /// intercept-resend simulation), if anything.
    public var eveKnownBitsBefore: Int?
    /// ε_sec: the final key is ε-close (trace distance) to a uniform key
    /// independent of Eve. Nil when no key was made.
    public var epsilonPA: Double?
    /// Upper bound on Eve's information about the final key in bits:
    /// ε·m + (1 + ε)·h(ε/(1 + ε)), the continuity bound for conditional entropy
    /// (Winter, Commun. Math. Phys. 347, 291 (2016)) applied to an m-bit key
    /// that is ε-close to ideal. Nil when no key was made.
    public var eveInformationBoundAfterPA: Double?

    public init(entries: [Entry] = [], eveKnownBitsBefore: Int? = nil) {
        self.entries = entries
        self.eveKnownBitsBefore = eveKnownBitsBefore
    }

    public mutating func append(_ stage: Stage, bits: Int, disclosed: Int = 0, removed: Int = 0, note: String) {
        entries.append(Entry(stage: stage, bits: bits, disclosedBits: disclosed, removedBits: removed, note: note))
    }

    /// The bound above for an m-bit key at distance ε.
    public static func eveInformationBound(finalBits m: Int, epsilon: Double) -> Double {
        guard m > 0 else { return 0 }
        let e = epsilon
        return e * Double(m) + (1 + e) * DistillationMath.binaryEntropy(e / (1 + e))
    }

    /// Total bits disclosed over all stages.
    public var totalDisclosed: Int { entries.reduce(0) { $0 + $1.disclosedBits } }
}
