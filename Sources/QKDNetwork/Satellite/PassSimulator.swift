// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import QKD
import QuantumSim

/// One second of a pass.
public struct PassSample: Codable, Sendable, Equatable {
    /// Seconds since the pass began.
    public var timeS: Double
    public var elevationDeg: Double
    public var slantRangeKm: Double
    public var lossDb: Double
    /// This second's share of the pass's final key: the finite-key length is a property of
    /// the whole pass, so it is apportioned by each second's sifted detections.
    public var keyRateBps: Double
    /// Expected sifted detections per second (both bases, all intensities).
    public var siftedRateBps: Double
}

/// One night pass over one station (or, for entanglement, over two stations at once).
public struct PassResult: Codable, Sendable, Equatable {
    public var station: String
    /// Start of the pass, UTC, ISO 8601.
    public var startUTC: String
    /// Seconds from the orbit's epoch to the start.
    public var startTimeS: Double
    /// Local mean solar time at the station when the pass starts (hours).
    public var localSolarTimeH: Double
    /// The sun's elevation at the station mid-pass: below −12° (night) for every pass we keep.
    public var sunElevationDeg: Double
    /// Seconds with the link above the elevation mask.
    public var durationS: Double
    public var maxElevationDeg: Double
    public var minSlantRangeKm: Double
    /// Final key of the pass after finite-key privacy amplification: whole bits.
    public var keyBits: Int
    /// Sifted key (both bases), whole bits.
    public var siftedBits: Int
    /// Final key over the pass's duration.
    public var averageKeyRateBps: Double
    public var finiteKey: FiniteKeyLength
    public var samples: [PassSample]
}

/// Entanglement-based QKD over a block of night passes seen by two stations at once.
public struct EntanglementBlock: Codable, Sendable, Equatable {
    public var stationA: String
    public var stationB: String
    public var passes: Int
    /// Link time gathered (both stations above the mask at night).
    public var linkTimeS: Double
    /// Days from the first pass to the last.
    public var spanDays: Double
    public var coincidences: Double
    public var finiteKey: FiniteKeyLength
    public var keyBits: Int { finiteKey.bits }
    /// Final bits per second of link time (what Yin et al. 2020 quote: 0.12 bit/s).
    public var keyRatePerLinkSecondBps: Double { linkTimeS > 0 ? Double(keyBits) / linkTimeS : 0 }
    public var samples: [PassSample]
}

/// Finds night passes of a sun-synchronous orbit over ground stations on the rotating
/// Earth and computes each pass's finite key. Pure: no I/O; polls `cancellation`.
public struct PassSimulator: Sendable {
    /// The decoy-state QKD of Liao et al. (2017) started at about 15° elevation; our default mask.
    public static let defaultMinElevationDeg = 15.0
    public static let minElevationRange: ClosedRange<Double> = 5...45
    /// The sun must be at least 12° below the horizon (nautical night): Micius worked only at night.
    public static let nightSunElevationDeg = -12.0
    /// Passes searched per request: at most this many days ahead.
    public static let maxSearchDays = 400

    public let system: DecoyDownlinkSystem
    public let minElevationDeg: Double
    public let orbit: Orbit
    public let loss: LinkLoss
    let coarseStepS = 10.0
    let node0: Double
    let inclination: Double

    /// The satellite's Earth-fixed position t seconds after the epoch.
    func position(_ t: Double) -> Vec3 { orbit.earthFixedPosition(atS: t, node0: node0, inclination: inclination) }

    public init(system: DecoyDownlinkSystem = .micius, minElevationDeg: Double = PassSimulator.defaultMinElevationDeg,
                orbit: Orbit = .micius) throws {
        guard PassSimulator.minElevationRange.contains(minElevationDeg) else {
            throw NetworkError("minimum elevation must be between 5° and 45° (got \(minElevationDeg)°)")
        }
        guard orbit.altitudeKm >= 200, orbit.altitudeKm <= 2000 else {
            throw NetworkError("orbit altitude must be between 200 and 2000 km (low Earth orbit; got \(orbit.altitudeKm))")
        }
        self.system = system; self.minElevationDeg = minElevationDeg
        self.orbit = orbit; self.loss = LinkLoss.micius(orbit: orbit)
        node0 = orbit.nodeAtEpochRad; inclination = orbit.inclinationRad
    }

    // MARK: Finding passes

