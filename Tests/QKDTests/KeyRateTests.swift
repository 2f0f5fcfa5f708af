// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import QKD

/// h(p) written out independently of the code under test.
private func h(_ p: Double) -> Double { -p * log2(p) - (1 - p) * log2(1 - p) }

@Suite("KeyRate")
struct KeyRateTests {
    // MARK: Binary entropy and Shor–Preskill

    @Test func binaryEntropyEndpointsAndSymmetry() {
        #expect(binaryEntropy(0) == 0)
        #expect(binaryEntropy(1) == 0)
        #expect(abs(binaryEntropy(0.5) - 1) < 1e-15)
        for p in [0.01, 0.11, 0.3] {
            #expect(abs(binaryEntropy(p) - h(p)) < 1e-15)
            #expect(abs(binaryEntropy(p) - binaryEntropy(1 - p)) < 1e-15)
        }
    }

    @Test func shorPreskillFractionIsOneMinusTwoH() {
        for e in [0.001, 0.01, 0.05, 0.08, 0.1] {
            #expect(abs(ShorPreskill.keyFraction(qber: e) - (1 - 2 * h(e))) < 1e-14)
            #expect(abs(ShorPreskill.keyFraction(qber: e, f: 1.22) - (1 - 2.22 * h(e))) < 1e-14)
        }
    }

    @Test func shorPreskillThreshold() {
        // h(e) = 1/2 at e = 0.110028; with f = 1.22, h(e) = 1/2.22 at e = 0.094235.
        let t = ShorPreskill.thresholdQber(f: 1)
        #expect(abs(t - 0.1100) < 1e-4)
        #expect(abs(h(t) - 0.5) < 1e-12)
        let t122 = ShorPreskill.thresholdQber(f: 1.22)
        #expect(abs(h(t122) - 1 / 2.22) < 1e-12)
        #expect(abs(t122 - 0.0942) < 1e-4)
    }

    @Test func singlePhotonRateMatchesFormula() throws {
        let p = SystemPreset.gys
        let eta = 0.045 * pow(10, -0.21 * 50 / 10)
        let y1 = 1.7e-6 + eta - 1.7e-6 * eta
        let e = (0.5 * 1.7e-6 + 0.033 * eta) / y1
        let expected = 0.5 * y1 * (1 - 1.22 * h(e) - h(e))
        let pt = try KeyRate.point(model: .shorPreskill, preset: p, distanceKm: 50)
        #expect(abs(pt.ratePerPulse / expected - 1) < 1e-12)
        #expect(pt.mu == nil)
        #expect(abs(pt.qber! - e) < 1e-15)
    }

    // MARK: PLOB

    @Test func plobIsMinusLog2OneMinusEta() throws {
        for eta in [0.9, 0.5, 0.1, 0.01] {
            #expect(abs(PLOB.bound(transmittance: eta) / -log2(1 - eta) - 1) < 1e-14)
        }
        // Tiny η: the log1p form keeps the first-order value η/ln 2.
        #expect(abs(PLOB.bound(transmittance: 1e-20) / (1e-20 / log(2.0)) - 1) < 1e-12)
        // The model uses the channel transmittance, without η_Bob.
        let p = SystemPreset.gys
        let pt = try KeyRate.point(model: .plob, preset: p, distanceKm: 25)
        let eta = pow(10, -0.21 * 25 / 10)
        #expect(abs(pt.ratePerPulse / -log2(1 - eta) - 1) < 1e-12)
        #expect(try KeyRate.maxDistance(model: .plob, preset: p) == nil)
    }

    // MARK: Weak-coherent models on GYS

