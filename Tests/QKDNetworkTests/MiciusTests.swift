import Foundation
import QKD
import Testing
@testable import QKDNetwork

/// Micius as published: Liao et al., Nature 549, 43 (2017) and Yin et al., Nature 582, 501 (2020).
@Suite struct MiciusTests {
    static func stations() throws -> [GroundStation] {
        let net = try ScenarioLoader.load(named: "micius").network
        return net.nodes.filter { $0.kind == .groundStation }.map {
            GroundStation(name: $0.id, latitudeDeg: $0.latitudeDeg!, longitudeDeg: $0.longitudeDeg!,
                          altitudeM: $0.siteAltitudeM ?? 0, source: $0.source)
        }
    }

    @Test func orbitIsSunSynchronousAt500Km() {
        let o = Orbit.micius
        // Vallado Eq. 9-41 with Micius's ~97.4° inclination as the check.
        #expect(abs(o.inclinationRad * 180 / .pi - 97.4) < 0.1)
        #expect(abs(o.periodS / 60 - 94.6) < 0.2)
    }

    @Test func passesAreAtNightAndDependOnTheStation() throws {
        let sim = try PassSimulator()
        let all = try Self.stations()
        #expect(Set(all.map(\.name)) == ["Xinglong", "Nanshan", "Delingha", "Lijiang", "Ngari", "Graz"])
        var starts: [String: [Double]] = [:]
        for st in all {
            let passes = try sim.nightPasses(over: st, startDay: 0, count: 3)
            #expect(passes.count == 3)
            for p in passes {
                #expect(p.sunElevationDeg < PassSimulator.nightSunElevationDeg, "\(st.name) \(p.startUTC)")
                // Local mean solar time within 18:00–06:00.
                #expect(p.localSolarTimeH > 18 || p.localSolarTimeH < 6, "\(st.name) at \(p.localSolarTimeH) h")
                #expect(p.maxElevationDeg >= sim.minElevationDeg && p.durationS > 0 && p.durationS < 600)
                #expect(p.minSlantRangeKm >= 500 - 6 && p.minSlantRangeKm < 1_900)
            }
            starts[st.name] = passes.map(\.startTimeS)
        }
        // No two stations share a pass start: the Earth turns under the orbit.
        let names = all.map(\.name)
        for i in names.indices { for j in names.indices where j > i {
            #expect(Set(starts[names[i]]!).isDisjoint(with: starts[names[j]]!), "\(names[i]) and \(names[j])")
        } }
        // The seed picks the night; the same seed replays it.
        let x = all.first { $0.name == "Xinglong" }!
        let a = try sim.randomPasses(over: x, count: 2, seed: 8), b = try sim.randomPasses(over: x, count: 2, seed: 8)
        #expect(a == b)
        #expect(try sim.randomPasses(over: x, count: 2, seed: 9) != a)
    }

    @Test func aPassPeaksAtClosestApproachAndKeyIsWholeBits() throws {
        let sim = try PassSimulator()
        let x = try Self.stations().first { $0.name == "Xinglong" }!
        for p in try sim.nightPasses(over: x, startDay: 0, count: 4) {
            let nearest = p.samples.min { $0.slantRangeKm < $1.slantRangeKm }!
            let fastest = p.samples.max { $0.siftedRateBps < $1.siftedRateBps }!
            #expect(nearest.timeS == fastest.timeS)
            // The per-second shares add back to the pass's whole-bit key.
            let summed = p.samples.reduce(0) { $0 + $1.keyRateBps }
            #expect(abs(summed - Double(p.keyBits)) <= 1e-6 * Double(max(1, p.keyBits)))
            #expect(p.keyBits <= p.finiteKey.asymptoticBits)
            #expect(p.finiteKey.qber > 0.009 && p.finiteKey.qber < 0.03)  // published ≈1%
        }
    }

    /// Liao et al. 2017: about 3×10^5 final bits from one pass of about 273 s at Xinglong (≈1.1 kbit/s).
    @Test func typicalXinglongPassAgainstThePublishedFigure() throws {
        let sim = try PassSimulator()
        let x = try Self.stations().first { $0.name == "Xinglong" }!
        let (p, perDay) = try sim.typicalPass(over: x)
        #expect(perDay > 0.5 && perDay < 3)
        // Average over the pass: of order 1 kbit/s (within half a decade).
        #expect(p.averageKeyRateBps > 1_000 / 10.0.squareRoot() && p.averageKeyRateBps < 1_000 * 10.0.squareRoot())
        // Within a factor of 2 of the published ≈3×10^5 bits.
        #expect(Double(p.keyBits) >= 150_000 && Double(p.keyBits) <= 600_000, "typical pass \(p.keyBits) bits")
    }

