// One photon's polarization as a normalized Jones vector.

import ComplexModule
import RealModule

/// A pure polarization state α|H⟩ + β|V⟩ with |α|² + |β|² = 1.
///
/// Conventions: H = 0°, V = 90°,
/// D = +45° = (|H⟩+|V⟩)/√2, A = −45° = (|H⟩−|V⟩)/√2. Circular states follow
/// R = (|H⟩ − i|V⟩)/√2, L = (|H⟩ + i|V⟩)/√2; a quarter-wave plate with its
/// fast axis at +45° turns H into R (see `JonesMatrix.quarterWavePlate`).
/// Global phase carries no physics, so compare states with `fidelity(with:)`.
public struct Qubit: Equatable, Sendable {
    /// Amplitude of |H⟩.
    public let h: Complex<Double>
    /// Amplitude of |V⟩.
    public let v: Complex<Double>

    /// The state with amplitudes proportional to (h, v), normalized.
    public init(h: Complex<Double>, v: Complex<Double>) {
        let norm = (h.lengthSquared + v.lengthSquared).squareRoot()
        precondition(norm > 0 && norm.isFinite, "a state needs a nonzero, finite amplitude")
        let scale = Complex(1 / norm)
        self.h = h * scale
        self.v = v * scale
    }

    /// Normalizes a Jones vector; nil if it is zero (nothing transmitted).
    public init?(normalizing amplitudes: [Complex<Double>]) {
        precondition(amplitudes.count == 2)
        let n = amplitudes[0].lengthSquared + amplitudes[1].lengthSquared
        guard n > 0 else { return nil }
        self.init(h: amplitudes[0], v: amplitudes[1])
    }

    /// Linear polarization at `degrees` from horizontal: cos θ|H⟩ + sin θ|V⟩.
    public static func linear(degrees: Double) -> Qubit {
        let (c, s) = cosSin(degrees: degrees)
        return Qubit(h: Complex(c), v: Complex(s))
    }

    public static let horizontal = Qubit(h: .one, v: .zero)
    public static let vertical = Qubit(h: .zero, v: .one)
    /// |D⟩ = (|H⟩ + |V⟩)/√2, +45°.
    public static let diagonal = Qubit(h: .one, v: .one)
    /// |A⟩ = (|H⟩ − |V⟩)/√2, −45°.
    public static let antidiagonal = Qubit(h: .one, v: -.one)
    /// |R⟩ = (|H⟩ − i|V⟩)/√2 (our documented convention).
    public static let rightCircular = Qubit(h: .one, v: -.i)
    /// |L⟩ = (|H⟩ + i|V⟩)/√2 (our documented convention).
    public static let leftCircular = Qubit(h: .one, v: .i)

    /// The amplitudes (h, v) as a column vector.
    public var amplitudes: [Complex<Double>] { [h, v] }

    /// The inner product ⟨self|other⟩ (antilinear in self).
    public func inner(_ other: Qubit) -> Complex<Double> {
        h.conjugate * other.h + v.conjugate * other.v
    }

    /// |⟨self|other⟩|²: 1 for the same physical state, 0 for orthogonal ones.
    public func fidelity(with other: Qubit) -> Double { inner(other).lengthSquared }

    /// The orthogonal state: (−β*, α*) up to phase.
    public var orthogonal: Qubit { Qubit(h: -v.conjugate, v: h.conjugate) }

    /// The projector |ψ⟩⟨ψ|.
    public var projector: ComplexMatrix { .projector(amplitudes) }

    /// The Bloch (Stokes) vector (S1, S2, S3) in the H/V, D/A, R/L axes:
    /// S1 = P(H) − P(V), S2 = P(D) − P(A), S3 = P(R) − P(L).
    public var stokes: (s1: Double, s2: Double, s3: Double) {
        let s1 = h.lengthSquared - v.lengthSquared
        let hv = h.conjugate * v
        // ⟨ψ|σx|ψ⟩ = 2 Re(h* v); with R = (H − iV)/√2, P(R) − P(L) = −2 Im(h* v).
        return (s1, 2 * hv.real, -2 * hv.imaginary)
    }
}
