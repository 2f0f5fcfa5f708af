// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Decoy-state BB84 with infinitely many decoy intensities: Alice and Bob learn
/// the single-photon yield and error exactly.
/// Lo, Ma, Chen, PRL 94, 230504 (2005); channel model of Ma et al., PRA 72, 012326 (2005).
///   Y1 = Y0 + η − Y0·η
///   Q1 = Y1·μ·e^{−μ}
///   e1 = (e0·Y0 + e_detector·η) / Y1
///   R  = q·{ −Q_μ·f·h(E_μ) + Q1·[1 − h(e1)] }   (GLLP formula with decoy estimates), clamped at 0.
public enum DecoyInfinite {
    static func rate(preset: SystemPreset, eta: Double, mu: Double) -> (rate: Double, qber: Double) {
        let s = WeakCoherentSignal(mu: mu, eta: eta, preset: preset)
        let y0 = preset.darkCountYield
        let y1 = y0 + eta - y0 * eta
        guard y1 > 0 else { return (0, s.qber) }
        let q1 = y1 * mu * exp(-mu)
        let e1 = (darkCountErrorRate * y0 + preset.detectorErrorRate * eta) / y1
        let r = preset.basisSiftingFactor
            * (-s.gain * preset.errorCorrectionEfficiency * binaryEntropy(s.qber) + q1 * (1 - cappedEntropy(e1)))
        return (max(0, r), s.qber)
    }
}
