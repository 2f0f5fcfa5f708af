// Polarization optics in the Jones calculus.

import ComplexModule
import RealModule

/// What leaves an element that may absorb the photon: the probability that
/// it passes and, if it can, the (normalized) polarization it then has.
public struct Transmission: Sendable {
    public let probability: Double
    /// nil when nothing is transmitted.
    public let state: Qubit?
}

/// As `Transmission`, for a mixed input.
public struct MixedTransmission: Sendable {
    public let probability: Double
    public let state: DensityMatrix?
}

/// A 2×2 complex Jones matrix acting on (h, v) amplitudes (Jones, JOSA 31,
/// 488 (1941); Hecht, *Optics*, ch. 8). Global phases are dropped: they are
/// unobservable for a single photon.
public struct JonesMatrix: Equatable, Sendable {
    public let matrix: ComplexMatrix

    public init(_ matrix: ComplexMatrix) {
        precondition(matrix.dimension == 2, "Jones matrices are 2×2")
        self.matrix = matrix
    }

    public static let identity = JonesMatrix(.identity(2))

    /// A linear polarizer passing polarization θ: the projector |θ⟩⟨θ| =
    /// [[cos²θ, cosθ sinθ], [cosθ sinθ, sin²θ]] (Hecht, *Optics*, ch. 8).
    public static func polarizer(degrees: Double) -> JonesMatrix {
        JonesMatrix(Qubit.linear(degrees: degrees).projector)
    }

    /// A rotator turning linear polarization φ into φ + α (optical activity,
    /// Faraday rotation): the rotation matrix [[cos α, −sin α], [sin α, cos α]].
    public static func rotator(degrees alpha: Double) -> JonesMatrix {
        let (c, s) = cosSin(degrees: alpha)
        return JonesMatrix(ComplexMatrix(real: [[c, -s], [s, c]]))
    }

    /// A linear retarder with fast axis at θ that delays the slow component
    /// by Γ: R(θ)·diag(e^{−iΓ/2}, e^{iΓ/2})·R(−θ), R the rotator
    /// (Hecht, *Optics*, ch. 8; symmetric-phase form, unit determinant).
    public static func retarder(fastAxisDegrees theta: Double, retardanceDegrees gamma: Double) -> JonesMatrix {
        let (c, s) = cosSin(degrees: gamma / 2)
        let plateFrame = ComplexMatrix(rows: [[Complex(c, -s), .zero], [.zero, Complex(c, s)]])
        let toLab = rotator(degrees: theta).matrix
        return JonesMatrix(toLab * plateFrame * toLab.adjoint)
    }

    /// A half-wave plate (Γ = 180°) with its fast axis at θ. Up to the global
    /// phase −i it is [[cos 2θ, sin 2θ], [sin 2θ, −cos 2θ]], which maps linear
    /// polarization φ to 2θ − φ (Hecht, *Optics*, ch. 8).
    public static func halfWavePlate(axisDegrees theta: Double) -> JonesMatrix {
        let (c, s) = cosSin(degrees: 2 * theta)
        return JonesMatrix(ComplexMatrix(real: [[c, s], [s, -c]]))
    }

    /// A quarter-wave plate (Γ = 90°) with its fast axis at θ. With our phase
    /// convention it turns H into R = (|H⟩ − i|V⟩)/√2 when θ = +45°, and into
    /// L when θ = −45° (Hecht, *Optics*, ch. 8).
    public static func quarterWavePlate(axisDegrees theta: Double) -> JonesMatrix {
        retarder(fastAxisDegrees: theta, retardanceDegrees: 90)
    }

    /// Elements in sequence: `a.then(b)` is light through a, then b, i.e. B·A.
    public func then(_ next: JonesMatrix) -> JonesMatrix { JonesMatrix(next.matrix * matrix) }

    /// M|ψ⟩ as a raw Jones vector; its squared norm is the transmitted probability.
    public func applied(to qubit: Qubit) -> [Complex<Double>] { matrix.applied(to: qubit.amplitudes) }

    /// The photon after the element: P(pass) = ‖M|ψ⟩‖² and M|ψ⟩ normalized.
    public func transmit(_ qubit: Qubit) -> Transmission {
        let out = applied(to: qubit)
        let p = out[0].lengthSquared + out[1].lengthSquared
        return Transmission(probability: p, state: Qubit(normalizing: out))
    }

    /// M ρ M† (subnormalized when the element absorbs; Hecht ch. 8 extended
    /// to mixed states as in Nielsen & Chuang §2.4.1).
    public func applied(to rho: DensityMatrix) -> DensityMatrix {
        precondition(rho.dimension == 2, "Jones matrices act on one photon")
        return rho.conjugated(by: matrix)
    }

    /// P(pass) = Tr(M ρ M†) and the normalized state after the element.
    public func transmit(_ rho: DensityMatrix) -> MixedTransmission {
        let out = applied(to: rho)
        return MixedTransmission(probability: out.trace, state: out.normalized())
    }

    public func isApproximatelyEqual(to other: JonesMatrix, tolerance: Double = 1e-12) -> Bool {
        matrix.isApproximatelyEqual(to: other.matrix, tolerance: tolerance)
    }
}
