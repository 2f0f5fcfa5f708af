// Tests of verification hashing and Toeplitz privacy amplification.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import QKD
import QuantumSim

@Suite("Distillation: verification and privacy amplification")
struct DistillationPrivacyTests {
    @Test("The tag of a 32-bit key at x is 32·x + key (mod 2^61 − 1)")
    func tagByHand() throws {
        var key = BitVector()
        key.append(word: 0xDEAD_BEEF, bits: 32)
        #expect(try Verification.tag(key, point: 5) == 32 * 5 + 0xDEAD_BEEF)
        // Two limbs: (33·x + c1)·x + c2 with c2 = 1 (the 33rd bit).
        key.append(true)
        let p = Verification.prime
        let x: UInt64 = 1 << 40
        let inner = (UInt64(33).multipliedFullWidth(by: x).low % p + 0xDEAD_BEEF) % p
        let expected = UInt64((UInt128(inner) * UInt128(x) + 1) % UInt128(p))
        #expect(try Verification.tag(key, point: x) == expected)
    }

    @Test("Verification catches a single planted mismatch anywhere")
    func plantedMismatch() throws {
        var ks = RandomStream(seed: 4, name: "key")
        let a = BitVector(random: 10_000, from: &ks)
        var vs = RandomStream(seed: 4, name: "verify")
        let same = try Verification.verify(alice: a, bob: a, random: &vs)
        #expect(same.matched && same.reason == nil && same.leakedBits == 64)
        #expect(same.collisionBound < 1e-15)
        for position in [0, 1, 31, 32, 63, 64, 4_321, 9_998, 9_999] {
            var b = a
            b.flip(position)
            let r = try Verification.verify(alice: a, bob: b, random: &vs)
            #expect(!r.matched, "missed a flip at \(position)")
            #expect(r.reason != nil)
        }
    }

    @Test("NTT convolution equals the schoolbook product")
    func nttConvolution() {
        var r = RandomStream(seed: 8, name: "ntt")
        for _ in 0..<20 {
            let nx = 1 + r.nextInt(below: 100), ny = 1 + r.nextInt(below: 100)
            let x = (0..<nx).map { _ in UInt32(r.nextInt(below: 1000)) }
            let y = (0..<ny).map { _ in UInt32(r.nextInt(below: 1000)) }
            var direct = [UInt64](repeating: 0, count: nx + ny - 1)
            for i in 0..<nx { for j in 0..<ny { direct[i + j] += UInt64(x[i]) * UInt64(y[j]) } }
            let fast = NumberTheoreticTransform.cyclicConvolution(x, y, minLength: nx + ny - 1)
            #expect(direct == (0..<(nx + ny - 1)).map { UInt64(fast[$0]) })
        }
    }

