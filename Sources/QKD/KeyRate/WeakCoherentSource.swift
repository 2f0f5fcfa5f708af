// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Observed gain and error of weak coherent pulses, shared by the GLLP and decoy models.
///
/// Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), Sec. II (their channel model):
///   Q_μ = Y0 + 1 − e^{−ημ}
///   E_μ·Q_μ = e0·Y0 + e_detector·(1 − e^{−ημ}),  e0 = 1/2.
/// The paper drops the O(Y0·η) overlap term in Q_μ; we keep its form so our
/// numbers are the paper's.
struct WeakCoherentSignal: Sendable {
    /// Q_μ: probability that a pulse of mean photon number μ makes Bob click.
    let gain: Double
    /// E_μ: error rate of those clicks.
    let qber: Double

    init(mu: Double, eta: Double, preset: SystemPreset) {
        let y0 = preset.darkCountYield
        let signalClicks = -expm1(-eta * mu)  // 1 − e^{−ημ}, exact for tiny ημ
        gain = y0 + signalClicks
        qber = gain > 0 ? (darkCountErrorRate * y0 + preset.detectorErrorRate * signalClicks) / gain : 0
    }
}

/// e0: a dark count is a coin flip.
let darkCountErrorRate = 0.5

/// h(x) with x capped at 1/2: an error rate at or above 1/2 carries no key,
/// and h is not monotone beyond it.
func cappedEntropy(_ x: Double) -> Double {
    x >= 0.5 ? 1 : binaryEntropy(x)
}
