// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Repeaterless bound: no point-to-point protocol over a pure-loss channel of
/// transmittance η can beat −log2(1 − η) secret bits per channel use.
/// Pirandola, Laurenza, Ottaviani, Banchi, Nat. Commun. 8, 15043 (2017).
///
/// We apply it to the channel alone (fiber or free space), without η_Bob:
/// the bound belongs to the link, and ideal detectors are what it assumes.
public enum PLOB {
    /// −log2(1 − η), written with log1p so it stays accurate (≈ η/ln 2) when η is tiny.
    public static func bound(transmittance eta: Double) -> Double {
        guard eta < 1 else { return .infinity }
        return -log1p(-eta) / log(2.0)
    }
}
