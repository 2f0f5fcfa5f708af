// Two photons' polarizations, for entanglement-based QKD (E91, BBM92).

import ComplexModule
import RealModule

/// The four Bell states (Nielsen & Chuang §1.3.6).
public enum BellState: CaseIterable, Sendable {
    /// |Φ⁺⟩ = (|HH⟩ + |VV⟩)/√2
    case phiPlus
    /// |Φ⁻⟩ = (|HH⟩ − |VV⟩)/√2
    case phiMinus
    /// |Ψ⁺⟩ = (|HV⟩ + |VH⟩)/√2
    case psiPlus
    /// |Ψ⁻⟩ = (|HV⟩ − |VH⟩)/√2, the singlet
    case psiMinus
}

/// A normalized pure two-photon state with amplitudes in the order
/// HH, HV, VH, VV (first photon's polarization is the more significant index).
public struct TwoQubitState: Equatable, Sendable {
    public let amplitudes: [Complex<Double>]

    /// The state proportional to `amplitudes` (order HH, HV, VH, VV), normalized.
    public init(amplitudes: [Complex<Double>]) {
        precondition(amplitudes.count == 4, "a two-qubit state has four amplitudes")
        let norm = amplitudes.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
        precondition(norm > 0 && norm.isFinite, "a state needs a nonzero, finite amplitude")
        self.amplitudes = amplitudes.map { $0 * Complex(1 / norm) }
    }

    /// The product state |first⟩ ⊗ |second⟩.
    public init(first: Qubit, second: Qubit) {
        self.init(amplitudes: [first.h * second.h, first.h * second.v,
                               first.v * second.h, first.v * second.v])
    }

    public static func bell(_ which: BellState) -> TwoQubitState {
        let one = Complex<Double>.one, zero = Complex<Double>.zero
        switch which {
        case .phiPlus: return TwoQubitState(amplitudes: [one, zero, zero, one])
        case .phiMinus: return TwoQubitState(amplitudes: [one, zero, zero, -one])
        case .psiPlus: return TwoQubitState(amplitudes: [zero, one, one, zero])
        case .psiMinus: return TwoQubitState(amplitudes: [zero, one, -one, zero])
        }
    }

    /// ⟨self|other⟩.
    public func inner(_ other: TwoQubitState) -> Complex<Double> {
        zip(amplitudes, other.amplitudes).reduce(.zero) { $0 + $1.0.conjugate * $1.1 }
    }

    /// |⟨self|other⟩|².
    public func fidelity(with other: TwoQubitState) -> Double { inner(other).lengthSquared }

    /// The projector |ψ⟩⟨ψ|.
    public var projector: ComplexMatrix { .projector(amplitudes) }
}
