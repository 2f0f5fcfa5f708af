// Finite-key length of the final key: which published bound applies, its
// terms, and the smallest run that would give a key.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// What the source was, and what the quantum stage proved about it. The
/// privacy-amplification bound follows from this (issue 16: "privacy
/// amplification follows the source").
public enum FiniteKeyInput: Codable, Sendable, Equatable {
    /// An ideal single-photon source: Tomamichel, Lim, Gisin & Renner 2012.
    case singlePhoton
    /// Weak coherent pulses of mean photon number `mu` without decoys: every
    /// multi-photon pulse is tagged as known to Eve (GLLP 2004).
    /// `pulses` were sent and `detections` clicked in total.
    case weakPulseNoDecoy(mu: Double, pulses: Int, detections: Int)
    /// Weak pulses with decoys (Lim, Curty, Walenta, Xu & Zbinden 2014): lower
    /// bounds on the vacuum (s_{X,0}) and single-photon (s_{X,1}) events among
    /// the key bits and the upper bound φ_X on the single-photon phase error
    /// rate, each from the decoy estimate with its own statistical correction.
    case decoy(vacuumCountLower: Double, singlePhotonCountLower: Double, phaseErrorUpper: Double)
}

/// The published bound used for the final length.
public enum FiniteKeyBound: String, Codable, Sendable, CaseIterable {
    case tomamichel2012 = "Tomamichel-Lim-Gisin-Renner 2012"
    case gllpTomamichel2012 = "GLLP 2004 tagging + Tomamichel-Lim-Gisin-Renner 2012"
    case lim2014 = "Lim-Curty-Walenta-Xu-Zbinden 2014"

    public var citation: String {
        switch self {
        case .tomamichel2012:
            "M. Tomamichel, C. C. W. Lim, N. Gisin, R. Renner, Nat. Commun. 3, 634 (2012), Eq. (2)"
        case .gllpTomamichel2012:
            "D. Gottesman, H.-K. Lo, N. Lütkenhaus, J. Preskill, Quantum Inf. Comput. 4, 325 (2004), with the statistics of Tomamichel et al., Nat. Commun. 3, 634 (2012)"
        case .lim2014:
            "C. C. W. Lim, M. Curty, N. Walenta, F. Xu, H. Zbinden, Phys. Rev. A 89, 022307 (2014), Eq. (1)"
        }
    }
}

/// Everything a finite-key length is computed from, as plain numbers, so the
/// same evaluation serves the run and the search for the smallest run.
public struct FiniteKeyProblem: Codable, Sendable, Equatable {
    public var input: FiniteKeyInput
    /// Key bits entering reconciliation (n).
    public var keyBits: Double
    /// Bits disclosed to estimate the QBER (k) and the errors among them.
    public var sampleBits: Double
    public var sampleQber: Double
    /// Bits disclosed by error correction, Alice's and Bob's messages together.
    public var reconciliationLeak: Double
    /// Bits of the verification tag (the paper's log2(2/ε_cor) term; we
    /// subtract what is actually sent, which is at least that).
    public var tagBits: Double
    public var epsilonSec: Double
    public var epsilonCor: Double

    public init(input: FiniteKeyInput, keyBits: Double, sampleBits: Double, sampleQber: Double,
                reconciliationLeak: Double, tagBits: Double, epsilonSec: Double, epsilonCor: Double) {
        self.input = input; self.keyBits = keyBits; self.sampleBits = sampleBits; self.sampleQber = sampleQber
        self.reconciliationLeak = reconciliationLeak; self.tagBits = tagBits
        self.epsilonSec = epsilonSec; self.epsilonCor = epsilonCor
    }

    public var bound: FiniteKeyBound {
        switch input {
        case .singlePhoton: .tomamichel2012
        case .weakPulseNoDecoy: .gllpTomamichel2012
        case .decoy: .lim2014
        }
    }

    /// The same run made `factor` times longer: counts scale, rates stay.
    /// For decoys, φ_X is kept at this run's value (its statistical
    /// correction would shrink), so the answer errs on the large side.
    public func scaled(by factor: Double) -> FiniteKeyProblem {
        var p = self
        p.keyBits *= factor; p.sampleBits *= factor; p.reconciliationLeak *= factor
        switch input {
        case .singlePhoton: break
        case let .weakPulseNoDecoy(mu, pulses, detections):
            p.input = .weakPulseNoDecoy(mu: mu, pulses: Int((Double(pulses) * factor).rounded()),
                                        detections: Int((Double(detections) * factor).rounded()))
        case let .decoy(s0, s1, phi):
            p.input = .decoy(vacuumCountLower: s0 * factor, singlePhotonCountLower: s1 * factor, phaseErrorUpper: phi)
        }
        return p
    }
}

