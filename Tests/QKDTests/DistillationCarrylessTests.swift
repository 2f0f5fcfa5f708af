// Toeplitz hashing as a carry-less product (PCLMULQDQ + Karatsuba, C target
// CCarrylessMultiply) against the NTT path and the O(n·m) definition.
// SPDX-License-Identifier: GPL-3.0-or-later
import CCarrylessMultiply
import Foundation
import Testing
@testable import QKD
import QuantumSim

@Suite("Distillation: carry-less Toeplitz hashing")
struct DistillationCarrylessTests {
    typealias Method = PrivacyAmplification.Method

    /// a·b in GF(2)[z] one bit at a time, without PCLMULQDQ: the check on the C kernels.
    static func slowProduct(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: a.count + b.count)
        for i in a.indices where a[i] != 0 {
            for j in b.indices where b[j] != 0 {
                var lo: UInt64 = 0, hi: UInt64 = 0
                for bit in 0..<64 where (b[j] >> UInt64(bit)) & 1 == 1 {
                    lo ^= a[i] << UInt64(bit)
                    if bit > 0 { hi ^= a[i] >> UInt64(64 - bit) }
                }
                out[i + j] ^= lo
                out[i + j + 1] ^= hi
            }
        }
        return out
    }

    static func words(_ count: Int, _ r: inout RandomStream) -> [UInt64] { (0..<count).map { _ in r.nextWord() } }

    /// The C product itself, on shapes that reach the schoolbook kernel (≤ 16
    /// words), Karatsuba with odd halves, and the unbalanced split into chunks.
    @Test("qkd_gf2_multiply equals a bit-by-bit GF(2)[z] product")
    func wordProduct() throws {
        try #require(Method.carrylessMultiply.isAvailable, "this CPU lacks PCLMULQDQ; the NTT path is covered elsewhere")
        var r = RandomStream(seed: 31, name: "clmul")
        var shapes: [(Int, Int)] = [(1, 1), (1, 2), (2, 1), (16, 16), (16, 17), (17, 17), (33, 33), (33, 17),
                                    (40, 3), (3, 40), (100, 51), (100, 49), (129, 64), (64, 129), (130, 130)]
        for _ in 0..<25 { shapes.append((Int(r.nextWord() % 90) + 1, Int(r.nextWord() % 90) + 1)) }
        for (na, nb) in shapes {
            let a = Self.words(na, &r), b = Self.words(nb, &r)
            var out = [UInt64](repeating: 0xFFFF, count: na + nb)   // garbage must be overwritten
            let status = qkd_gf2_multiply(a, na, b, nb, &out, nil, nil)
            #expect(Int(status) == QKD_CLMUL_OK)
            let same = out == Self.slowProduct(a, b)
            #expect(same, "na=\(na) nb=\(nb)")
        }
    }

    /// Sizes around word boundaries, m > n, and huge-by-tiny shapes, fixed seed.
    static func shapes() -> [(n: Int, m: Int)] {
        let edges = [1, 2, 63, 64, 65, 127, 128, 129, 1_000]
        var s: [(Int, Int)] = []
        for n in edges { for m in edges { s.append((n, m)) } }
        s += [(5_000, 1), (1, 5_000), (3, 4_000), (4_000, 3), (2_049, 1_100), (1_100, 2_049), (64 * 40 + 1, 64 * 17 - 1)]
        // Output and key both above 32 words: one level of the transposed Karatsuba.
        s += [(2_200, 2_300), (2_300, 4_100)]
        var r = RandomStream(seed: 32, name: "toeplitz shapes")
        for _ in 0..<30 { s.append((Int(r.nextWord() % 700) + 1, Int(r.nextWord() % 700) + 1)) }
        return s
    }

    @Test("Carry-less hash = NTT hash = the O(n·m) definition, on edge and random shapes")
    func matchesReference() throws {
        var r = RandomStream(seed: 33, name: "toeplitz")
        for (n, m) in Self.shapes() {
            let key = BitVector(random: n, from: &r)
            let seed = BitVector(random: PrivacyAmplification.seedLength(inputBits: n, outputLength: m), from: &r)
            let reference = PrivacyAmplification.toeplitzReference(key, seed: seed, outputLength: m)
            let ntt = try PrivacyAmplification.toeplitzHash(key, seed: seed, outputLength: m,
                                                            method: .numberTheoreticTransform, cancellation: nil)
            // Compared as Bool so that a failure prints the shape, not two long vectors.
            let nttAgrees = ntt == reference
            #expect(nttAgrees, "NTT n=\(n) m=\(m)")
            if Method.carrylessMultiply.isAvailable {
                let clmul = try #require(try PrivacyAmplification.carrylessHash(key, seed: seed, outputLength: m, cancellation: nil),
                                         "the carry-less path fell back although the CPU has PCLMULQDQ")
                let clmulAgrees = clmul == reference
                #expect(clmulAgrees, "carry-less n=\(n) m=\(m)")
            }
            let preferredAgrees = PrivacyAmplification.toeplitzHash(key, seed: seed, outputLength: m) == reference
            #expect(preferredAgrees, "preferred n=\(n) m=\(m)")
        }
    }

    @Test("Carry-less and NTT agree bit for bit on keys deep in the Karatsuba recursion")
    func largeKeysAgree() throws {
        try #require(Method.carrylessMultiply.isAvailable, "this CPU lacks PCLMULQDQ")
        var r = RandomStream(seed: 34, name: "toeplitz")
        for (n, m) in [(100_003, 70_001), (65_536, 131_072), (131_071, 64), (200, 150_000)] {
            let key = BitVector(random: n, from: &r)
            let seed = BitVector(random: n + m - 1, from: &r)
            let ntt = try PrivacyAmplification.toeplitzHash(key, seed: seed, outputLength: m,
                                                            method: .numberTheoreticTransform, cancellation: nil)
            let clmul = try PrivacyAmplification.toeplitzHash(key, seed: seed, outputLength: m,
                                                              method: .carrylessMultiply, cancellation: nil)
            let agree = clmul == ntt
            #expect(agree, "n=\(n) m=\(m)")
            // Spot-check a few output bits against the definition.
            for i in [0, 1, m / 2, m - 1] {
                var bit = false
                for j in 0..<n where key[j] && seed[i - j + n - 1] { bit.toggle() }
                #expect(clmul[i] == bit, "bit \(i) of n=\(n) m=\(m)")
            }
        }
    }

    @Test("The preferred method is the carry-less product exactly when the CPU has it")
    func methodChoice() {
        let expected: Method = qkd_clmul_available() != 0 ? .carrylessMultiply : .numberTheoreticTransform
        #expect(PrivacyAmplification.preferredMethod == expected)
        #expect(Method.numberTheoreticTransform.isAvailable)
    }

    @Test("A cancelled token stops both methods with CancelledError")
    func cancelledToken() {
        let token = CancellationToken()
        token.cancel()
        var r = RandomStream(seed: 35, name: "toeplitz")
        let key = BitVector(random: 10_000, from: &r), seed = BitVector(random: 16_999, from: &r)
        for method in Method.allCases {
            #expect(throws: CancelledError.self) {
                _ = try PrivacyAmplification.toeplitzHash(key, seed: seed, outputLength: 7_000, method: method, cancellation: token)
            }
        }
    }

    /// The C recursion polls between large sub-products and stops at the first
    /// "cancel"; a check that never cancels leaves the product intact.
    @Test("The C product polls its cancel check and stops when it answers yes")
    func cPolling() throws {
        try #require(Method.carrylessMultiply.isAvailable, "this CPU lacks PCLMULQDQ")
        var r = RandomStream(seed: 36, name: "clmul")
        let a = Self.words(3_000, &r), b = Self.words(2_500, &r)
        var out = [UInt64](repeating: 0, count: a.count + b.count)
        // context → Int counter: count the polls, cancel at the third.
        let cancelAtThird: qkd_cancel_check = { context in
            let polls = context!.assumingMemoryBound(to: Int.self)
            polls.pointee += 1
            return polls.pointee >= 3 ? 1 : 0
        }
        let never: qkd_cancel_check = { context in
            context!.assumingMemoryBound(to: Int.self).pointee += 1
            return 0
        }
        var polls = 0
        let stopped = qkd_gf2_multiply(a, a.count, b, b.count, &out, cancelAtThird, &polls)
        #expect(Int(stopped) == QKD_CLMUL_CANCELLED)
        #expect(polls == 3)
        polls = 0
        let finished = qkd_gf2_multiply(a, a.count, b, b.count, &out, never, &polls)
        #expect(Int(finished) == QKD_CLMUL_OK)
        #expect(polls > 3)
        // The same product without polling.
        var plain = [UInt64](repeating: 0, count: a.count + b.count)
        #expect(Int(qkd_gf2_multiply(a, a.count, b, b.count, &plain, nil, nil)) == QKD_CLMUL_OK)
        let same = out == plain
        #expect(same)
    }
}
