// SPDX-License-Identifier: GPL-3.0-or-later

/// Invalid input to a key-rate computation.
public enum KeyRateError: Error, Equatable, Sendable, CustomStringConvertible {
    case negativeDistance(Double)
    case nonPositiveMeanPhotonNumber(Double)
    /// The vacuum+weak bound needs 0 < ν < μ (Ma et al. 2005).
    case decoyNotBelowSignal(mu: Double, nu: Double)
    case unknownPreset(String)

    public var description: String {
        switch self {
        case .negativeDistance(let d):
            return "distance must be zero or positive (got \(d) km)"
        case .nonPositiveMeanPhotonNumber(let mu):
            return "mean photon number μ must be a finite number above 0 (got \(mu))"
        case .decoyNotBelowSignal(let mu, let nu):
            return "the weak decoy ν must satisfy 0 < ν < μ (got μ = \(mu), ν = \(nu))"
        case .unknownPreset(let name):
            return "unknown system preset '\(name)' (known: \(SystemPreset.all.map(\.name).joined(separator: ", ")))"
        }
    }
}
