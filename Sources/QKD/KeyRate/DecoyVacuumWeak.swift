// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Decoy-state BB84 with one vacuum decoy and one weak decoy of mean photon number ν < μ.
/// Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), section "vacuum + weak decoy state".
/// Asymptotic (no finite-size fluctuation); the vacuum decoy measures Y0 exactly.
///   Y1^L = μ/(μν − ν²) · [ Q_ν e^ν − Q_μ e^μ ν²/μ² − (μ² − ν²)/μ² · Y0 ]
///   e1^U = (E_ν Q_ν e^ν − e0·Y0) / (Y1^L·ν)
///   Q1^L = Y1^L·μ·e^{−μ}
///   R    = q·{ −Q_μ·f·h(E_μ) + Q1^L·[1 − h(e1^U)] }, clamped at 0.
public enum DecoyVacuumWeak {
    /// ν used when the caller gives none: weak enough to sit close to the
    /// infinite-decoy curve, strong enough to be measurable in practice.
    public static let defaultWeakDecoy = 0.1

    static func rate(preset: SystemPreset, eta: Double, mu: Double, nu: Double) -> (rate: Double, qber: Double) {
        let signal = WeakCoherentSignal(mu: mu, eta: eta, preset: preset)
        guard nu > 0, nu < mu else { return (0, signal.qber) }
        let decoy = WeakCoherentSignal(mu: nu, eta: eta, preset: preset)
        let y0 = preset.darkCountYield
        let y1L = mu / (mu * nu - nu * nu)
            * (decoy.gain * exp(nu) - signal.gain * exp(mu) * nu * nu / (mu * mu) - (mu * mu - nu * nu) / (mu * mu) * y0)
        guard y1L > 0 else { return (0, signal.qber) }
        let e1U = (decoy.qber * decoy.gain * exp(nu) - darkCountErrorRate * y0) / (y1L * nu)
        let q1L = y1L * mu * exp(-mu)
        let r = preset.basisSiftingFactor
            * (-signal.gain * preset.errorCorrectionEfficiency * binaryEntropy(signal.qber)
                + q1L * (1 - cappedEntropy(max(0, e1U))))
        return (max(0, r), signal.qber)
    }
}
