import Foundation
import QuantumSim
import Testing
@testable import QKD

@Suite("E91 and CHSH against theory")
struct E91Tests {
    func run(_ pairs: Int = 200_000, seed: UInt64 = 5, _ edit: (inout E91Configuration) -> Void = { _ in }) throws -> E91Result {
        var c = E91Configuration()
        c.pairs = pairs; c.seed = seed
        edit(&c)
        return try E91.run(c)
    }

    /// Each E(a,b) is (2·same − n)/n with same ~ Binomial(n, (1 + E_theory)/2).
    func expectCorrelations(_ r: E91Result, visibility v: Double) {
        for x in r.correlations {
            let pSame = (1 + v * cos(2 * (x.aliceDegrees - x.bobDegrees) * .pi / 180)) / 2
            expectBinomial(x.same, of: x.coincidences, p: pSame, "P(same) at \(x.aliceDegrees)°, \(x.bobDegrees)°")
        }
    }

    @Test("No noise, no Eve: S = 2√2 within 5σ, QBER 0")
    func tsirelson() throws {
        let r = try run { $0.settings = .chsh }
        let s = try #require(r.chsh), e = try #require(r.chshStdError)
        #expect(abs(s - 2 * 2.0.squareRoot()) <= 5 * e, "S = \(s) ± \(e)")
        #expect(abs(r.chshTheory! - 2 * 2.0.squareRoot()) < 1e-12)
        expectCorrelations(r, visibility: 1)
        let k = try run { $0.settings = .bbm92 }
        #expect(k.keyErrors == 0 && k.keyBits > 0)
        expectBinomial(k.keyBits, of: k.detected, p: 0.5, "BBM92 matching bases")
    }

    @Test("Visibility V: S = 2√2·V and QBER (1 − V)/2", arguments: [0.9, 0.7])
    func visibility(v: Double) throws {
        let r = try run(seed: 17) { $0.visibility = v }
        let s = try #require(r.chsh), e = try #require(r.chshStdError)
        #expect(abs(s - 2 * 2.0.squareRoot() * v) <= 5 * e, "S = \(s) ± \(e)")
        expectBinomial(r.keyErrors, of: r.keyBits, p: (1 - v) / 2, "E91 QBER")
        expectCorrelations(r, visibility: v)
    }

    @Test("Full intercept-resend: |S| ≤ √2, the Bell test fails")
    func interceptResend() throws {
        let r = try run(seed: 23) { $0.settings = .chsh; $0.eve = .interceptResend }
        let s = try #require(r.chsh), e = try #require(r.chshStdError)
        #expect(abs(s) <= 2.0.squareRoot() + 5 * e, "S = \(s) ± \(e)")
        #expect(abs(r.chshTheory! - 2.0.squareRoot()) < 1e-12)
        // Ekert's settings: Eve in a random key basis; S still within 5σ of the prediction and below 2.
        let k = try run(seed: 24) { $0.eve = .interceptResend }
        #expect(abs(k.chsh! - k.chshTheory!) <= 5 * k.chshStdError!)
        #expect(k.chshTheory! <= 2)
        // Ekert's key bases are only 22.5° apart: in the wrong one Eve causes an
        // error with 2cos²Δ·sin²Δ = 1/4 (Δ = 22.5°), in the right one none.
        let c = cos(22.5 * Double.pi / 180), sn = sin(22.5 * Double.pi / 180)
        expectBinomial(k.keyErrors, of: k.keyBits, p: 0.5 * 2 * c * c * sn * sn, "QBER under intercept-resend, Ekert bases")
        expectBinomial(k.eveKnownBits, of: k.keyBits, p: 0.5, "Eve's known key bits")
        // BBM92's bases are 45° apart: the textbook 25%.
        let b = try run(seed: 25) { $0.settings = .bbm92; $0.eve = .interceptResend }
        expectBinomial(b.keyErrors, of: b.keyBits, p: 0.25, "QBER under intercept-resend, BBM92")
    }

    @Test("Loss: a pair counts only when both photons arrive")
    func loss() throws {
        let r = try run(seed: 31) { $0.lossDb = 10; $0.detectorEfficiency = 0.8 }
        expectBinomial(r.detected, of: r.pairs, p: 0.1 * 0.64, "coincidences")
    }

    @Test("Same seed, same JSON; limits refused")
    func reproducibleAndLimits() throws {
        let enc = JSONEncoder(); enc.outputFormatting = [.sortedKeys]
        #expect(try enc.encode(run(10_000, seed: 2)) == enc.encode(run(10_000, seed: 2)))
        #expect(throws: SimulationError.self) { try run(E91Configuration.maxPairs + 1) }
        #expect(throws: SimulationError.self) { try run { $0.visibility = 1.2 } }
    }
}

@Suite("Polarization experiment")
struct PolarizationTests {
    @Test("Observed fractions within 5σ of Malus's law", arguments: [0.0, 22.5, 30, 45, 60, 90, 135])
    func malus(analyzer: Double) throws {
        let r = try PolarizationExperiment.run(source: PolarizationSetting(parsing: "0"),
                                               analyzer: PolarizationSetting(parsing: "\(analyzer)"), photons: 100_000, seed: 1)
        let c = cos(analyzer * .pi / 180)
        #expect(abs(r.probability - c * c) < 1e-12)
        expectBinomial(r.passed, of: r.photons, p: c * c, "analyzer \(analyzer)°")
    }

    @Test("Circular light passes any linear analyzer with probability 1/2")
    func circular() throws {
        for a in ["H", "D", "30", "R", "L"] {
            let r = try PolarizationExperiment.run(source: PolarizationSetting(parsing: "R"),
                                                   analyzer: PolarizationSetting(parsing: a), photons: 50_000, seed: 2)
            let p = a == "R" ? 1.0 : (a == "L" ? 0.0 : 0.5)
            #expect(abs(r.probability - p) < 1e-12)
            expectBinomial(r.passed, of: r.photons, p: p, "R through \(a)")
        }
    }

    @Test("First photons and checkpoints are the run's own outcomes")
    func replayData() throws {
        let h = try PolarizationSetting(parsing: "H"), a = try PolarizationSetting(parsing: "30")
        let big = try PolarizationExperiment.run(source: h, analyzer: a, photons: 1_003, seed: 4)
        let small = try PolarizationExperiment.run(source: h, analyzer: a, photons: 24, seed: 4)
        #expect(big.firstPhotons == small.firstPhotons)
        #expect(small.passed == small.firstPhotons!.filter { $0 }.count)
        let c = try #require(big.checkpoints)
        #expect(c.count == PolarizationRun.checkpointCount && c.last == big.passed)
        for k in 1..<c.count {
            #expect(c[k] >= c[k - 1] && c[k] - c[k - 1] <= big.photonsAt(checkpoint: k + 1) - big.photonsAt(checkpoint: k))
        }
    }

    @Test("Bad settings and huge requests are refused")
    func errors() {
        #expect(throws: SimulationError.self) { try PolarizationSetting(parsing: "Q") }
        #expect(throws: SimulationError.self) { try PolarizationSetting(parsing: "1e9") }
        #expect(throws: SimulationError.self) {
            try PolarizationExperiment.run(source: .init(parsing: "H"), analyzer: .init(parsing: "V"), photons: 1_000_000_000_000, seed: 1)
        }
    }
}