/// The terms of the final length, each in bits, as the ledger shows them.
public struct FiniteKeyAnalysis: Codable, Sendable, Equatable {
    public var bound: FiniteKeyBound
    public var citation: String
    public var epsilonSec: Double
    public var epsilonCor: Double
    public var keyBits: Int
    public var sampleBits: Int
    public var sampleQber: Double
    /// Statistical correction added to the sample QBER (TLGR's μ), or nil
    /// when the phase error comes from the decoy estimate.
    public var statisticalCorrection: Double?
    /// Upper bound on the phase error rate of the bits that count (after the
    /// correction; for GLLP, of the untagged bits).
    public var phaseErrorUpper: Double
    /// Key bits that may come from multi-photon pulses (GLLP tagging), or
    /// that are not proven single-photon or vacuum events (decoys).
    public var taggedBitsUpper: Double
    /// Bits whose secrecy the bound credits before any subtraction:
    /// n, or n − tagged (GLLP), or s_{X,0} + s_{X,1} (decoys).
    public var creditedBits: Double
    /// Eve's information from the errors at the point estimate (the
    /// asymptotic term): n·h(Q), or n_u·h(Q·n/n_u), or s_{X,1}·h(φ_X).
    public var phaseErrorCost: Double
    public var reconciliationLeak: Double
    public var tagBits: Double
    /// What finite statistics and the security parameters cost beyond the
    /// asymptotic formula: the μ shift in the entropy plus the ε terms.
    public var finiteSizePenalty: Double
    /// The ε-dependent constant alone, e.g. 2·log2(1/ε_sec) or 6·log2(21/ε_sec).
    public var epsilonCost: Double
    /// The length before rounding down; ≤ 0 means no key.
    public var budget: Double
    /// ⌊budget⌋, or 0.
    public var length: Int
    /// The asymptotic length at the same QBER and leak, for comparison.
    public var asymptoticBudget: Double
}

public enum FiniteKey {
    /// TLGR 2012, Eq. (2): μ = √((n + k)/(n·k) · (k + 1)/k · ln(2/ε_sec)), the
    /// Serfling-type correction from the k-bit sample to the n key bits.
    public static func tomamichelCorrection(keyBits n: Double, sampleBits k: Double, epsilonSec: Double) -> Double {
        guard n > 0, k > 0 else { return .infinity }
        return ((n + k) / (n * k) * (k + 1) / k * log(2 / epsilonSec)).squareRoot()
    }

    /// Lim et al. 2014, below Eq. (2): γ(a, b, c, d) =
    /// √((c + d)(1 − b)b / (c·d·ln 2) · log2((c + d)/(c·d·(1 − b)·b) · 21²/a²)),
    /// so that φ_X ≤ v_{Z,1}/s_{Z,1} + γ(ε_sec, v_{Z,1}/s_{Z,1}, s_{Z,1}, s_{X,1}).
    /// Exposed for the decoy estimate, which owns φ_X.
    public static func limGamma(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
        guard b > 0, b < 1, c > 0, d > 0 else { return 0 }
        let arg = (c + d) / (c * d * (1 - b) * b) * (21 * 21) / (a * a)
        return ((c + d) * (1 - b) * b / (c * d * log(2)) * log2(arg)).squareRoot()
    }

    /// Hoeffding's bound for sampling without replacement (Hoeffding, JASA 58,
    /// 13 (1963), §6): out of `population` items of which `marked` are marked,
    /// a uniform `draws`-subset holds more than draws·marked/population + t
    /// marked items with probability ≤ exp(−2t²/draws).
    static func samplingUpper(draws: Double, marked: Double, population: Double, epsilon: Double) -> Double {
        guard population > 0 else { return draws }
        return min(draws, draws * min(1, marked / population) + (draws * log(1 / epsilon) / 2).squareRoot())
    }

