// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import QKD

/// Detection counts of one basis, per intensity, as a pass (or a block of passes) collects them.
public struct BasisCounts: Codable, Sendable, Equatable {
    /// n_{B,k}: detections where Alice and Bob both used this basis, per intensity k.
    public var detections: [Double]
    /// m_{B,k}: of those, how many were errors.
    public var errors: [Double]

    public init(intensities: Int) {
        detections = Array(repeating: 0, count: intensities); errors = Array(repeating: 0, count: intensities)
    }
    public var total: Double { detections.reduce(0, +) }
    public var totalErrors: Double { errors.reduce(0, +) }
}

/// The outcome of a finite-key bound: a whole number of bits, and why.
public struct FiniteKeyLength: Codable, Sendable, Equatable {
    /// ℓ, whole bits (the bound's floor, never negative).
    public var bits: Int
    /// Bits the asymptotic formula would keep from the same counts (no statistical corrections), whole bits.
    public var asymptoticBits: Int
    /// Sifted bits in the key basis (both bases when the bound is applied to each in turn).
    public var siftedBits: Int
    /// Observed error rate of the key basis.
    public var qber: Double
    /// Lower bound on single-photon (or, for entanglement, all) detections in the key basis.
    public var singlePhotonLower: Double
    /// Upper bound on their phase-error rate.
    public var phaseErrorUpper: Double
    /// Bits disclosed by error correction, λ_EC = f·n·h(E).
    public var errorCorrectionBits: Double
    public var epsilonSecrecy: Double
    public var epsilonCorrectness: Double
    /// The bound used, with its reference.
    public var method: String
}

/// Finite-key lengths from published bounds. Pure functions of the counts.
public enum FiniteKey {
    /// γ(a, b, c, d) of Lim et al. (2014), Eq. (6): the random-sampling correction to
    /// the phase-error rate when c test bits show rate b and d key bits are hidden
    /// (a = failure probability). Same form as Fung, Ma, Chau, PRA 81, 012318 (2010).
    static func samplingCorrection(a: Double, b: Double, c: Double, d: Double) -> Double {
        guard c > 0, d > 0 else { return 0.5 }  // nothing to sample from: no bound
        // γ degenerates at b = 0; with no observed error we evaluate it at half an error
        // in the sample, so the correction stays positive (our conservative choice).
        let b = min(max(b, 0.5 / c), 0.5)
        let x = (c + d) * (1 - b) * b / (c * d * log(2))
        let y = log2((c + d) / (c * d * (1 - b) * b) / (a * a))
        return y > 0 ? (x * y).squareRoot() : 0
    }

