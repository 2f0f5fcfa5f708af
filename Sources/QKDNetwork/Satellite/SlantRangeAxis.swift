// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The satellite key-rate curve on its own axis: slant range from the ground station to
/// Micius (km), not fiber km. For `run keyrate --preset satellite` and the studio's key-rate
/// view: each point carries the elevation at that range (500 km orbit), the fitted link loss
/// (22 dB at 645 km to 35 dB at 1,200 km, Liao et al. 2017) and the asymptotic decoy key rate
/// of the Micius system at that loss (Lim et al. 2014 estimators with no fluctuation terms).
public enum SlantRangeAxis {
    public static let axisLabel = "slant range to the satellite"
    public static let unit = "km"
    /// From zenith (the orbit's altitude) to about 10° elevation; the loss fit is calibrated on 645–1,200 km.
    public static let defaultRangeKm: ClosedRange<Double> = 500...1_700
    public static let calibratedRangeKm: ClosedRange<Double> = 645...1_200

    public struct Point: Codable, Sendable, Equatable {
        public var slantRangeKm: Double
        public var elevationDeg: Double
        public var lossDb: Double
        /// Secret bits per second while the satellite is at this range (asymptotic; a pass's finite key is lower).
        public var keyRateBps: Double
        /// Inside the range where the loss fit is pinned to the published points.
        public var calibrated: Bool
    }

    /// One point per slant range; ranges the orbit cannot produce (below its altitude or beyond the horizon) are errors.
    public static func points(slantRangesKm: [Double], orbit: Orbit = .micius,
                              system: DecoyDownlinkSystem = .micius) throws -> [Point] {
        let loss = LinkLoss.micius(orbit: orbit)
        let r = Orbit.earthRadiusKm, a = orbit.radiusKm
        let horizon = (a * a - r * r).squareRoot()
        return try slantRangesKm.map { d in
            guard d >= orbit.altitudeKm, d < horizon else {
                throw NetworkError("slant range must be between \(Int(orbit.altitudeKm)) km (zenith) and \(Int(horizon)) km (horizon) for a \(Int(orbit.altitudeKm)) km orbit (got \(d))")
            }
            // sin ε = ((R+h)² − R² − d²) / (2 R d), the law of cosines in the Earth-centre triangle.
            let e = asin((a * a - r * r - d * d) / (2 * r * d)) * 180 / .pi
            let l = loss.totalDb(rangeKm: d, elevationDeg: e)
            let c = system.expectedCounts(lossDb: l, seconds: 1)
            var x = BasisCounts(intensities: c.detections.count)
            x.detections = c.detections; x.errors = c.errors
            // Both bases make key, each tested by the other.
            let perBasis = FiniteKey.asymptoticDecoy(key: x, test: x, mu: system.intensities, p: system.intensityProbabilities,
                                                     f: system.errorCorrectionEfficiency)
            return Point(slantRangeKm: d, elevationDeg: e, lossDb: l, keyRateBps: max(0, 2 * perBasis),
                         calibrated: calibratedRangeKm.contains(d))
        }
    }
}
