// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import QKD
import QuantumSim

/// One instant of a pass.
public struct PassSample: Codable, Sendable, Equatable {
    public var timeS: Double
    public var elevationDeg: Double
    public var slantRangeKm: Double
    public var lossDb: Double
    public var keyRateBps: Double
}

/// One pass over a station (or, for entanglement, over a pair of stations).
public struct PassResult: Codable, Sendable, Equatable {
    /// Seconds with the link above the minimum elevation.
    public var durationS: Double
    public var maxElevationDeg: Double
    public var minSlantRangeKm: Double
    /// Key integrated over the pass: Σ rate(t)·Δt.
    public var keyBits: Double
    public var samples: [PassSample]
}

/// Integrates a key-rate model over satellite passes. Pure: no I/O, no state.
public struct PassSimulator: Sendable {
    /// Micius links were used above roughly 10–15°; 15° is our default choice.
    public static let defaultMinElevationDeg = 15.0
    public static let minElevationRange: ClosedRange<Double> = 5...45

    public let preset: SystemPreset
    public let model: KeyRateModel
    public let minElevationDeg: Double
    public let orbit: Orbit
    public let loss: LinkLoss
    /// Integration step; the rate changes little within a second.
    public let stepS: Double

    public init(preset: SystemPreset = .satelliteDownlink, model: KeyRateModel = .decoyVacuumWeak,
                minElevationDeg: Double = PassSimulator.defaultMinElevationDeg,
                orbit: Orbit = .micius, stepS: Double = 1) throws {
        guard case .freeSpace = preset.channel else {
            throw NetworkError("preset '\(preset.name)' is a fiber preset; a satellite pass needs a free-space preset (satellite)")
        }
        guard PassSimulator.minElevationRange.contains(minElevationDeg) else {
            throw NetworkError("minimum elevation must be between 5° and 45° (got \(minElevationDeg)°)")
        }
        guard orbit.altitudeKm >= 200, orbit.altitudeKm <= 2000 else {
            throw NetworkError("orbit altitude must be between 200 and 2000 km (low Earth orbit; got \(orbit.altitudeKm))")
        }
        self.preset = preset; self.model = model; self.minElevationDeg = minElevationDeg
        self.orbit = orbit; self.loss = LinkLoss.micius(orbit: orbit); self.stepS = stepS
    }

    /// Key rate (bits/s) of the preset's model when the whole link loses `lossDb`.
    /// The preset's free-space fit is swapped for a fixed loss; detectors, clock and
    /// error-correction figures stay the preset's.
    public func keyRateBps(lossDb: Double) throws -> Double {
        var p = preset
        p.channel = .freeSpace(referenceLossDb: lossDb, referenceDistanceKm: 1, slopeDbPerDecade: 0)
        return try KeyRate.point(model: model, preset: p, distanceKm: 1).ratePerSecond
    }

    /// A pass whose highest elevation is `maxElevationDeg`, over one station.
    /// The ground track passes the station at the central angle β0 of that elevation;
    /// the Earth's rotation during the few minutes of a pass is ignored.
    public func downlinkPass(maxElevationDeg: Double) throws -> PassResult {
        guard maxElevationDeg >= minElevationDeg, maxElevationDeg <= 90 else {
            throw NetworkError("pass maximum elevation must be between \(minElevationDeg)° and 90° (got \(maxElevationDeg)°)")
        }
        let beta0 = Geometry.centralAngleRad(elevationDeg: maxElevationDeg, altitudeKm: orbit.altitudeKm)
        return try pass(crossTrackRad: beta0)
    }

    /// A pass whose ground track misses the station by central angle `beta0`.
    public func pass(crossTrackRad beta0: Double) throws -> PassResult {
        let s = Vec3(x: 1, y: 0, z: 0)
        // Orbit plane spanned by u (closest approach) and v; cos γ(t) = cos β0 · cos ωt.
        let u = Vec3(x: cos(beta0), y: 0, z: sin(beta0)), v = Vec3(x: 0, y: 1, z: 0)
        return try integrate(u: u, v: v) { sat in
            let l = Geometry.look(station: s, satellite: sat)
            return l.elevationDeg >= minElevationDeg ? (l.elevationDeg, l.rangeKm, loss.totalDb(rangeKm: l.rangeKm, elevationDeg: l.elevationDeg)) : nil
        }
    }

    /// Entangled pairs sent to two stations at once: both must see the satellite,
    /// and the pair survives only if both photons do, so the two losses add in dB.
    /// The orbit passes over the midpoint, across the baseline (our simplification).
    public func entanglementPass(stationA a: GroundStation, stationB b: GroundStation) throws -> PassResult {
        let sa = a.unitVector, sb = b.unitVector
        let u = (sa + sb).normalized
        let v = sa.cross(sb).normalized
        return try integrate(u: u, v: v) { sat in
            let la = Geometry.look(station: sa, satellite: sat), lb = Geometry.look(station: sb, satellite: sat)
            guard min(la.elevationDeg, lb.elevationDeg) >= minElevationDeg else { return nil }
            let total = loss.totalDb(rangeKm: la.rangeKm, elevationDeg: la.elevationDeg)
                + loss.totalDb(rangeKm: lb.rangeKm, elevationDeg: lb.elevationDeg)
            // Report the worse arm's geometry.
            let worst = la.elevationDeg < lb.elevationDeg ? la : lb
            return (worst.elevationDeg, worst.rangeKm, total)
        }
    }

    /// Steps t over one half-orbit centred on closest approach (u), midpoint rule.
    /// `look` returns nil while the link is below the minimum elevation.
    private func integrate(u: Vec3, v: Vec3, look: (Vec3) -> (Double, Double, Double)?) throws -> PassResult {
        let w = orbit.angularSpeedRadPerS
        let half = orbit.periodS / 4
        var samples: [PassSample] = []
        var t = -half + stepS / 2
        var key = 0.0
        while t < half {
            let sat = (u * cos(w * t) + v * sin(w * t)) * orbit.radiusKm
            if let (el, range, lossDb) = look(sat) {
                let rate = try keyRateBps(lossDb: lossDb)
                key += rate * stepS
                samples.append(PassSample(timeS: t, elevationDeg: el, slantRangeKm: range, lossDb: lossDb, keyRateBps: rate))
            }
            t += stepS
        }
        guard !samples.isEmpty else {
            return PassResult(durationS: 0, maxElevationDeg: 0, minSlantRangeKm: 0, keyBits: 0, samples: [])
        }
        return PassResult(
            durationS: Double(samples.count) * stepS,
            maxElevationDeg: samples.map(\.elevationDeg).max() ?? 0,
            minSlantRangeKm: samples.map(\.slantRangeKm).min() ?? 0,
            keyBits: key, samples: samples)
    }

    /// `count` passes over one station with ground-track offsets drawn uniformly
    /// from the visible band (seeded: the same seed gives the same passes).
    public func randomPasses(count: Int, seed: UInt64) throws -> [PassResult] {
        var stream = RandomStream(seed: seed, name: "satellite.passes")
        let maxBeta = Geometry.centralAngleRad(elevationDeg: minElevationDeg, altitudeKm: orbit.altitudeKm)
        var out: [PassResult] = []
        for _ in 0..<count {
            out.append(try pass(crossTrackRad: stream.nextUniform() * maxBeta))
        }
        return out
    }
}