    /// Decoy-state BB84 with three intensities μ1 > μ2 + μ3, μ2 > μ3 ≥ 0:
    /// Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), Eqs. (1)–(6), with
    /// Hoeffding's inequality for the count fluctuations. `key` is the basis that makes
    /// key (their X), `test` the basis that estimates the phase error (their Z).
    public static func limDecoy(key: BasisCounts, test: BasisCounts, intensities mu: [Double], probabilities p: [Double],
                                errorCorrectionEfficiency f: Double, epsilonSecrecy eSec: Double,
                                epsilonCorrectness eCor: Double) -> FiniteKeyLength {
        precondition(mu.count == 3 && p.count == 3 && mu[0] > mu[1] + mu[2] && mu[1] > mu[2] && mu[2] >= 0)
        let (mu1, mu2, mu3) = (mu[0], mu[1], mu[2])
        // τ_n = Σ_k e^{−k} k^n p_k / n!: probability Alice sent n photons.
        let tau0 = zip(mu, p).reduce(0) { $0 + exp(-$1.0) * $1.1 }
        let tau1 = zip(mu, p).reduce(0) { $0 + exp(-$1.0) * $1.0 * $1.1 }
        let lnTerm = log(21 / eSec)
        // n^±_k = e^k/p_k · (n_k ± √(n/2 · ln(21/ε_sec))), Lim et al. Eq. (2).
        func bounds(_ counts: [Double], total: Double) -> (lower: [Double], upper: [Double]) {
            let delta = (total / 2 * lnTerm).squareRoot()
            return (mu.indices.map { exp(mu[$0]) / p[$0] * max(0, counts[$0] - delta) },
                    mu.indices.map { exp(mu[$0]) / p[$0] * (counts[$0] + delta) })
        }
        // s_0 (Eq. 3) and s_1 (Eq. 4), lower bounds on vacuum and single-photon detections.
        func vacuumAndSingle(_ c: BasisCounts) -> (s0: Double, s1: Double) {
            let n = bounds(c.detections, total: c.total)
            let s0 = max(0, tau0 * (mu2 * n.lower[2] - mu3 * n.upper[1]) / (mu2 - mu3))
            let s1 = tau1 * mu1 * (n.lower[1] - n.upper[2] - (mu2 * mu2 - mu3 * mu3) / (mu1 * mu1) * (n.upper[0] - s0 / tau0))
                / (mu1 * (mu2 - mu3) - mu2 * mu2 + mu3 * mu3)
            return (s0, max(0, s1))
        }
        let (sX0, sX1) = vacuumAndSingle(key)
        let (_, sZ1) = vacuumAndSingle(test)
        // v_{Z,1} ≤ τ1 (m^+_{Z,μ2} − m^−_{Z,μ3}) / (μ2 − μ3), Eq. (5).
        let m = bounds(test.errors, total: test.totalErrors)
        let vZ1 = max(0, tau1 * (m.upper[1] - m.lower[2]) / (mu2 - mu3))
        let ratio = sZ1 > 0 ? min(0.5, vZ1 / sZ1) : 0.5
        // φ_X ≤ v/s + γ(ε_sec/21, v/s, s_Z1, s_X1), Eq. (6); capped at 1/2 (no information left).
        let phi = min(0.5, ratio + samplingCorrection(a: eSec / 21, b: ratio, c: sZ1, d: sX1))
        let nX = key.total
        let qber = nX > 0 ? key.totalErrors / nX : 0
        let lambdaEC = f * nX * binaryEntropy(qber)
        // ℓ = s_X0 + s_X1(1 − h(φ_X)) − λ_EC − 6 log2(21/ε_sec) − log2(2/ε_cor), Eq. (1).
        let l = sX0 + sX1 * (1 - binaryEntropy(phi)) - lambdaEC - 6 * log2(21 / eSec) - log2(2 / eCor)
        // The same counts without fluctuations: expected single-photon part and observed phase error.
        let asym = asymptoticDecoy(key: key, test: test, mu: mu, p: p, f: f)
        return FiniteKeyLength(bits: wholeBits(l), asymptoticBits: wholeBits(asym), siftedBits: Int(nX.rounded(.down)),
                               qber: qber, singlePhotonLower: sX1, phaseErrorUpper: phi, errorCorrectionBits: lambdaEC,
                               epsilonSecrecy: eSec, epsilonCorrectness: eCor,
                               method: "decoy-state finite key, Lim et al., PRA 89, 022307 (2014), Hoeffding bounds")
    }

    /// The same estimators with every δ set to zero and no ε terms: what the counts give asymptotically.
    static func asymptoticDecoy(key: BasisCounts, test: BasisCounts, mu: [Double], p: [Double], f: Double) -> Double {
        let (mu1, mu2, mu3) = (mu[0], mu[1], mu[2])
        let tau0 = zip(mu, p).reduce(0) { $0 + exp(-$1.0) * $1.1 }
        let tau1 = zip(mu, p).reduce(0) { $0 + exp(-$1.0) * $1.0 * $1.1 }
        func scaled(_ c: [Double]) -> [Double] { mu.indices.map { exp(mu[$0]) / p[$0] * c[$0] } }
        func s01(_ c: BasisCounts) -> (Double, Double) {
            let n = scaled(c.detections)
            let s0 = max(0, tau0 * (mu2 * n[2] - mu3 * n[1]) / (mu2 - mu3))
            let s1 = tau1 * mu1 * (n[1] - n[2] - (mu2 * mu2 - mu3 * mu3) / (mu1 * mu1) * (n[0] - s0 / tau0))
                / (mu1 * (mu2 - mu3) - mu2 * mu2 + mu3 * mu3)
            return (s0, max(0, s1))
        }
        let (s0, s1) = s01(key), (_, sZ1) = s01(test)
        let me = scaled(test.errors)
        let v = max(0, tau1 * (me[1] - me[2]) / (mu2 - mu3))
        let phi = sZ1 > 0 ? min(0.5, v / sZ1) : 0.5
        let q = key.total > 0 ? key.totalErrors / key.total : 0
        return s0 + s1 * (1 - binaryEntropy(phi)) - f * key.total * binaryEntropy(q)
    }

