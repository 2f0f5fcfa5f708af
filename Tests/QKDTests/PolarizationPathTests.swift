import Foundation
import QuantumSim
import Testing
@testable import QKD

/// Analyzers in sequence (`run polarization --then`): the three-polarizer
/// experiment and its relatives, checked against Malus's law derived by hand
/// and within 5σ binomial bounds at fixed seeds.
@Suite("Polarization path (analyzers in sequence)")
struct PolarizationPathTests {
    func settings(_ names: [String]) throws -> [PolarizationSetting] { try names.map(PolarizationSetting.init(parsing:)) }

    @Test("Unpolarized light through H, D, V passes 1/8; each analyzer passes half of what reaches it")
    func threePolarizers() throws {
        let r = try PolarizationExperiment.path(source: PolarizationSetting(source: "unpolarized"),
                                                analyzers: settings(["H", "D", "V"]), photons: 800_000, seed: 31)
        // 1/2 (unpolarized at H), then cos²45° = 1/2, then cos²45° = 1/2.
        #expect(abs(r.probability - 0.125) < 1e-12)
        expectBinomial(r.passed, of: r.photons, p: 0.125, "H, D, V")
        let stages = try #require(r.stages)
        #expect(stages.map(\.analyzer) == ["H", "D", "V"])
        #expect(stages[0].entering == r.photons && stages[2].passed == r.passed)
        for (i, s) in stages.enumerated() {
            #expect(abs(s.probability - 0.5) < 1e-12)
            #expect(abs(s.cumulativeProbability - pow(0.5, Double(i + 1))) < 1e-12)
            expectBinomial(s.passed, of: s.entering, p: 0.5, "stage \(s.analyzer)")
            if i > 0 { #expect(s.entering == stages[i - 1].passed) }
        }
    }

    @Test("Without the middle analyzer, H then V passes nothing")
    func crossed() throws {
        let r = try PolarizationExperiment.path(source: PolarizationSetting(source: "U"),
                                                analyzers: settings(["H", "V"]), photons: 200_000, seed: 32)
        #expect(r.probability < 1e-30)
        #expect(r.passed == 0)
        expectBinomial(r.stages![0].passed, of: r.photons, p: 0.5, "first analyzer")
    }

    @Test("A polarized source: H source through 30° then 60° passes cos²30°·cos²30°",
          arguments: [("H", ["30", "60"], pow(cos(Double.pi / 6), 4)),
                      ("H", ["22.5", "45", "67.5", "90"], pow(cos(Double.pi / 8), 8)),
                      ("D", ["H", "D"], 0.25),
                      ("R", ["H", "V"], 0.0),
                      ("R", ["D", "R"], 0.25)])
    func polarizedSource(source: String, path: [String], expected: Double) throws {
        let src = try PolarizationSetting(source: source)
        let r = try PolarizationExperiment.path(source: src, analyzers: settings(path), photons: 400_000, seed: 33)
        #expect(abs(r.probability - expected) < 1e-12, "\(source) through \(path)")
        // The same probability as the product of the Jones matrices applied at once: Tr(M ρ M†), M = Mn⋯M1.
        let m = try settings(path).map(\.jones).reduce(JonesMatrix.identity) { $0.then($1) }
        #expect(abs(m.transmit(src.density).probability - r.probability) < 1e-12)
        expectBinomial(r.passed, of: r.photons, p: expected, "\(source) through \(path)")
    }

    @Test("One analyzer on a path agrees with Malus's law; the seed replays the run")
    func singleAndReplay() throws {
        let a = try PolarizationExperiment.path(source: .init(source: "H"), analyzers: settings(["30"]), photons: 100_000, seed: 34)
        #expect(abs(a.probability - 0.75) < 1e-12)
        expectBinomial(a.passed, of: a.photons, p: 0.75)
        let b = try PolarizationExperiment.path(source: .init(source: "H"), analyzers: settings(["30"]), photons: 100_000, seed: 34)
        #expect(a.passed == b.passed && a.firstPhotons == b.firstPhotons)
        #expect(a.checkpoints?.last == a.passed)
        #expect(a.passed == (a.stages?.first?.passed ?? -1))
    }

    @Test("Unpolarized light through one analyzer passes half")
    func unpolarizedSingle() throws {
        let r = try PolarizationExperiment.run(source: .init(source: "unpolarized"), analyzer: .init(parsing: "37"),
                                               photons: 100_000, seed: 35)
        #expect(abs(r.probability - 0.5) < 1e-12)
        expectBinomial(r.passed, of: r.photons, p: 0.5)
    }

    @Test("Limits: no analyzers, too many, bad names, huge requests")
    func limits() throws {
        let h = try PolarizationSetting(parsing: "H")
        #expect(throws: SimulationError.self) { try PolarizationExperiment.path(source: h, analyzers: [], photons: 10, seed: 1) }
        #expect(throws: SimulationError.self) {
            try PolarizationExperiment.path(source: h, analyzers: Array(repeating: h, count: PolarizationExperiment.maxAnalyzers + 1), photons: 10, seed: 1)
        }
        #expect(throws: SimulationError.self) { try PolarizationSetting(source: "sideways") }
        #expect(throws: SimulationError.self) { try PolarizationSetting(parsing: "unpolarized") }   // not an analyzer
        #expect(throws: SimulationError.self) {
            try PolarizationExperiment.path(source: h, analyzers: [h], photons: PolarizationRun.maxPhotons + 1, seed: 1)
        }
    }
}
