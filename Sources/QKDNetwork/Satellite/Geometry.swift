// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Station–satellite geometry on a spherical Earth. All three formulas come from the
/// triangle Earth centre–station–satellite (law of cosines / sines); see e.g.
/// Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed. (2013), Sec. 11.2 (site–track geometry).
public enum Geometry {
    static let r = Orbit.earthRadiusKm

    /// Slant range at elevation ε: d = √((R+h)² − R²cos²ε) − R sin ε. Equals h at zenith.
    public static func slantRangeKm(elevationDeg: Double, altitudeKm h: Double) -> Double {
        let e = elevationDeg * .pi / 180
        let a = r + h
        return (a * a - r * r * cos(e) * cos(e)).squareRoot() - r * sin(e)
    }

    /// Earth-central angle γ between station and sub-satellite point at elevation ε:
    /// γ = arccos(R cos ε / (R+h)) − ε.
    public static func centralAngleRad(elevationDeg: Double, altitudeKm h: Double) -> Double {
        let e = elevationDeg * .pi / 180
        return acos(r * cos(e) / (r + h)) - e
    }

    /// Elevation and range from a station (unit vector `s`, times R) to a satellite at `sat` (km).
    /// sin ε = (sat − R·s)·s / |sat − R·s|.
    static func look(station s: Vec3, satellite sat: Vec3) -> (elevationDeg: Double, rangeKm: Double) {
        let rel = sat - s * r
        let d = rel.length
        let sinE = max(-1, min(1, rel.dot(s) / d))
        return (asin(sinE) * 180 / .pi, d)
    }
}

/// A small 3-vector for orbit positions, km or unit length.
struct Vec3: Sendable, Equatable {
    var x, y, z: Double
    static func + (a: Vec3, b: Vec3) -> Vec3 { Vec3(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z) }
    static func - (a: Vec3, b: Vec3) -> Vec3 { Vec3(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z) }
    static func * (a: Vec3, k: Double) -> Vec3 { Vec3(x: a.x * k, y: a.y * k, z: a.z * k) }
    func dot(_ b: Vec3) -> Double { x * b.x + y * b.y + z * b.z }
    func cross(_ b: Vec3) -> Vec3 { Vec3(x: y * b.z - z * b.y, y: z * b.x - x * b.z, z: x * b.y - y * b.x) }
    var length: Double { dot(self).squareRoot() }
    var normalized: Vec3 { self * (1 / length) }
    /// Rotation about the z axis by angle a (radians), counter-clockwise.
    func rotatedZ(by a: Double) -> Vec3 { Vec3(x: cos(a) * x - sin(a) * y, y: sin(a) * x + cos(a) * y, z: z) }

    /// Unit vector of a point at latitude/longitude on a sphere.
    static func unit(latitudeDeg: Double, longitudeDeg: Double) -> Vec3 {
        let la = latitudeDeg * .pi / 180, lo = longitudeDeg * .pi / 180
        return Vec3(x: cos(la) * cos(lo), y: cos(la) * sin(lo), z: sin(la))
    }
}
