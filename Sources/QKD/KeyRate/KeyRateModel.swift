// SPDX-License-Identifier: GPL-3.0-or-later

/// The secret-key-rate models the tutor can plot.
public enum KeyRateModel: String, CaseIterable, Codable, Sendable {
    case shorPreskill = "shor-preskill"
    case gllp
    case decoyInfinite = "decoy-infinite"
    case decoyVacuumWeak = "decoy-vacuum-weak"
    case plob

    public var citation: String {
        switch self {
        case .shorPreskill:
            return "P. W. Shor and J. Preskill, Phys. Rev. Lett. 85, 441 (2000)"
        case .gllp:
            return "D. Gottesman, H.-K. Lo, N. Lütkenhaus, J. Preskill, Quantum Inf. Comput. 4, 325 (2004)"
        case .decoyInfinite:
            return "H.-K. Lo, X. Ma, K. Chen, Phys. Rev. Lett. 94, 230504 (2005)"
        case .decoyVacuumWeak:
            return "X. Ma, B. Qi, Y. Zhao, H.-K. Lo, Phys. Rev. A 72, 012326 (2005)"
        case .plob:
            return "S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, Nat. Commun. 8, 15043 (2017)"
        }
    }

    public var summary: String {
        switch self {
        case .shorPreskill:
            return "BB84 with an ideal single-photon source: r = 1 − f·h(e) − h(e)."
        case .gllp:
            return "Weak laser pulses, no decoys: every multi-photon pulse is assumed tagged by Eve."
        case .decoyInfinite:
            return "Weak laser pulses with infinitely many decoys: single-photon yield and error known exactly."
        case .decoyVacuumWeak:
            return "Weak laser pulses with a vacuum and one weak decoy ν: bounds on Y1 and e1."
        case .plob:
            return "Repeaterless upper bound −log2(1 − η) on any QKD protocol over a lossy channel."
        }
    }

    /// True for the models whose source is a weak coherent pulse with mean photon number μ.
    public var usesMeanPhotonNumber: Bool {
        switch self {
        case .gllp, .decoyInfinite, .decoyVacuumWeak: return true
        case .shorPreskill, .plob: return false
        }
    }
}
