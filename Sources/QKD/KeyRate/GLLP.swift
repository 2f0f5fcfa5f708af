// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Weak coherent pulses without decoys.
/// Gottesman, Lo, Lütkenhaus, Preskill, QIC 4, 325 (2004).
///
/// Without decoys Alice cannot tell which clicks came from single photons, so
/// every multi-photon pulse is assumed to have been detected and fully known to
/// Eve (a photon-number-splitting attack):
///   p_multi = 1 − e^{−μ}(1 + μ)
///   Δ       = p_multi / Q_μ        (fraction of clicks that may be tagged)
///   R = q·Q_μ·{ −f·h(E_μ) + (1 − Δ)·[1 − h(E_μ/(1 − Δ))] }, clamped at 0.
/// The worst case puts all errors on the untagged clicks, hence E_μ/(1 − Δ).
public enum GLLP {
    static func rate(preset: SystemPreset, eta: Double, mu: Double) -> (rate: Double, qber: Double) {
        let s = WeakCoherentSignal(mu: mu, eta: eta, preset: preset)
        guard s.gain > 0 else { return (0, s.qber) }
        let pMulti = -expm1(-mu) - mu * exp(-mu)  // 1 − e^{−μ} − μe^{−μ}
        let delta = pMulti / s.gain
        guard delta < 1 else { return (0, s.qber) }
        let untagged = (1 - delta) * (1 - cappedEntropy(s.qber / (1 - delta)))
        let r = preset.basisSiftingFactor * s.gain
            * (-preset.errorCorrectionEfficiency * binaryEntropy(s.qber) + untagged)
        return (max(0, r), s.qber)
    }
}