    /// Entanglement-based BBM92 with a finite key: every coincidence counts (no
    /// multi-photon tagging: the source is untrusted and sits between the users).
    /// ℓ = n_X(1 − h(φ)) − λ_EC − log2(2/ε_cor) − 2 log2(1/(2ε_PA)), with
    /// φ = e_Z + γ(ε_PE, e_Z, n_Z, n_X): the single-photon case of Lim et al. (2014),
    /// which is the bound of Tomamichel, Lim, Gisin, Renner, Nat. Commun. 3, 634 (2012)
    /// with the sampling correction of Fung, Ma, Chau (2010). ε_sec = ε_PE + ε_PA.
    public static func entangled(keyBits nX: Double, keyErrors mX: Double, testBits nZ: Double, testErrors mZ: Double,
                                 errorCorrectionEfficiency f: Double, epsilonSecrecy eSec: Double,
                                 epsilonCorrectness eCor: Double) -> FiniteKeyLength {
        let ePE = eSec / 2, ePA = eSec / 2
        let eZ = nZ > 0 ? mZ / nZ : 0.5
        let phi = min(0.5, eZ + samplingCorrection(a: ePE, b: eZ, c: nZ, d: nX))
        let qber = nX > 0 ? mX / nX : 0
        let lambdaEC = f * nX * binaryEntropy(qber)
        let l = nX * (1 - binaryEntropy(phi)) - lambdaEC - log2(2 / eCor) - 2 * log2(1 / (2 * ePA))
        let asym = nX * (1 - binaryEntropy(eZ)) - lambdaEC
        return FiniteKeyLength(bits: wholeBits(l), asymptoticBits: wholeBits(asym), siftedBits: Int(nX.rounded(.down)),
                               qber: qber, singlePhotonLower: nX, phaseErrorUpper: phi, errorCorrectionBits: lambdaEC,
                               epsilonSecrecy: eSec, epsilonCorrectness: eCor,
                               method: "BBM92 finite key, Tomamichel et al., Nat. Commun. 3, 634 (2012) with the sampling bound of Lim et al. (2014)")
    }

    /// A key length is a whole number of bits, never negative.
    static func wholeBits(_ l: Double) -> Int { l.isFinite && l > 0 ? Int(l.rounded(.down)) : 0 }

    /// Applies a bound to each basis in turn (each basis's key tested by the other) and adds
    /// the two lengths; the ε's add (composability), so each block gets half.
    static func bothBases(_ x: BasisCounts, _ z: BasisCounts, _ bound: (BasisCounts, BasisCounts, Double, Double) -> FiniteKeyLength,
                          epsilonSecrecy: Double, epsilonCorrectness: Double) -> FiniteKeyLength {
        let a = bound(x, z, epsilonSecrecy / 2, epsilonCorrectness / 2)
        let b = bound(z, x, epsilonSecrecy / 2, epsilonCorrectness / 2)
        var out = a
        out.bits = a.bits + b.bits
        out.asymptoticBits = a.asymptoticBits + b.asymptoticBits
        out.siftedBits = a.siftedBits + b.siftedBits
        let n = x.total + z.total
        out.qber = n > 0 ? (x.totalErrors + z.totalErrors) / n : 0
        out.singlePhotonLower = a.singlePhotonLower + b.singlePhotonLower
        out.phaseErrorUpper = max(a.phaseErrorUpper, b.phaseErrorUpper)
        out.errorCorrectionBits = a.errorCorrectionBits + b.errorCorrectionBits
        out.epsilonSecrecy = epsilonSecrecy; out.epsilonCorrectness = epsilonCorrectness
        out.method += "; applied to each basis, ε split evenly"
        return out
    }
}
