// The seeded streams must replay exactly and have the right statistics.

import Testing
@testable import QuantumSim

@Suite struct RandomStreamTests {
    @Test func sameSeedAndNameReplay() {
        var a = RandomStream(seed: 42, name: "alice.bits")
        var b = RandomSource(seed: 42).stream("alice.bits")
        for _ in 0..<1000 { #expect(a.nextWord() == b.nextWord()) }
    }

    @Test func differentNamesOrSeedsDiffer() {
        let names = ["alice.bits", "alice.basis", "bob.basis", "eve", "channel", "detector"]
        var firstWords = Set<[UInt64]>()
        for name in names {
            var s = RandomStream(seed: 7, name: name)
            firstWords.insert((0..<4).map { _ in s.nextWord() })
        }
        #expect(firstWords.count == names.count)
        var x = RandomStream(seed: 1, name: "eve"), y = RandomStream(seed: 2, name: "eve")
        #expect((0..<4).map { _ in x.nextWord() } != (0..<4).map { _ in y.nextWord() })
    }

    @Test func uniformIsInUnitIntervalWithMeanOneHalf() {
        var s = RandomStream(seed: 3, name: "uniform")
        let n = 200_000
        var sum = 0.0
        for _ in 0..<n {
            let u = s.nextUniform()
            #expect(u >= 0 && u < 1)
            sum += u
        }
        // Var(U) = 1/12; 5σ bound on the mean.
        #expect(abs(sum / Double(n) - 0.5) <= 5 * (1.0 / 12 / Double(n)).squareRoot())
    }

    @Test(arguments: [0.5, 0.11, 0.25, 0.033, 0.9, 1e-3])
    func bernoulliWordFraction(p: Double) {
        var s = RandomStream(seed: 2024, name: "bernoulli \(p)")
        let words = 1_000_000 / 64 + 1
        var ones = 0
        for _ in 0..<words { ones += s.bernoulliWord(p).nonzeroBitCount }
        #expect(withinFiveSigma(successes: ones, trials: words * 64, p: p))
    }

    @Test func bernoulliWordEdgeCases() {
        var s = RandomStream(seed: 5, name: "edges")
        #expect(s.bernoulliWord(0) == 0)
        #expect(s.bernoulliWord(1) == ~0)
        #expect(s.bernoulliWord(-0.5) == 0)
        #expect(!s.bernoulli(0) && s.bernoulli(1))
    }

    @Test(arguments: [0.3, 0.5, 0.97])
    func bernoulliFraction(p: Double) {
        var s = RandomStream(seed: 9, name: "single")
        let n = 200_000
        var hits = 0
        for _ in 0..<n where s.bernoulli(p) { hits += 1 }
        #expect(withinFiveSigma(successes: hits, trials: n, p: p))
    }

    @Test func nextIntCoversRangeUniformly() {
        var s = RandomStream(seed: 11, name: "ints")
        let n = 120_000, bound = 6
        var counts = [Int](repeating: 0, count: bound)
        for _ in 0..<n { counts[s.nextInt(below: bound)] += 1 }
        for c in counts { #expect(withinFiveSigma(successes: c, trials: n, p: 1.0 / 6)) }
    }

    @Test(arguments: [0.1, 0.48, 2.0])
    func poissonMeanMatches(mean: Double) {
        var s = RandomStream(seed: 13, name: "poisson")
        let n = 100_000
        var sum = 0
        for _ in 0..<n { sum += s.poisson(mean: mean) }
        // Var = mean for a Poisson variable.
        #expect(abs(Double(sum) / Double(n) - mean) <= 5 * (mean / Double(n)).squareRoot())
    }

    @Test func poissonAtLeastRespectsMinimum() {
        var s = RandomStream(seed: 17, name: "tail")
        for _ in 0..<1000 { #expect(s.poisson(mean: 0.5, atLeast: 2) >= 2) }
    }
}