    @Test func decoyInfiniteRateMatchesFormula() throws {
        let mu = 0.48, d = 80.0
        let eta = 0.045 * pow(10, -0.21 * d / 10)
        let y0 = 1.7e-6
        let q = y0 + 1 - exp(-eta * mu)
        let e = (0.5 * y0 + 0.033 * (1 - exp(-eta * mu))) / q
        let y1 = y0 + eta - y0 * eta
        let e1 = (0.5 * y0 + 0.033 * eta) / y1
        let expected = 0.5 * (-q * 1.22 * h(e) + y1 * mu * exp(-mu) * (1 - h(e1)))
        let pt = try KeyRate.point(model: .decoyInfinite, preset: .gys, distanceKm: d, mu: mu)
        #expect(abs(pt.ratePerPulse / expected - 1) < 1e-9)
        #expect(pt.mu == mu)
    }

    @Test func gysDecoyInfiniteMaxDistanceNear142km() throws {
        // Lo–Ma–Chen / Ma et al. report about 142 km; we get 142.2 km with μ optimized.
        let d = try #require(try KeyRate.maxDistance(model: .decoyInfinite, preset: .gys))
        #expect(abs(d - 142) < 2)
    }

    @Test func gysOptimalMuNearPaperValue() throws {
        // The papers' optimum μ ≈ 0.48; ours is 0.486 at 0 km, 0.479 at 50 km, 0.475 at 100 km.
        for d in [0.0, 50, 100] {
            let mu = try #require(try KeyRate.point(model: .decoyInfinite, preset: .gys, distanceKm: d).mu)
            #expect(abs(mu - 0.48) < 0.015)
        }
    }

    @Test func vacuumWeakDecoySlightlyShorter() throws {
        let inf = try #require(try KeyRate.maxDistance(model: .decoyInfinite, preset: .gys))
        let vw = try #require(try KeyRate.maxDistance(model: .decoyVacuumWeak, preset: .gys))
        // ν = 0.1 gives 139.8 km; smaller ν approaches the infinite-decoy limit.
        #expect(vw < inf)
        #expect(inf - vw < 4)
        let vwSmall = try #require(try KeyRate.maxDistance(model: .decoyVacuumWeak, preset: .gys, weakDecoy: 0.01))
        #expect(vwSmall > vw && vwSmall <= inf)
        #expect(inf - vwSmall < 0.5)
    }

    @Test func gllpWithoutDecoysFarShorter() throws {
        // No decoys: we get 40.2 km with μ optimized (μ ≈ 0.026 at 0 km, i.e. μ = O(η)).
        let d = try #require(try KeyRate.maxDistance(model: .gllp, preset: .gys))
        #expect(d > 35 && d < 45)
        let inf = try #require(try KeyRate.maxDistance(model: .decoyInfinite, preset: .gys))
        #expect(d < inf / 3)
        let mu0 = try #require(try KeyRate.point(model: .gllp, preset: .gys, distanceKm: 0).mu)
        #expect(mu0 < 0.05)
    }