    /// Evaluates the bound that fits the source.
    public static func analyse(_ p: FiniteKeyProblem) -> FiniteKeyAnalysis {
        let n = p.keyBits, k = p.sampleBits, Q = p.sampleQber, eps = p.epsilonSec
        let h = DistillationMath.binaryEntropy
        let asymptotic: Double
        var correction: Double? = nil
        let credited: Double, tagged: Double, phaseUpper: Double, phaseCost: Double, entropy: Double, epsCost: Double
        switch p.input {
        case .singlePhoton:
            // TLGR Eq. (2): ℓ ≤ n[1 − h(Q + μ)] − leak_EC − log2(2/(ε_sec²·ε_cor)),
            // with log2(2/ε_cor) replaced by the tag we send (≥ it, TLGR Eq. (S6)).
            let mu = tomamichelCorrection(keyBits: n, sampleBits: k, epsilonSec: eps)
            correction = mu
            credited = n; tagged = 0
            phaseUpper = min(0.5, Q + mu)
            phaseCost = n * h(min(0.5, Q))
            entropy = n * (1 - h(phaseUpper))
            epsCost = 2 * log2(1 / eps)
            asymptotic = n * (1 - h(min(0.5, Q)))
        case let .weakPulseNoDecoy(mu, pulses, detections):
            // GLLP: only untagged (single-photon) signals give key; all phase
            // errors may sit on them, e_u ≤ e·n/n_u (GLLP Eq. for R with
            // Δ = tagged fraction). Finite-size: ε_sec is split as ε/2 for
            // TLGR's sampling and smoothing, ε/4 for the count of multi-photon
            // pulses sent, ε/4 for how many of them land among the n key bits.
            let pMulti = 1 - exp(-mu) * (1 + mu)                       // Poisson, ≥ 2 photons
            let N = Double(pulses), D = Double(max(1, detections))
            // Hoeffding (JASA 58, 13 (1963), Thm 1): multi-photon pulses sent.
            let sentMulti = min(N, N * pMulti + (N * log(4 / eps) / 2).squareRoot())
            // Worst case: Eve lets every multi-photon pulse through (PNS).
            let taggedDetections = min(D, sentMulti)
            tagged = samplingUpper(draws: n, marked: taggedDetections, population: D, epsilon: eps / 4)
            let untagged = max(0, n - tagged)
            let muStat = tomamichelCorrection(keyBits: n, sampleBits: k, epsilonSec: eps / 2)
            correction = muStat
            credited = untagged
            phaseUpper = untagged > 0 ? min(0.5, (Q + muStat) * n / untagged) : 0.5
            phaseCost = untagged > 0 ? untagged * h(min(0.5, Q * n / untagged)) : 0
            entropy = untagged * (1 - h(phaseUpper))
            epsCost = 2 * log2(2 / eps)
            let asymTagged = n * min(1, N * pMulti / D)
            let u = max(0, n - asymTagged)
            asymptotic = u > 0 ? u * (1 - h(min(0.5, Q * n / u))) : 0
        case let .decoy(s0, s1, phi):
            // Lim et al. Eq. (1): ℓ = s_{X,0} + s_{X,1}(1 − h(φ_X)) − λ_EC
            //   − 6·log2(21/ε_sec) − log2(2/ε_cor); log2(2/ε_cor) → tag bits.
            credited = max(0, s0) + max(0, s1)
            tagged = max(0, n - credited)
            phaseUpper = min(0.5, phi)
            phaseCost = max(0, s1) * h(phaseUpper)
            entropy = max(0, s0) + max(0, s1) * (1 - h(phaseUpper))
            epsCost = 6 * log2(21 / eps)
            asymptotic = entropy
        }
        let budget = entropy - p.reconciliationLeak - p.tagBits - epsCost
        let asymptoticBudget = asymptotic - p.reconciliationLeak - p.tagBits
        let length = budget >= 1 ? Int(budget.rounded(.down)) : 0
        return FiniteKeyAnalysis(
            bound: p.bound, citation: p.bound.citation, epsilonSec: eps, epsilonCor: p.epsilonCor,
            keyBits: Int(n.rounded()), sampleBits: Int(k.rounded()), sampleQber: Q,
            statisticalCorrection: correction, phaseErrorUpper: phaseUpper, taggedBitsUpper: tagged,
            creditedBits: credited, phaseErrorCost: phaseCost, reconciliationLeak: p.reconciliationLeak,
            tagBits: p.tagBits, finiteSizePenalty: asymptoticBudget - budget, epsilonCost: epsCost,
            budget: budget, length: length, asymptoticBudget: asymptoticBudget)
    }

    /// The smallest multiple of this run (in photons sent) whose bound gives
    /// at least one bit, found by doubling then bisection on the scale
    /// factor; nil when no length helps (the asymptotic rate is not positive).
    public static func smallestRun(for p: FiniteKeyProblem, photons: Int) -> Int? {
        guard photons > 0 else { return nil }
        func gives(_ N: Double) -> Bool { analyse(p.scaled(by: N / Double(photons))).length >= 1 }
        var hi = Double(photons)
        if gives(hi) {
            // Already enough; search downwards.
            var lo = 1.0
            while hi - lo > max(1, hi * 1e-4) {
                let mid = (lo + hi) / 2
                if gives(mid) { hi = mid } else { lo = mid }
            }
            return Int(hi.rounded(.up))
        }
        var lo = hi
        while !gives(hi) {
            lo = hi
            hi *= 2
            if hi > 1e18 { return nil }
        }
        while hi - lo > max(1, hi * 1e-4) {
            let mid = (lo + hi) / 2
            if gives(mid) { hi = mid } else { lo = mid }
        }
        return Int(hi.rounded(.up))
    }
}
