// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// BB84 with a perfect single-photon source.
/// Shor & Preskill, PRL 85, 441 (2000).
public enum ShorPreskill {
    /// Secret fraction of the sifted key: r = 1 − h(e) − f·h(e).
    /// With f = 1 this is the paper's 1 − 2h(e); f > 1 charges real error correction.
    public static func keyFraction(qber e: Double, f: Double = 1) -> Double {
        1 - binaryEntropy(e) - f * binaryEntropy(e)
    }

    /// The QBER at which `keyFraction` reaches 0, by bisection on [0, 1/2]
    /// (r is decreasing there). About 0.110028 for f = 1.
    public static func thresholdQber(f: Double = 1) -> Double {
        var lo = 0.0, hi = 0.5
        for _ in 0..<100 where hi - lo > 1e-15 {
            let mid = (lo + hi) / 2
            if keyFraction(qber: mid, f: f) > 0 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// Per-pulse key rate over a preset's channel with an ideal single-photon source.
    ///   Y1 = Y0 + η − Y0·η            (photon clicks or dark count clicks; Ma et al. 2005, Sec. II)
    ///   E  = (e0·Y0 + e_detector·η) / Y1
    ///   R  = q·Y1·[1 − f·h(E) − h(E)], clamped at 0.
    static func rate(preset: SystemPreset, eta: Double) -> (rate: Double, qber: Double) {
        let y0 = preset.darkCountYield
        let y1 = y0 + eta - y0 * eta
        guard y1 > 0 else { return (0, 0) }
        let e = (darkCountErrorRate * y0 + preset.detectorErrorRate * eta) / y1
        let fraction = e >= 0.5 ? -1 : keyFraction(qber: e, f: preset.errorCorrectionEfficiency)
        return (max(0, preset.basisSiftingFactor * y1 * fraction), e)
    }
}
