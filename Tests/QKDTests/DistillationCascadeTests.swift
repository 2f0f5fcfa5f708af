// Tests of Cascade reconciliation and its trace.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import QKD
import QuantumSim

/// Alice's random key and Bob's copy with Bernoulli(q) errors, from fixed seeds.
func noisyPair(bits n: Int, qber q: Double, seed: UInt64) -> (BitVector, BitVector) {
    let source = RandomSource(seed: seed)
    var keyStream = source.stream("test.key")
    var noise = source.stream("test.noise")
    let a = BitVector(random: n, from: &keyStream)
    var b = a
    b.withWords { w in for i in w.indices { w[i] ^= noise.bernoulliWord(q) } }
    return (a, b)
}

@Suite("Distillation: Cascade")
struct DistillationCascadeTests {
    @Test("Block sizes follow each variant's formula",
          arguments: [0.01, 0.02, 0.05])
    func blockSizes(q: Double) {
        let n = 10_000
        let k = Int((0.73 / q).rounded(.up))
        #expect(CascadeVariant.original.blockSizes(keyBits: n, estimatedQber: q) == [k, 2 * k, 4 * k, 8 * k])
        let y = Int((0.8 / q).rounded(.up))
        #expect(CascadeVariant.yan.blockSizes(keyBits: n, estimatedQber: q)
                == [y, 5 * y] + Array(repeating: n / 2, count: 8))
        let k7 = 1 << Int(log2(1 / q).rounded(.up))
        #expect(CascadeVariant.option7.blockSizes(keyBits: n, estimatedQber: q)
                == [k7, 4 * k7] + Array(repeating: n / 2, count: 12))
        let alpha = log2(1 / q) - 0.5
        let k8 = [1 << Int(alpha.rounded(.up)), 1 << Int(((alpha + 12) / 2).rounded(.up)), 4096]
        #expect(CascadeVariant.option8.blockSizes(keyBits: n, estimatedQber: q)
                == k8 + Array(repeating: n / 2, count: 11))
    }

    @Test("Option 8 at 1 %: 128, 1024, 4096, then n/2")
    func option8Literal() {
        #expect(Array(CascadeVariant.option8.blockSizes(keyBits: 100_000, estimatedQber: 0.01).prefix(4))
                == [128, 1024, 4096, 50_000])
    }

    @Test("Every variant has a one-line description with a citation")
    func descriptions() {
        for v in CascadeVariant.allCases {
            #expect(!v.description.contains("\n"))
            #expect(v.description.contains("Brassard") || v.description.contains("Martinez-Mateo"))
        }
    }

    @Test("Keys with 0.5–8 % errors end identical", arguments: CascadeVariant.allCases)
    func correctsErrors(variant: CascadeVariant) throws {
        for q in [0.005, 0.01, 0.02, 0.05, 0.08] {
            for seed: UInt64 in [11, 12, 13] {
                let (a, b) = noisyPair(bits: 10_000, qber: q, seed: seed)
                #expect(a.hammingDistance(to: b) > 0)
                var r = RandomStream(seed: seed, name: "cascade")
                let result = try Cascade.reconcile(alice: a, bob: b, estimatedQber: q, variant: variant, random: &r)
                #expect(result.residualErrors == 0, "\(variant) q=\(q) seed=\(seed)")
                #expect(result.correctedKey == a)
                var vr = RandomStream(seed: seed, name: "verify")
                #expect(try Verification.verify(alice: a, bob: result.correctedKey, random: &vr).matched)
                // Every flip Bob made fixed an error, save pairs that cancel.
                #expect(result.correctedBits >= a.hammingDistance(to: b))
            }
        }
    }

    /// Mean efficiency over 100 seeds of 10^4-bit keys (100 is the minimum we
    /// allow ourselves; debug builds are slow). Bounds from the project's
    /// physics notes, which summarise Martinez-Mateo et al. (arXiv:1407.3257):
    /// original about 1.1–1.3, improved variants about 1.05–1.10.
    @Test("Mean efficiency lies in the published ranges",
          arguments: [CascadeVariant.original, .option7, .option8], [0.01, 0.02, 0.05])
    func efficiency(variant: CascadeVariant, q: Double) throws {
        let seeds = 100
        var total = 0.0
        for s in 0..<seeds {
            let (a, b) = noisyPair(bits: 10_000, qber: q, seed: UInt64(1000 + s))
            var r = RandomStream(seed: UInt64(s), name: "cascade")
            total += try Cascade.reconcile(alice: a, bob: b, estimatedQber: q, variant: variant, random: &r).efficiency
        }
        let f = total / Double(seeds)
        if variant == .original {
            #expect(f > 1.10 && f < 1.30, "original f = \(f)")
        } else {
            #expect(f > 1.0 && f <= 1.10, "\(variant) f = \(f)")
        }
    }

    @Test("Leaked bits equal the parities recorded in the trace", arguments: CascadeVariant.allCases)
    func traceAccounting(variant: CascadeVariant) throws {
        for seed: UInt64 in [1, 2, 3, 4] {
            let (a, b) = noisyPair(bits: 2_000, qber: 0.03, seed: seed)
            var r = RandomStream(seed: seed, name: "cascade")
            let result = try Cascade.reconcile(alice: a, bob: b, estimatedQber: 0.03, variant: variant,
                                               random: &r, traceLimit: 100_000)
            let t = result.trace
            #expect(!t.truncated)
            #expect(result.leakedBits == t.recordedDisclosures)
            #expect(t.searches.count == result.correctedBits)
            #expect(t.searchCount == result.correctedBits)
            #expect(t.passes.count == result.passes)
            for p in t.passes { #expect(p.disagreeingBlocks.count == p.disagreeingBlockCount) }
            if !variant.reusesSubBlocks { #expect(t.reusedSteps == 0) }
            for s in t.searches {
                // Each step halves the range; the search ends on the corrected bit.
                let size = t.passes[s.pass].blockSize
                #expect(s.steps.count <= Int(log2(Double(size)).rounded(.up)))
                for step in s.steps { #expect(step.range.lowerBound >= s.block * size) }
                #expect(s.correctedPosition / size == s.block)
            }
            // The first pass is unshuffled: its positions are key indices.
            for s in t.searches where s.pass == 0 { #expect(s.correctedPosition == s.correctedIndex) }
        }
    }

    @Test("A small trace limit keeps counters complete but drops details")
    func traceLimit() throws {
        let (a, b) = noisyPair(bits: 10_000, qber: 0.05, seed: 7)
        var r = RandomStream(seed: 7, name: "cascade")
        let result = try Cascade.reconcile(alice: a, bob: b, estimatedQber: 0.05, variant: .option8,
                                           random: &r, traceLimit: 50)
        let t = result.trace
        #expect(t.truncated)
        #expect(t.recordedEvents <= 50)
        #expect(t.searchCount == result.correctedBits)
        #expect(t.passes.reduce(0) { $0 + $1.disclosedParities } + t.disclosedSteps == result.leakedBits)
        #expect(result.residualErrors == 0)
    }

    @Test("Leaked bits exceed the Shannon limit on average and the estimate sets the block size")
    func usesEstimate() throws {
        let (a, b) = noisyPair(bits: 10_000, qber: 0.02, seed: 5)
        var r1 = RandomStream(seed: 5, name: "cascade")
        var r2 = RandomStream(seed: 5, name: "cascade")
        let good = try Cascade.reconcile(alice: a, bob: b, estimatedQber: 0.02, variant: .original, random: &r1)
        let off = try Cascade.reconcile(alice: a, bob: b, estimatedQber: 0.2, variant: .original, random: &r2)
        #expect(good.blockSizes[0] == 37)
        #expect(off.blockSizes[0] == 4)
        #expect(off.leakedBits > good.leakedBits)
    }

    @Test("Large keys use the Feistel shuffle and are still corrected")
    func largeKey() throws {
        let n = PassPermutation.tableLimit + 20_000
        let (a, b) = noisyPair(bits: n, qber: 0.03, seed: 9)
        var r = RandomStream(seed: 9, name: "cascade")
        let result = try Cascade.reconcile(alice: a, bob: b, estimatedQber: 0.03, variant: .option8, random: &r)
        #expect(result.residualErrors == 0)
        #expect(result.efficiency < 1.12)
    }

    @Test("Feistel shuffles are bijections with a correct inverse", arguments: [1, 2, 3, 5, 64, 1000, 70_001])
    func feistel(n: Int) {
        var r = RandomStream(seed: UInt64(n), name: "perm")
        let p = FeistelPermutation(count: n, random: &r)
        var seen = [Bool](repeating: false, count: n)
        for i in 0..<n {
            let j = p.forward(i)
            #expect(j >= 0 && j < n)
            #expect(!seen[j])
            seen[j] = true
            #expect(p.inverse(j) == i)
        }
    }

    @Test("Table shuffles are bijections with a correct inverse")
    func table() {
        var r = RandomStream(seed: 3, name: "perm")
        let p = PassPermutation(count: 500, random: &r)
        #expect(Set((0..<500).map { p.forward($0) }).count == 500)
        for i in 0..<500 { #expect(p.inverse(p.forward(i)) == i) }
    }

    @Test("Bad input is rejected with a clear error")
    func badInput() {
        var r = RandomStream(seed: 1, name: "cascade")
        let a = BitVector(count: 100)
        #expect(throws: DistillationError.lengthMismatch(alice: 100, bob: 99)) {
            try Cascade.reconcile(alice: a, bob: BitVector(count: 99), estimatedQber: 0.02, variant: .original, random: &r)
        }
        for q in [0.0, 0.5, -0.1, 0.7, Double.nan] {
            #expect(throws: DistillationError.self) {
                try Cascade.reconcile(alice: a, bob: a, estimatedQber: q, variant: .original, random: &r)
            }
        }
        #expect(throws: DistillationError.emptyKey) {
            try Cascade.reconcile(alice: BitVector(), bob: BitVector(), estimatedQber: 0.02, variant: .original, random: &r)
        }
        #expect(DistillationError.qberOutOfRange(0.5).description.contains("0.5"))
    }

    @Test("Tiny keys work for every variant")
    func tinyKeys() throws {
        for n in [1, 2, 3, 17] {
            for v in CascadeVariant.allCases {
                let (a, b) = noisyPair(bits: n, qber: 0.3, seed: UInt64(n))
                var r = RandomStream(seed: 1, name: "cascade")
                let result = try Cascade.reconcile(alice: a, bob: b, estimatedQber: 0.3, variant: v, random: &r)
                #expect(result.correctedKey.count == n)
            }
        }
    }
}
