// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A ground station at a latitude, longitude and height above sea level.
public struct GroundStation: Codable, Sendable, Equatable {
    public var name: String
    public var latitudeDeg: Double
    public var longitudeDeg: Double
    /// Height above sea level; it raises the station on the sphere for the pass geometry.
    public var altitudeM: Double
    public var source: String

    public init(name: String, latitudeDeg: Double, longitudeDeg: Double, altitudeM: Double = 0, source: String) {
        self.name = name; self.latitudeDeg = latitudeDeg; self.longitudeDeg = longitudeDeg
        self.altitudeM = altitudeM; self.source = source
    }

    var unitVector: Vec3 { Vec3.unit(latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg) }
    /// Earth-fixed position (km) on the sphere of radius R_E plus the station's height.
    var position: Vec3 { unitVector * (Orbit.earthRadiusKm + altitudeM / 1000) }

    /// Great-circle distance on the sphere of radius R_E (spherical law of cosines via the dot product).
    public func distanceKm(to other: GroundStation) -> Double {
        let c = max(-1, min(1, unitVector.dot(other.unitVector)))
        return acos(c) * Orbit.earthRadiusKm
    }

    /// Elevation and slant range of a satellite at Earth-fixed `sat` (km).
    func look(_ sat: Vec3) -> (elevationDeg: Double, rangeKm: Double) {
        let rel = sat - position
        let d = rel.length
        let sinE = max(-1, min(1, rel.dot(unitVector) / d))
        return (asin(sinE) * 180 / .pi, d)
    }
}