    /// The published pass itself (closest approach 645 km, 273 s): the receiver efficiency is inferred
    /// from its 3,551,136 sifted bits, so the sifted count must come back; the final key is the check.
    static func publishedLikePass() throws -> (sifted: Double, key: FiniteKeyLength) {
        let sim = try PassSimulator()
        let x = try stations().first { $0.name == "Xinglong" }!
        let p = try sim.nightPasses(over: x, startDay: 0, count: 200).min { abs($0.minSlantRangeKm - 645) < abs($1.minSlantRangeKm - 645) }!
        #expect(abs(p.minSlantRangeKm - 645) < 5)
        // The central 273 s around closest approach, counted again from the loss of each second.
        let centre = p.samples.min { $0.slantRangeKm < $1.slantRangeKm }!.timeS
        var x1 = BasisCounts(intensities: 3)
        for s in p.samples where abs(s.timeS - centre) <= 136.5 {
            let c = sim.system.expectedCounts(lossDb: s.lossDb, seconds: 1)
            for k in 0..<3 { x1.detections[k] += c.detections[k]; x1.errors[k] += c.errors[k] }
        }
        return (2 * x1.total, sim.system.finiteKey(x: x1, z: x1))
    }

    @Test func publishedPassSiftedCountComesBack() throws {
        let (sifted, key) = try Self.publishedLikePass()
        #expect(abs(sifted / 3_551_136 - 1) < 0.05, "sifted \(sifted)")
        #expect(key.qber > 0.009 && key.qber < 0.013)  // published 1.1%
    }

    @Test func publishedPassFinalKeyAgainstThePaper() throws {
        let (_, key) = try Self.publishedLikePass()
        #expect(key.bits > 0)
        withKnownIssue("Lim et al. 2014 keeps ≈26% of the sifted bits, Liao et al. kept 8.5% (300,939 of 3,551,136): their processing is not reproduced (see QKDNetwork README)") {
            #expect(Double(key.bits) >= 150_000 && Double(key.bits) <= 600_000, "published-like pass \(key.bits) bits")
        }
    }

