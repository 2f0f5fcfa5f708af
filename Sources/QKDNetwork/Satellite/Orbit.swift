// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A circular, sun-synchronous low Earth orbit over a spherical, rotating Earth.
///
/// Position at t seconds after `epochJulianDate`: argument of latitude u = u0 + n·t,
/// right ascension of the ascending node Ω = Ω0 + Ω̇·t with Ω̇ the sun's mean motion,
/// so the orbit keeps its local time (Vallado, "Fundamentals of Astrodynamics and
/// Applications", 4th ed. (2013), Sec. 11.4, sun-synchronous orbits). Only the J2 drift
/// of the node is modelled; other perturbations shift a pass by seconds, not its shape.
public struct Orbit: Codable, Sendable, Equatable {
    /// Mean Earth radius 6371 km (IUGG mean radius R1; Moritz, "Geodetic Reference
    /// System 1980", J. Geodesy 74, 128 (2000)). A sphere is accurate enough for pass geometry.
    public static let earthRadiusKm = 6371.0
    /// Earth's gravitational parameter GM = 398600.4418 km³/s² (WGS 84, NIMA TR8350.2).
    public static let earthGM = 398_600.4418
    /// J2 = 1.08263e-3 and equatorial radius 6378.137 km (WGS 84), for the nodal drift.
    static let j2 = 1.08263e-3
    static let equatorialRadiusKm = 6378.137
    /// Earth's rotation rate relative to the stars, 7.2921159e-5 rad/s (WGS 84).
    public static let earthRotationRadPerS = 7.2921159e-5
    /// The sun's mean motion along the ecliptic, 2π per 365.2422 days: the node drift a sun-synchronous orbit needs.
    static let sunMeanMotionRadPerS = 2 * Double.pi / (365.2422 * 86_400)

    /// Micius: sun-synchronous circular orbit at about 500 km (Liao et al., Nature 549, 43 (2017)).
    /// Local time of the ascending node 00:30: our choice, so that night passes over Xinglong
    /// come near 00:50 local time as Liao et al. (2017) describe.
    public static let micius = Orbit(altitudeKm: 500)

    public var altitudeKm: Double
    /// Local mean solar time (hours) when the satellite crosses the equator northbound.
    public var ascendingNodeLocalTimeH: Double
    /// Start of the time axis: 1 Jan 2017 00:00 UTC (JD 2457754.5); a run picks its night from here.
    public var epochJulianDate: Double

    public init(altitudeKm: Double, ascendingNodeLocalTimeH: Double = 0.5, epochJulianDate: Double = 2_457_754.5) {
        self.altitudeKm = altitudeKm; self.ascendingNodeLocalTimeH = ascendingNodeLocalTimeH
        self.epochJulianDate = epochJulianDate
    }

    public var radiusKm: Double { Orbit.earthRadiusKm + altitudeKm }

    /// Angular speed n = √(GM/a³) of a circular orbit (Kepler's third law).
    public var angularSpeedRadPerS: Double { (Orbit.earthGM / pow(radiusKm, 3)).squareRoot() }

    /// T = 2π/n; about 94.6 min at 500 km.
    public var periodS: Double { 2 * Double.pi / angularSpeedRadPerS }

    /// Inclination for which the J2 node drift Ω̇ = −(3/2) J2 (R_eq/a)² n cos i equals the
    /// sun's mean motion (Vallado 2013, Eq. 9-41 for e = 0): about 97.4° at 500 km.
    public var inclinationRad: Double {
        let k = 1.5 * Orbit.j2 * pow(Orbit.equatorialRadiusKm / radiusKm, 2) * angularSpeedRadPerS
        return acos(max(-1, min(1, -Orbit.sunMeanMotionRadPerS / k)))
    }

    /// The node's right ascension at the epoch: (LTAN − 12 h) of hour angle from the sun.
    var nodeAtEpochRad: Double {
        Sun.rightAscensionRad(julianDate: epochJulianDate) + (ascendingNodeLocalTimeH - 12) * Double.pi / 12
    }

    /// Satellite position in Earth-fixed coordinates (km) at t seconds after the epoch.
    /// `node0` and `inclination` may be passed in precomputed (they depend only on the orbit).
    func earthFixedPosition(atS t: Double, node0: Double? = nil, inclination: Double? = nil) -> Vec3 {
        let jd = epochJulianDate + t / 86_400
        let i = inclination ?? inclinationRad
        let node = (node0 ?? nodeAtEpochRad) + Orbit.sunMeanMotionRadPerS * t
        let u = angularSpeedRadPerS * t
        let inertial = Vec3(x: cos(node) * cos(u) - sin(node) * sin(u) * cos(i),
                            y: sin(node) * cos(u) + cos(node) * sin(u) * cos(i),
                            z: sin(u) * sin(i)) * radiusKm
        return inertial.rotatedZ(by: -Sun.greenwichSiderealRad(julianDate: jd))
    }
}

/// The sun's direction, low-precision formulas of the Astronomical Almanac (Sec. C, "Low
/// precision formulas for the Sun", good to 0.01° in 1950–2050) and Greenwich mean sidereal
/// time (Meeus, "Astronomical Algorithms", 2nd ed. (1998), Eq. 12.4).
enum Sun {
    static let deg = Double.pi / 180

    static func eclipticLongitudeAndObliquity(julianDate jd: Double) -> (lambda: Double, epsilon: Double) {
        let n = jd - 2_451_545.0
        let l = 280.460 + 0.9856474 * n
        let g = (357.528 + 0.9856003 * n) * deg
        let lambda = (l + 1.915 * sin(g) + 0.020 * sin(2 * g)) * deg
        let epsilon = (23.439 - 0.0000004 * n) * deg
        return (lambda, epsilon)
    }

    static func rightAscensionRad(julianDate jd: Double) -> Double {
        let (lambda, eps) = eclipticLongitudeAndObliquity(julianDate: jd)
        return atan2(cos(eps) * sin(lambda), cos(lambda))
    }

    /// Unit vector to the sun in inertial (equatorial) coordinates.
    static func direction(julianDate jd: Double) -> Vec3 {
        let (lambda, eps) = eclipticLongitudeAndObliquity(julianDate: jd)
        return Vec3(x: cos(lambda), y: cos(eps) * sin(lambda), z: sin(eps) * sin(lambda))
    }

    static func greenwichSiderealRad(julianDate jd: Double) -> Double {
        let d = jd - 2_451_545.0
        return (280.46061837 + 360.98564736629 * d).truncatingRemainder(dividingBy: 360) * deg
    }

    /// The sun's elevation seen from a point on the sphere (parallax ignored).
    static func elevationDeg(at up: Vec3, julianDate jd: Double) -> Double {
        let s = direction(julianDate: jd).rotatedZ(by: -greenwichSiderealRad(julianDate: jd))
        return asin(max(-1, min(1, s.dot(up)))) / deg
    }
}
