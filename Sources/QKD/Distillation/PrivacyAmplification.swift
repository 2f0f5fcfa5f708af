// Privacy amplification by random Toeplitz hashing.
// SPDX-License-Identifier: GPL-3.0-or-later
import CCarrylessMultiply
import Foundation
import QuantumSim

/// Toeplitz convention: for an n-bit key x and an m×n matrix T built from a
/// seed s of n + m − 1 bits, T[i][j] = s[i − j + n − 1], so
///     y[i] = ⊕_j s[i − j + n − 1]·x[j] = (s ∗ x)[i + n − 1] mod 2,
/// one slice of the integer convolution of s and x — equally, coefficient
/// i + n − 1 of the carry-less product s(z)·x(z) in GF(2)[z] (the "middle
/// product"). Two methods compute it (`Method`). Random Toeplitz matrices
/// form a 2-universal family (Krawczyk, CRYPTO 1994; Hayashi & Tsurumaru,
/// IEEE Trans. Inf. Theory 62, 2213 (2016), for QKD), so the leftover hash
/// lemma applies (Impagliazzo, Levin & Luby, STOC 1989; Renner, PhD thesis
/// ETH 2005, quant-ph/0512258, for quantum side information).
public enum PrivacyAmplification {
    public static let defaultEpsilon = 1e-10

    /// How the Toeplitz product is computed; both give the same bits.
    public enum Method: String, Sendable, CaseIterable {
        /// The middle of s(z)·x(z) in GF(2)[z]: a transposed Karatsuba over
        /// PCLMULQDQ kernels (C target CCarrylessMultiply), on x86-64 CPUs
        /// that have the instruction.
        case carrylessMultiply = "carry-less multiply"
        /// The integer convolution mod 998244353, reduced mod 2: portable.
        case numberTheoreticTransform = "NTT"

        /// Whether this build and CPU can run the method.
        public var isAvailable: Bool {
            switch self {
            case .carrylessMultiply: return qkd_clmul_available() != 0
            case .numberTheoreticTransform: return true
            }
        }
    }

    /// The carry-less product where the CPU has it, else the NTT.
    public static let preferredMethod: Method =
        Method.carrylessMultiply.isAvailable ? .carrylessMultiply : .numberTheoreticTransform
    /// Convolutions are split into blocks of this many rows and columns, so
    /// each NTT stays within 2^23 points.
    static let blockBits = 1 << 22

    /// The asymptotic formula, kept for teaching and comparison only: the
    /// pipeline's length comes from a finite-key bound (FiniteKey.swift).
    /// n·(1 − h(e)) − leak − 2·log2(1/ε_PA), before rounding (asymptotic form
    /// with e_phase ≈ QBER, see shared physics notes; the 2·log2(1/ε) term is
    /// the leftover hash lemma's price for distance ε from an ideal key).
    public static func lengthBudget(siftedBits n: Int, phaseErrorRate e: Double, leakedBits: Int, epsilonPA: Double) -> Double {
        Double(n) * (1 - DistillationMath.binaryEntropy(e)) - Double(leakedBits) - 2 * log2(1 / epsilonPA)
    }

    /// m = ⌊n·(1 − h(e)) − leak − 2·log2(1/ε_PA)⌋, or 0 when that is not positive
    /// (no secret key can be extracted).
    public static func finalLength(siftedBits n: Int, phaseErrorRate: Double, leakedBits: Int, epsilonPA: Double) -> Int {
        let budget = lengthBudget(siftedBits: n, phaseErrorRate: phaseErrorRate, leakedBits: leakedBits, epsilonPA: epsilonPA)
        guard budget >= 1 else { return 0 }
        return Int(budget.rounded(.down))
    }

    /// Seed bits needed for an m×n Toeplitz matrix.
    public static func seedLength(inputBits n: Int, outputLength m: Int) -> Int {
        m > 0 ? n + m - 1 : 0
    }

    /// T·x by the preferred method: a carry-less product (O((n + m)^1.58)
    /// word operations) or an exact integer convolution (number-theoretic
    /// transform, O((n + m) log(n + m))) reduced mod 2.
    public static func toeplitzHash(_ key: BitVector, seed: BitVector, outputLength m: Int) -> BitVector {
        // Without a token nothing can throw.
        (try? toeplitzHash(key, seed: seed, outputLength: m, method: preferredMethod, cancellation: nil)) ?? BitVector(count: m)
    }

    /// The same, stopping with `CancelledError` once `cancellation` is set
    /// (polled between transforms, or between sub-products of ≥ 2^16 bits).
    public static func toeplitzHash(_ key: BitVector, seed: BitVector, outputLength m: Int,
                                    cancellation: CancellationToken?) throws -> BitVector {
        try toeplitzHash(key, seed: seed, outputLength: m, method: preferredMethod, cancellation: cancellation)
    }

