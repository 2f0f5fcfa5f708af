// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Downlink loss in dB as a function of slant range and elevation:
///
///     L(d, ε) = L_sys + 20·log10(d / 1 km) + A_z / sin ε
///
/// - 20·log10 d: far-field diffraction, received power ∝ 1/d² (Bourgoin et al.,
///   New J. Phys. 15, 023006 (2013), Sec. 3).
/// - A_z / sin ε: zenith attenuation times the plane-parallel air mass 1/sin ε
///   (Kasten & Young, Appl. Opt. 28, 4735 (1989), good above ~10°).
/// L_sys and A_z are fitted so the model passes through Micius's two published
/// points, 22 dB at 645 km and 35 dB at 1200 km (Liao et al., Nature 549, 43 (2017)),
/// with the elevations our geometry gives for those ranges at 500 km. A_z therefore
/// lumps absorption, turbulence and pointing; it is a fit, not a measured zenith value.
public struct LinkLoss: Codable, Sendable, Equatable {
    public var systemLossDb: Double
    public var zenithAttenuationDb: Double

    public init(systemLossDb: Double, zenithAttenuationDb: Double) {
        self.systemLossDb = systemLossDb; self.zenithAttenuationDb = zenithAttenuationDb
    }

    public static let calibrationPoints: [(rangeKm: Double, lossDb: Double)] = [(645, 22), (1200, 35)]

    /// The fit to Liao et al. for an orbit (two equations, two unknowns).
    public static func micius(orbit: Orbit = .micius) -> LinkLoss {
        let p = calibrationPoints
        func airMass(_ d: Double) -> Double {
            // sin ε from the triangle: ((R+h)² − R² − d²) / (2 R d).
            let r = Orbit.earthRadiusKm, a = orbit.radiusKm
            return 2 * r * d / (a * a - r * r - d * d)
        }
        let m0 = airMass(p[0].rangeKm), m1 = airMass(p[1].rangeKm)
        let diff0 = 20 * log10(p[0].rangeKm), diff1 = 20 * log10(p[1].rangeKm)
        let az = ((p[1].lossDb - diff1) - (p[0].lossDb - diff0)) / (m1 - m0)
        let sys = p[0].lossDb - diff0 - az * m0
        return LinkLoss(systemLossDb: sys, zenithAttenuationDb: az)
    }

    public func diffractionDb(rangeKm d: Double) -> Double { 20 * log10(d) }

    public func atmosphereDb(elevationDeg e: Double) -> Double {
        zenithAttenuationDb / sin(e * .pi / 180)
    }

    public func totalDb(rangeKm d: Double, elevationDeg e: Double) -> Double {
        systemLossDb + diffractionDb(rangeKm: d) + atmosphereDb(elevationDeg: e)
    }
}
