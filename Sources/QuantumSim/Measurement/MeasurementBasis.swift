// Projective polarization measurements: an analyzer with two detectors.

import ComplexModule
import RealModule

/// An orthonormal pair of polarization states. Outcome 0 is the first state
/// (for `linear(degrees: θ)`: the photon passes an analyzer at θ), outcome 1
/// the orthogonal one.
public struct MeasurementBasis: Sendable {
    /// The states for outcomes 0 and 1.
    public let states: (Qubit, Qubit)
    /// A short name for display, e.g. "rectilinear" or "linear 22.5°".
    public let label: String
    /// The analyzer angle for linear bases, nil for others.
    public let analyzerDegrees: Double?

    /// A basis from two orthogonal states.
    public init(_ first: Qubit, _ second: Qubit, label: String) {
        precondition(first.fidelity(with: second) < 1e-12, "basis states must be orthogonal")
        self.init(first, second, label: label, analyzerDegrees: nil)
    }

    private init(_ first: Qubit, _ second: Qubit, label: String, analyzerDegrees: Double?) {
        states = (first, second)
        self.label = label
        self.analyzerDegrees = analyzerDegrees
    }

    /// H (0) / V (1): the "+" basis of BB84.
    public static let rectilinear = MeasurementBasis(.horizontal, .vertical, label: "rectilinear", analyzerDegrees: 0)
    /// D (0) / A (1): the "×" basis of BB84.
    public static let diagonal = MeasurementBasis(.diagonal, .antidiagonal, label: "diagonal", analyzerDegrees: 45)
    /// R (0) / L (1), with R = (|H⟩ − i|V⟩)/√2.
    public static let circular = MeasurementBasis(.rightCircular, .leftCircular, label: "circular", analyzerDegrees: nil)

    /// An analyzer at θ: outcome 0 is linear θ, outcome 1 is linear θ + 90°.
    public static func linear(degrees: Double) -> MeasurementBasis {
        MeasurementBasis(.linear(degrees: degrees), .linear(degrees: degrees + 90),
                         label: "linear \(formatDegrees(degrees))°", analyzerDegrees: degrees)
    }

    /// The state for outcome 0 or 1; a photon in it gives that outcome surely.
    public func state(for outcome: Int) -> Qubit {
        precondition(outcome == 0 || outcome == 1, "outcomes are 0 and 1")
        return outcome == 0 ? states.0 : states.1
    }

    /// The projector |k⟩⟨k| for outcome k.
    public func projector(for outcome: Int) -> ComplexMatrix { state(for: outcome).projector }

    /// Born rule: P(k) = |⟨k|ψ⟩|² (Born 1926; Nielsen & Chuang §2.2.3).
    public func probabilities(of qubit: Qubit) -> (Double, Double) {
        let p0 = states.0.fidelity(with: qubit)
        let p1 = states.1.fidelity(with: qubit)
        return (p0, p1)
    }

    /// Born rule for a one-photon ρ: P(k) = ⟨k|ρ|k⟩ (Nielsen & Chuang §2.4.1).
    /// For a subnormalized ρ the two add up to its trace.
    public func probabilities(of rho: DensityMatrix) -> (Double, Double) {
        precondition(rho.dimension == 2, "measure one photon at a time")
        return (rho.probability(of: states.0), rho.probability(of: states.1))
    }

    /// Two bases are the same measurement when their outcome-0 projectors agree.
    public func isSameMeasurement(as other: MeasurementBasis, tolerance: Double = 1e-12) -> Bool {
        abs(states.0.fidelity(with: other.states.0) - 1) <= tolerance
    }
}

/// Malus's law as the Born rule for linear polarization.
public enum BornRule {
    /// P(pass) = cos²(b − a) for a photon polarized at a and an analyzer at b
    /// (Malus 1809; |⟨b|a⟩|² = cos²(b − a) by the Born rule).
    public static func malus(sourceDegrees a: Double, analyzerDegrees b: Double) -> Double {
        let c = cosSin(degrees: b - a).cos
        return c * c
    }
}

func formatDegrees(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
}