    /// T·x by a chosen method (benchmarks and tests compare them). The
    /// carry-less method falls back to the NTT where it is unavailable.
    public static func toeplitzHash(_ key: BitVector, seed: BitVector, outputLength m: Int, method: Method,
                                    cancellation: CancellationToken?) throws -> BitVector {
        if method == .carrylessMultiply,
           let y = try carrylessHash(key, seed: seed, outputLength: m, cancellation: cancellation) {
            return y
        }
        return try toeplitzHash(key, seed: seed, outputLength: m, blockBits: blockBits, cancellation: cancellation)
    }

    /// y = coefficients n − 1 … n + m − 2 of s(z)·x(z) in GF(2)[z], computed
    /// in C as a middle product (Hanrot, Quercia & Zimmermann, AAECC 14, 415
    /// (2004)) on PCLMULQDQ; see Sources/CCarrylessMultiply/README.md.
    /// nil when the CPU lacks the instruction or memory ran out.
    static func carrylessHash(_ key: BitVector, seed: BitVector, outputLength m: Int,
                              cancellation: CancellationToken?) throws -> BitVector? {
        let n = key.count
        checkShapes(n: n, seed: seed, m: m)
        if m == 0 || n == 0 { return BitVector(count: m) }
        if cancellation?.isCancelled == true { throw CancelledError() }
        var y = [UInt64](repeating: 0, count: (m + 63) / 64)
        // The C side polls this between large sub-products.
        let poll: qkd_cancel_check = { context in
            guard let context else { return 0 }
            return Unmanaged<CancellationToken>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
        }
        let status: Int32 = seed.words.withUnsafeBufferPointer { s in
            key.words.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { out in
                    guard let cancellation else {
                        return qkd_gf2_toeplitz(s.baseAddress, x.baseAddress, n, m, out.baseAddress, nil, nil)
                    }
                    return withExtendedLifetime(cancellation) {
                        qkd_gf2_toeplitz(s.baseAddress, x.baseAddress, n, m, out.baseAddress, poll,
                                         Unmanaged.passUnretained(cancellation).toOpaque())
                    }
                }
            }
        }
        switch Int(status) {
        case QKD_CLMUL_OK: return BitVector(words: y, count: m)
        case QKD_CLMUL_CANCELLED: throw CancelledError()
        default: return nil
        }
    }

    /// The definition, O(n·m): for tests and for small teaching examples.
    public static func toeplitzReference(_ key: BitVector, seed: BitVector, outputLength m: Int) -> BitVector {
        let n = key.count
        checkShapes(n: n, seed: seed, m: m)
        var y = BitVector(count: m)
        for i in 0..<m {
            var acc = false
            for j in 0..<n where key[j] && seed[i - j + n - 1] { acc.toggle() }
            y[i] = acc
        }
        return y
    }

    static func checkShapes(n: Int, seed: BitVector, m: Int) {
        precondition(m >= 0, "output length must not be negative")
        precondition(m == 0 || seed.count == n + m - 1, "a Toeplitz seed needs n + m − 1 bits")
    }

    /// The product, split into (row block × column block) sub-products when
    /// the convolution would exceed the NTT length. A sub-block of a Toeplitz
    /// matrix is again Toeplitz, built from a slice of the seed.
    static func toeplitzHash(_ key: BitVector, seed: BitVector, outputLength m: Int, blockBits: Int,
                             cancellation: CancellationToken? = nil) throws -> BitVector {
        let n = key.count
        checkShapes(n: n, seed: seed, m: m)
        precondition(blockBits > 0 && blockBits % 64 == 0)
        if m == 0 || n == 0 { return BitVector(count: m) }
        if n + m - 1 <= 2 * blockBits - 1 && n + m - 1 <= NumberTheoreticTransform.maxLength {
            return try convolve([key], seed: seed, m: m, cancellation: cancellation)[0]
        }
        var y = [UInt64](repeating: 0, count: (m + 63) / 64)
        // One twiddle table serves every block (each fits in its length), and
        // each column block's spectrum serves every row block.
        let length = NumberTheoreticTransform.paddedLength(min(blockBits, m) + min(blockBits, n) - 1)
        let table = NumberTheoreticTransform.twiddles(length)
        let (scale, scaleQuotient) = NumberTheoreticTransform.outputScale(length)
        var j0 = 0
        while j0 < n {
            let c = min(blockBits, n - j0)
            if cancellation?.isCancelled == true { throw CancelledError() }
            let keySpectrum = NumberTheoreticTransform.spectrum(bits: key.slice(j0..<j0 + c), length: length, twiddles: table)
            var i0 = 0
            while i0 < m {
                let b = min(blockBits, m - i0)
                if cancellation?.isCancelled == true { throw CancelledError() }
                // Rows i0..<i0+b, columns j0..<j0+c use seed[base ..< base + b + c − 1].
                let base = i0 - j0 + n - c
                let seedSpectrum = NumberTheoreticTransform.spectrum(
                    bits: seed.slice(base..<base + b + c - 1), length: length, twiddles: table)
                let conv = NumberTheoreticTransform.unscaledConvolution(keySpectrum, seedSpectrum, twiddles: table)
                let part = parity(conv, keyBits: c, m: b, scale: scale, scaleQuotient: scaleQuotient)
                let pw = part.words
                for w in pw.indices { y[i0 / 64 + w] ^= pw[w] }
                i0 += b
            }
            j0 += c
        }
        return BitVector(words: y, count: m)
    }

    /// y[i] = (s ∗ x)[i + n − 1] mod 2 for several keys under one seed. A
    /// cyclic convolution of length L ≥ n + m − 1 suffices: wrapped terms
    /// land below index n − 1. The seed is transformed once and one twiddle
    /// table serves every transform of the call.
    static func convolve(_ keys: [BitVector], seed: BitVector, m: Int,
                         table given: NumberTheoreticTransform.Twiddles? = nil,
                         cancellation: CancellationToken? = nil) throws -> [BitVector] {
        func check() throws { if cancellation?.isCancelled == true { throw CancelledError() } }
        let n = keys[0].count
        var length = NumberTheoreticTransform.paddedLength(n + m - 1)
        let table: NumberTheoreticTransform.Twiddles
        if let given, given.w.count >= length { table = given; length = given.w.count } else {
            table = NumberTheoreticTransform.twiddles(length)
        }
        try check()
        let seedSpectrum = NumberTheoreticTransform.spectrum(bits: seed, length: length, twiddles: table)
        let (scale, scaleQuotient) = NumberTheoreticTransform.outputScale(length)
        return try keys.map { key in
            try check()
            let keySpectrum = NumberTheoreticTransform.spectrum(bits: key, length: length, twiddles: table)
            try check()
            let c = NumberTheoreticTransform.unscaledConvolution(seedSpectrum, keySpectrum, twiddles: table)
            return parity(c, keyBits: n, m: m, scale: scale, scaleQuotient: scaleQuotient)
        }
    }

    /// y[i] = (s ∗ x)[i + n − 1] mod 2 read from an unscaled, index-reversed
    /// inverse transform: only the m entries read get the scale 2^32/L and
    /// the reduction mod p.
    static func parity(_ c: [UInt32], keyBits n: Int, m: Int, scale: UInt32, scaleQuotient: UInt32) -> BitVector {
        let length = c.count
        var words = [UInt64](repeating: 0, count: (m + 63) / 64)
        c.withUnsafeBufferPointer { c in
            words.withUnsafeMutableBufferPointer { w in
                for i in 0..<m {
                    let t = NumberTheoreticTransform.reversedIndex(i + n - 1, length: length)
                    let v = NumberTheoreticTransform.mulShoup(c[t], scale, scaleQuotient)
                    w[i >> 6] |= UInt64(v & 1) << UInt64(i & 63)
                }
            }
        }
        return BitVector(words: words, count: m)
    }


    /// Hashes Alice's and Bob's keys with one seed (sharing its transform).
    public static func toeplitzHash(keys: [BitVector], seed: BitVector, outputLength m: Int) -> [BitVector] {
        guard let first = keys.first else { return [] }
        precondition(keys.allSatisfy { $0.count == first.count })
        checkShapes(n: first.count, seed: seed, m: m)
        if preferredMethod == .carrylessMultiply { return keys.map { toeplitzHash($0, seed: seed, outputLength: m) } }
        if m > 0 && first.count + m - 1 <= 2 * blockBits - 1 && first.count + m - 1 <= NumberTheoreticTransform.maxLength {
            return (try? convolve(keys, seed: seed, m: m)) ?? []
        }
        return keys.map { toeplitzHash($0, seed: seed, outputLength: m) }
    }

    static func bits(_ v: BitVector) -> [UInt32] {
        let w = v.words
        var out = [UInt32](repeating: 0, count: v.count)
        out.withUnsafeMutableBufferPointer { out in
            for i in 0..<out.count { out[i] = UInt32((w[i >> 6] >> UInt64(i & 63)) & 1) }
        }
        return out
    }
}