    /// Lim et al. 2014, Eqs. (1)–(6), written out again here from the paper.
    @Test func decoyFiniteKeyIsLimEtAlEvaluatedIndependently() {
        let mu = [0.8, 0.1, 0.0], p = [0.5, 0.25, 0.25]
        // Counts of a 300 s stretch at 28 dB, from the Micius model (the bound below is what is checked).
        let c = DecoyDownlinkSystem.micius.expectedCounts(lossDb: 28, seconds: 300)
        let nX = c.detections, mX = c.errors
        var x = BasisCounts(intensities: 3)
        x.detections = nX; x.errors = mX
        let eps = 1e-10, f = 1.16
        let got = FiniteKey.limDecoy(key: x, test: x, intensities: mu, probabilities: p, errorCorrectionEfficiency: f,
                                     epsilonSecrecy: eps, epsilonCorrectness: eps)
        // Independent evaluation.
        func h(_ q: Double) -> Double { q <= 0 || q >= 1 ? 0 : -q * log2(q) - (1 - q) * log2(1 - q) }
        let t0 = 0.5 * exp(-0.8) + 0.25 * exp(-0.1) + 0.25
        let t1 = 0.5 * exp(-0.8) * 0.8 + 0.25 * exp(-0.1) * 0.1
        let n = nX.reduce(0, +), m = mX.reduce(0, +)
        let dn = (n / 2 * log(21 / eps)).squareRoot(), dm = (m / 2 * log(21 / eps)).squareRoot()
        let nm = [exp(0.8) / 0.5 * (nX[0] - dn), exp(0.1) / 0.25 * (nX[1] - dn), 1 / 0.25 * max(0, nX[2] - dn)]
        let np = [exp(0.8) / 0.5 * (nX[0] + dn), exp(0.1) / 0.25 * (nX[1] + dn), 1 / 0.25 * (nX[2] + dn)]
        let s0 = max(0, t0 * (0.1 * nm[2] - 0 * np[1]) / 0.1)
        let s1 = t1 * 0.8 * (nm[1] - np[2] - (0.01 / 0.64) * (np[0] - s0 / t0)) / (0.8 * 0.1 - 0.01)
        let mP1 = exp(0.1) / 0.25 * (mX[1] + dm), mM2 = 1 / 0.25 * max(0, mX[2] - dm)
        let v1 = t1 * (mP1 - mM2) / 0.1
        let b = v1 / s1
        let gamma = ((s1 + s1) * (1 - b) * b / (s1 * s1 * log(2)) * log2((s1 + s1) / (s1 * s1 * (1 - b) * b) / pow(eps / 21, 2))).squareRoot()
        let phi = b + gamma
        let l = s0 + s1 * (1 - h(phi)) - f * n * h(m / n) - 6 * log2(21 / eps) - log2(2 / eps)
        #expect(got.bits == Int(l.rounded(.down)))
        #expect(got.bits > 0 && got.bits < got.asymptoticBits)
        // Too few signals: no key, not a negative one.
        var tiny = x
        tiny.detections = nX.map { $0 / 1e4 }; tiny.errors = mX.map { $0 / 1e4 }
        #expect(FiniteKey.limDecoy(key: tiny, test: tiny, intensities: mu, probabilities: p, errorCorrectionEfficiency: f,
                                   epsilonSecrecy: eps, epsilonCorrectness: eps).bits == 0)
    }

    /// Yin et al. 2020: 372 secret bits from the Delingha–Nanshan link at 0.12 bit/s (finite key, ε = 1e-10).
    @Test func entanglementLinkDeliversAFewHundredBits() throws {
        let sim = try PassSimulator()
        let st = try Self.stations()
        let d = st.first { $0.name == "Delingha" }!, n = st.first { $0.name == "Nanshan" }!
        let block = try sim.entanglementBlock(stationA: d, stationB: n)
        #expect(block.linkTimeS >= EntangledPairSystem.micius.blockLinkTimeS && block.passes > 1)
        #expect(block.keyBits > 0 && block.keyBits < block.finiteKey.asymptoticBits)
        // The same pairs as one pass only: too few for any key at ε = 1e-10.
        let onePass = EntangledPairSystem.micius.finiteKey(coincidences: block.coincidences / Double(block.passes))
        #expect(onePass.bits == 0)
        // The observed 2.2 Hz two-photon rate (Yin et al. 2020) sets the link's level; the key is the check.
        #expect(abs(block.coincidences / block.linkTimeS / 2.2 - 1) < 0.05)
        #expect(block.keyBits >= 100 && block.keyBits < 1_000, "block \(block.keyBits) bits")
        #expect(block.keyRatePerLinkSecondBps >= 0.04 && block.keyRatePerLinkSecondBps <= 0.3)
    }

    @Test func satelliteLinksCarryTheirSlantRangeNotZeroKm() throws {
        let net = try ScenarioLoader.load(named: "micius").network
        for (l, r) in zip(net.links, net.rates) where l.kind != .fiber {
            #expect(l.lengthKm == 0)
            let range = try #require(r.slantRangeKm)
            #expect(range >= 490 && range < 1_900)
            #expect(r.basis == LinkRate.modelValue)
            #expect(r.keyBitsPerPass.map { $0 == $0.rounded() } == true)  // whole bits
        }
    }

    @Test func cancellationStopsPassSearch() throws {
        let sim = try PassSimulator()
        let token = CancellationToken()
        token.cancel()
        let x = try Self.stations()[0]
        #expect(throws: CancelledError.self) { try sim.randomPasses(over: x, count: 50, seed: 1, cancellation: token) }
    }
}

@Suite struct SlantRangeAxisTests {
    @Test func satelliteCurveIsAgainstSlantRange() throws {
        let pts = try SlantRangeAxis.points(slantRangesKm: [500, 645, 1_200, 1_600])
        #expect(abs(pts[0].elevationDeg - 90) < 1e-6)
        #expect(abs(pts[1].lossDb - 22) < 1e-9 && abs(pts[2].lossDb - 35) < 1e-9)  // Liao et al.'s two points
        #expect(pts[1].calibrated && pts[2].calibrated && !pts[3].calibrated)
        #expect(zip(pts, pts.dropFirst()).allSatisfy { $0.keyRateBps > $1.keyRateBps })
        // Kilohertz at 1,200 km (Liao et al.'s abstract), even asymptotically not megahertz.
        #expect(pts[2].keyRateBps > 300 && pts[2].keyRateBps < 30_000)
        #expect(throws: NetworkError.self) { try SlantRangeAxis.points(slantRangesKm: [100]) }
    }
}

@Suite struct SamplingCorrectionTests {
    @Test func correctionIsPositiveAndShrinksWithTheSample() {
        let small = FiniteKey.samplingCorrection(a: 1e-10, b: 0.02, c: 1e3, d: 1e3)
        let large = FiniteKey.samplingCorrection(a: 1e-10, b: 0.02, c: 1e6, d: 1e6)
        #expect(small > large && large > 0)
        // No observed error still leaves a positive correction.
        #expect(FiniteKey.samplingCorrection(a: 1e-10, b: 0, c: 1e4, d: 1e4) > 0)
        #expect(FiniteKey.samplingCorrection(a: 1e-10, b: 0.02, c: 0, d: 1e4) == 0.5)
    }
}