    @Test("Toeplitz convention T[i][j] = seed[i − j + n − 1] on a 2×2 example")
    func toeplitzByHand() {
        let seed = BitVector(bits: [false, true, true])  // s0 s1 s2
        // T = [[s1, s0], [s2, s1]]
        #expect(PrivacyAmplification.toeplitzHash(BitVector(bits: [true, false]), seed: seed, outputLength: 2)
                == BitVector(bits: [true, true]))
        #expect(PrivacyAmplification.toeplitzHash(BitVector(bits: [false, true]), seed: seed, outputLength: 2)
                == BitVector(bits: [false, true]))
        #expect(PrivacyAmplification.toeplitzReference(BitVector(bits: [false, true]), seed: seed, outputLength: 2)
                == BitVector(bits: [false, true]))
    }

    @Test("Fast Toeplitz hashing equals the O(n·m) reference")
    func toeplitzFastEqualsReference() throws {
        var r = RandomStream(seed: 21, name: "toeplitz")
        var shapes: [(Int, Int)] = [(1, 1), (2, 1), (2, 2), (64, 1), (64, 64), (65, 65), (200, 1), (200, 200), (129, 64)]
        for _ in 0..<60 {
            let n = 1 + r.nextInt(below: 300)
            shapes.append((n, 1 + r.nextInt(below: n)))
        }
        for (n, m) in shapes {
            let key = BitVector(random: n, from: &r)
            let seed = BitVector(random: n + m - 1, from: &r)
            let reference = PrivacyAmplification.toeplitzReference(key, seed: seed, outputLength: m)
            #expect(PrivacyAmplification.toeplitzHash(key, seed: seed, outputLength: m) == reference, "n=\(n) m=\(m)")
            // The blocked path, forced with 64-bit blocks.
            #expect(try PrivacyAmplification.toeplitzHash(key, seed: seed, outputLength: m, blockBits: 64) == reference,
                    "blocked n=\(n) m=\(m)")
        }
    }

    @Test("Hashing two keys under one seed equals hashing each alone")
    func toeplitzSharedSeed() {
        var r = RandomStream(seed: 23, name: "toeplitz")
        for (n, m) in [(1, 1), (100, 37), (1_000, 1_000)] {
            let x = BitVector(random: n, from: &r), y = BitVector(random: n, from: &r)
            let seed = BitVector(random: n + m - 1, from: &r)
            let both = PrivacyAmplification.toeplitzHash(keys: [x, y], seed: seed, outputLength: m)
            #expect(both == [x, y].map { PrivacyAmplification.toeplitzReference($0, seed: seed, outputLength: m) })
        }
    }

    @Test("Toeplitz hashing is linear: T(x ⊕ y) = Tx ⊕ Ty on a large key")
    func toeplitzLinear() {
        var r = RandomStream(seed: 22, name: "toeplitz")
        let n = 20_000, m = 12_000
        let x = BitVector(random: n, from: &r), y = BitVector(random: n, from: &r)
        let seed = BitVector(random: n + m - 1, from: &r)
        let h = { PrivacyAmplification.toeplitzHash($0, seed: seed, outputLength: m) }
        #expect(h(x ^ y) == h(x) ^ h(y))
        #expect(h(x).popcount > m / 2 - 600 && h(x).popcount < m / 2 + 600)
    }

    @Test("The asymptotic teaching formula m = ⌊n(1 − h(e)) − leak − 2·log2(1/ε)⌋")
    func finalLength() {
        for (n, e, leak, eps) in [(10_000, 0.02, 1_500, 1e-10), (123_457, 0.05, 40_000, 1e-6), (5_000, 0.011, 400, 1e-9)] {
            let h = -(e * log(e) + (1 - e) * log(1 - e)) / log(2.0)
            let expected = Int((Double(n) * (1 - h) - Double(leak) - 2 * log(1 / eps) / log(2.0)).rounded(.down))
            #expect(PrivacyAmplification.finalLength(siftedBits: n, phaseErrorRate: e, leakedBits: leak, epsilonPA: eps)
                    == expected)
        }
        // 10^4 bits at 2 %: 10^4·(1 − 0.141441) − 1500 − 66.44 = 7_019.15.
        #expect(PrivacyAmplification.finalLength(siftedBits: 10_000, phaseErrorRate: 0.02, leakedBits: 1_500, epsilonPA: 1e-10)
                == 7_019)
        #expect(PrivacyAmplification.finalLength(siftedBits: 1_000, phaseErrorRate: 0.11, leakedBits: 600, epsilonPA: 1e-10) == 0)
        #expect(PrivacyAmplification.finalLength(siftedBits: 100, phaseErrorRate: 0.01, leakedBits: 0, epsilonPA: 1e-10) == 25)
        #expect(PrivacyAmplification.seedLength(inputBits: 100, outputLength: 25) == 124)
    }

    @Test("Binary entropy at known points")
    func entropy() {
        #expect(DistillationMath.binaryEntropy(0.5) == 1)
        #expect(DistillationMath.binaryEntropy(0) == 0)
        #expect(abs(DistillationMath.binaryEntropy(0.11) - 0.4999) < 1e-3)
    }
}
