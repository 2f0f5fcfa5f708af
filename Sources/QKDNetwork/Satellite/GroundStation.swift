// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A ground station at a latitude and longitude.
public struct GroundStation: Codable, Sendable, Equatable {
    public var name: String
    public var latitudeDeg: Double
    public var longitudeDeg: Double
    public var source: String

    public init(name: String, latitudeDeg: Double, longitudeDeg: Double, source: String) {
        self.name = name; self.latitudeDeg = latitudeDeg; self.longitudeDeg = longitudeDeg; self.source = source
    }

    var unitVector: Vec3 { Vec3.unit(latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg) }

    /// Great-circle distance on the sphere of radius R_E (spherical law of cosines via the dot product).
    public func distanceKm(to other: GroundStation) -> Double {
        let c = max(-1, min(1, unitVector.dot(other.unitVector)))
        return acos(c) * Orbit.earthRadiusKm
    }
}
