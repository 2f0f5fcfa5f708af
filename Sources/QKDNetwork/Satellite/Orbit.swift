// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A circular orbit around a spherical, non-rotating Earth.
public struct Orbit: Codable, Sendable, Equatable {
    /// Mean Earth radius 6371 km (IUGG mean radius R1; Moritz, "Geodetic Reference
    /// System 1980", J. Geodesy 74, 128 (2000)). A sphere is accurate enough for pass geometry.
    public static let earthRadiusKm = 6371.0
    /// Earth's gravitational parameter GM = 398600.4418 km³/s² (WGS 84, NIMA TR8350.2).
    public static let earthGM = 398_600.4418

    /// Micius flies a circular orbit at about 500 km (Liao et al., Nature 549, 43 (2017)).
    public static let micius = Orbit(altitudeKm: 500)

    public var altitudeKm: Double
    public init(altitudeKm: Double) { self.altitudeKm = altitudeKm }

    public var radiusKm: Double { Orbit.earthRadiusKm + altitudeKm }

    /// Angular speed ω = √(GM/a³) of a circular orbit (Kepler's third law).
    public var angularSpeedRadPerS: Double { (Orbit.earthGM / pow(radiusKm, 3)).squareRoot() }

    /// T = 2π/ω; about 94.6 min at 500 km.
    public var periodS: Double { 2 * Double.pi / angularSpeedRadPerS }
}