    @Test func ratesFallWithDistance() throws {
        for preset in [SystemPreset.gys, .modernFiber] {
            for model in KeyRateModel.allCases {
                let c = try KeyRate.curve(model: model, preset: preset, distances: stride(from: 0.0, through: 300, by: 10))
                for (a, b) in zip(c.rows, c.rows.dropFirst()) {
                    #expect(b.ratePerPulse <= a.ratePerPulse, "\(model) \(preset.name) at \(b.distanceKm) km")
                    if a.ratePerPulse > 0 { #expect(b.ratePerPulse < a.ratePerPulse) }
                }
            }
        }
    }

    @Test func modelOrderingAtFixedDistance() throws {
        // PLOB ≥ single photon ≥ infinite decoys ≥ vacuum+weak ≥ GLLP on GYS at 20 km.
        let r = try KeyRateModel.allCases.reduce(into: [KeyRateModel: Double]()) {
            $0[$1] = try KeyRate.point(model: $1, preset: .gys, distanceKm: 20).ratePerPulse
        }
        #expect(r[.plob]! > r[.shorPreskill]!)
        #expect(r[.shorPreskill]! > r[.decoyInfinite]!)
        #expect(r[.decoyInfinite]! > r[.decoyVacuumWeak]!)
        #expect(r[.decoyVacuumWeak]! > r[.gllp]!)
        #expect(r[.gllp]! > 0)
    }

    // MARK: Curves, presets, errors

    @Test func curveFromArrayOrStride() throws {
        let a = try KeyRate.curve(model: .decoyInfinite, preset: .gys, distances: [0, 50, 100])
        let s = try KeyRate.curve(model: .decoyInfinite, preset: .gys, distances: stride(from: 0.0, through: 100, by: 50))
        #expect(a == s)
        #expect(a.presetName == "gys")
        #expect(a.rows.count == 3)
        for row in a.rows { #expect(row.ratePerSecond == row.ratePerPulse * 2e6) }
        let data = try JSONEncoder().encode(a)
        #expect(try JSONDecoder().decode(KeyRateCurve.self, from: data) == a)
    }

    @Test func presetsAndLookup() throws {
        let g = SystemPreset.gys
        #expect(g.attenuationDbPerKm == 0.21)
        #expect(g.detectorErrorRate == 0.033)
        #expect(g.darkCountYield == 1.7e-6)
        #expect(g.bobEfficiency == 0.045)
        #expect(g.errorCorrectionEfficiency == 1.22)
        #expect(g.basisSiftingFactor == 0.5)
        #expect(abs(g.transmittance(distanceKm: 100) - 0.045 * pow(10, -2.1)) < 1e-18)
        #expect(SystemPreset.named("modern-fiber") == .modernFiber)
        #expect(SystemPreset.named("Satellite") == .satelliteDownlink)
        #expect(SystemPreset.named("nope") == nil)
        #expect(SystemPreset.all.map(\.name) == ["gys", "modern-fiber", "satellite"])
        // Satellite loss passes through both published endpoints.
        let sat = SystemPreset.satelliteDownlink
        #expect(abs(sat.channel.lossDb(distanceKm: 645) - 22) < 1e-12)
        #expect(abs(sat.channel.lossDb(distanceKm: 1200) - 35) < 1e-12)
        #expect(sat.attenuationDbPerKm == nil)
        let data = try JSONEncoder().encode(SystemPreset.all)
        #expect(try JSONDecoder().decode([SystemPreset].self, from: data) == SystemPreset.all)
        // Micius-like link still gives key at 1200 km with decoys.
        #expect(try KeyRate.point(model: .decoyInfinite, preset: sat, distanceKm: 1200).ratePerSecond > 0)
    }

    @Test func invalidInputThrows() {
        #expect(throws: KeyRateError.negativeDistance(-1)) {
            try KeyRate.point(model: .decoyInfinite, preset: .gys, distanceKm: -1)
        }
        #expect(throws: KeyRateError.nonPositiveMeanPhotonNumber(0)) {
            try KeyRate.point(model: .gllp, preset: .gys, distanceKm: 10, mu: 0)
        }
        #expect(throws: KeyRateError.nonPositiveMeanPhotonNumber(-0.5)) {
            try KeyRate.curve(model: .decoyInfinite, preset: .gys, distances: [1], mu: -0.5)
        }
        #expect(throws: KeyRateError.decoyNotBelowSignal(mu: 0.1, nu: 0.2)) {
            try KeyRate.point(model: .decoyVacuumWeak, preset: .gys, distanceKm: 10, mu: 0.1, weakDecoy: 0.2)
        }
        #expect(throws: KeyRateError.unknownPreset("nope")) { try SystemPreset.lookup("nope") }
        #expect(KeyRateError.negativeDistance(-1).description.contains("-1"))
        #expect(KeyRateError.unknownPreset("x").description.contains("gys"))
    }

    @Test func modelMetadata() {
        #expect(KeyRateModel(rawValue: "decoy-vacuum-weak") == .decoyVacuumWeak)
        #expect(KeyRateModel.allCases.count == 5)
        for m in KeyRateModel.allCases {
            #expect(!m.citation.isEmpty && !m.summary.isEmpty)
        }
        #expect(KeyRateModel.plob.citation.contains("15043"))
    }
}
