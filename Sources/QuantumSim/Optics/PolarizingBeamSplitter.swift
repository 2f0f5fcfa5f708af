// A polarizing beam splitter: a measurement with two output ports.

import ComplexModule
import RealModule

/// A polarizing beam splitter whose transmitted port passes linear
/// polarization θ (H when θ = 0) and whose reflected port passes θ + 90°.
/// Unlike a polarizer it absorbs nothing: the two ports' probabilities add
/// up to 1 (for a normalized input). Reflection phases are ignored; each
/// port's output state is the projected polarization.
public struct PolarizingBeamSplitter: Sendable {
    public enum Port: Int, CaseIterable, Sendable {
        case transmitted = 0
        case reflected = 1
    }

    public let axisDegrees: Double

    public init(axisDegrees: Double = 0) { self.axisDegrees = axisDegrees }

    /// The measurement it performs: outcome 0 = transmitted, 1 = reflected.
    public var basis: MeasurementBasis { .linear(degrees: axisDegrees) }

    /// The projector onto a port's polarization (Hecht, *Optics*, ch. 8).
    public func jones(for port: Port) -> JonesMatrix {
        JonesMatrix(basis.projector(for: port.rawValue))
    }

    /// Probability and output polarization at one port.
    public func output(_ qubit: Qubit, at port: Port) -> Transmission {
        jones(for: port).transmit(qubit)
    }

    public func output(_ rho: DensityMatrix, at port: Port) -> MixedTransmission {
        jones(for: port).transmit(rho)
    }

    /// Both ports at once, transmitted first.
    public func split(_ qubit: Qubit) -> (transmitted: Transmission, reflected: Transmission) {
        (output(qubit, at: .transmitted), output(qubit, at: .reflected))
    }

    public func split(_ rho: DensityMatrix) -> (transmitted: MixedTransmission, reflected: MixedTransmission) {
        (output(rho, at: .transmitted), output(rho, at: .reflected))
    }
}