    /// Windows [start, end) (seconds after the epoch) in which `visible` holds, searched from
    /// t0 for `days`, edges refined to 1 s. Polls `cancellation` once per simulated hour.
    func windows(from t0: Double, days: Double, cancellation: CancellationToken?,
                 stopAfter: Int = .max, visible: (Double) -> Bool) throws -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        var t = t0, open: Double?
        let end = t0 + days * 86_400
        var lastPoll = t0
        func edge(_ a: Double, _ b: Double, rising: Bool) -> Double {
            var lo = a, hi = b   // visible(lo) != visible(hi)
            while hi - lo > 1 { let mid = (lo + hi) / 2; if visible(mid) == rising { hi = mid } else { lo = mid } }
            return hi
        }
        var was = visible(t)
        if was { open = t }
        while t < end {
            let next = t + coarseStepS
            let now = visible(next)
            if now != was {
                let e = edge(t, next, rising: now)
                if now { open = e } else if let o = open { out.append((o, e)); open = nil; if out.count >= stopAfter { return out } }
                was = now
            }
            t = next
            if t - lastPoll >= 3_600 {
                lastPoll = t
                if cancellation?.isCancelled == true { throw CancelledError() }
            }
        }
        return out
    }

    func isNight(_ s: GroundStation, atS t: Double) -> Bool {
        Sun.elevationDeg(at: s.unitVector, julianDate: orbit.epochJulianDate + t / 86_400) < PassSimulator.nightSunElevationDeg
    }

    /// The first `count` night passes over `station`, searching from day `startDay` after the epoch.
    public func nightPasses(over station: GroundStation, startDay: Int, count: Int,
                            cancellation: CancellationToken? = nil) throws -> [PassResult] {
        var out: [PassResult] = []
        var day = startDay
        while out.count < count {
            guard day - startDay < PassSimulator.maxSearchDays else {
                throw NetworkError("no night pass above \(DegreeText.format(minElevationDeg)) over \(station.name) within \(PassSimulator.maxSearchDays) days")
            }
            let ws = try windows(from: Double(day) * 86_400, days: 1, cancellation: cancellation) { t in
                station.look(position(t)).elevationDeg >= minElevationDeg
            }
            for (a, b) in ws where out.count < count && isNight(station, atS: (a + b) / 2) {
                out.append(try downlinkPass(over: station, from: a, to: b))
            }
            day += 1
        }
        return out
    }

    /// `count` night passes starting on a night picked by the seed (0–364 days after the epoch).
    public func randomPasses(over station: GroundStation, count: Int, seed: UInt64,
                             cancellation: CancellationToken? = nil) throws -> [PassResult] {
        var stream = RandomStream(seed: seed, name: "satellite.night")
        let day = Int(stream.nextUniform() * 365)
        return try nightPasses(over: station, startDay: day, count: count, cancellation: cancellation)
    }

    /// A typical pass: the median-key night pass of the first `nights` nights after the epoch,
    /// and how many night passes a day there were.
    public func typicalPass(over station: GroundStation, nights: Int = 14,
                            cancellation: CancellationToken? = nil) throws -> (pass: PassResult, passesPerDay: Double) {
        var all: [PassResult] = []
        let ws = try windows(from: 0, days: Double(nights), cancellation: cancellation) { t in
            station.look(position(t)).elevationDeg >= minElevationDeg
        }
        for (a, b) in ws where isNight(station, atS: (a + b) / 2) { all.append(try downlinkPass(over: station, from: a, to: b)) }
        guard !all.isEmpty else { throw NetworkError("no night pass above the mask over \(station.name) in \(nights) nights") }
        return (all.sorted { ($0.keyBits, $0.startTimeS) < ($1.keyBits, $1.startTimeS) }[all.count / 2], Double(all.count) / Double(nights))
    }

    // MARK: Key of a pass

    /// Samples the pass second by second, adds up the expected counts of each basis and
    /// intensity, and applies the finite-key bound to the whole pass (one block per pass).
    func downlinkPass(over station: GroundStation, from a: Double, to b: Double) throws -> PassResult {
        var x = BasisCounts(intensities: system.intensities.count), z = x
        var samples: [PassSample] = []
        var t = a + 0.5
        while t < b {
            let (el, range) = station.look(position(t))
            let l = loss.totalDb(rangeKm: range, elevationDeg: el)
            let c = system.expectedCounts(lossDb: l, seconds: 1)
            for k in c.detections.indices {
                x.detections[k] += c.detections[k]; x.errors[k] += c.errors[k]
            }
            samples.append(PassSample(timeS: t - a, elevationDeg: el, slantRangeKm: range, lossDb: l, keyRateBps: 0,
                                      siftedRateBps: 2 * c.detections.reduce(0, +)))
            t += 1
        }
        z = x  // the bases are symmetric (50:50 at both ends), so Z collects what X does
        let fk = system.finiteKey(x: x, z: z)
        let sifted = samples.reduce(0) { $0 + $1.siftedRateBps }
        for i in samples.indices { samples[i].keyRateBps = sifted > 0 ? Double(fk.bits) * samples[i].siftedRateBps / sifted : 0 }
        return makeResult(station: station, from: a, to: b, samples: samples, key: fk)
    }

    func makeResult(station: GroundStation, from a: Double, to b: Double, samples: [PassSample], key: FiniteKeyLength) -> PassResult {
        let duration = Double(samples.count)
        let jd = orbit.epochJulianDate + a / 86_400
        let utcHours = (jd + 0.5 - (jd + 0.5).rounded(.down)) * 24
        var local = (utcHours + station.longitudeDeg / 15).truncatingRemainder(dividingBy: 24)
        if local < 0 { local += 24 }
        let sun = Sun.elevationDeg(at: station.unitVector, julianDate: orbit.epochJulianDate + (a + b) / 2 / 86_400)
        return PassResult(station: station.name, startUTC: PassSimulator.isoDate(julianDate: jd), startTimeS: a,
                          localSolarTimeH: local, sunElevationDeg: sun, durationS: duration,
                          maxElevationDeg: samples.map(\.elevationDeg).max() ?? 0,
                          minSlantRangeKm: samples.map(\.slantRangeKm).min() ?? 0,
                          keyBits: key.bits, siftedBits: key.siftedBits,
                          averageKeyRateBps: duration > 0 ? Double(key.bits) / duration : 0, finiteKey: key, samples: samples)
    }

    static func isoDate(julianDate jd: Double) -> String {
        let date = Date(timeIntervalSince1970: ((jd - 2_440_587.5) * 86_400).rounded())
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    // MARK: Entanglement

    /// Yin et al. (2020): pairs reach both stations only while both see the satellite at night.
    /// Night passes are gathered from the epoch until the block holds `pairs.blockLinkTimeS` of
    /// link time; the finite-key bound is applied to the block as a whole, as they did.
    public func entanglementBlock(stationA a: GroundStation, stationB b: GroundStation, pairs: EntangledPairSystem = .micius,
                                  cancellation: CancellationToken? = nil) throws -> EntanglementBlock {
        var linkTime = 0.0, coincidences = 0.0, passes = 0
        var first: Double?, last = 0.0
        var samples: [PassSample] = []
        var day = 0
        while linkTime < pairs.blockLinkTimeS {
            guard day < PassSimulator.maxSearchDays else {
                throw NetworkError("\(a.name) and \(b.name) never see the satellite together at night above \(DegreeText.format(minElevationDeg)) within \(PassSimulator.maxSearchDays) days")
            }
            let ws = try windows(from: Double(day) * 86_400, days: 1, cancellation: cancellation) { t in
                let s = position(t)
                return min(a.look(s).elevationDeg, b.look(s).elevationDeg) >= minElevationDeg
            }
            for (t0, t1) in ws where isNight(a, atS: (t0 + t1) / 2) && isNight(b, atS: (t0 + t1) / 2) {
                passes += 1
                if first == nil { first = t0 }
                last = t1
                var t = t0 + 0.5
                while t < t1 {
                    let s = position(t)
                    let la = a.look(s), lb = b.look(s)
                    // The two arms' losses add in dB: both photons must arrive.
                    let l = loss.totalDb(rangeKm: la.rangeKm, elevationDeg: la.elevationDeg)
                        + loss.totalDb(rangeKm: lb.rangeKm, elevationDeg: lb.elevationDeg)
                    let c = pairs.expectedCoincidences(lossDb: l, seconds: 1)
                    coincidences += c
                    if passes == 1 {
                        let worst = la.elevationDeg < lb.elevationDeg ? la : lb
                        samples.append(PassSample(timeS: t - t0, elevationDeg: worst.elevationDeg, slantRangeKm: worst.rangeKm,
                                                  lossDb: l, keyRateBps: 0, siftedRateBps: c / 2))
                    }
                    linkTime += 1
                    t += 1
                }
            }
            day += 1
        }
        let fk = pairs.finiteKey(coincidences: coincidences)
        let rate = linkTime > 0 ? Double(fk.bits) / linkTime : 0
        let siftedTotal = samples.reduce(0) { $0 + $1.siftedRateBps }
        for i in samples.indices { samples[i].keyRateBps = siftedTotal > 0 ? rate * Double(samples.count) * samples[i].siftedRateBps / siftedTotal : 0 }
        return EntanglementBlock(stationA: a.name, stationB: b.name, passes: passes, linkTimeS: linkTime,
                                 spanDays: ((last - (first ?? 0)) / 86_400), coincidences: coincidences,
                                 finiteKey: fk, samples: samples)
    }
}

/// Degrees for messages, without trailing zeros.
enum DegreeText {
    static func format(_ x: Double) -> String { x == x.rounded() ? "\(Int(x))°" : "\(x)°" }
}
