// Exact integer convolution by the number-theoretic transform modulo
// p = 998244353 = 119·2^23 + 1 (primitive root 3).
// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

/// Convolves small non-negative integer sequences exactly, as long as every
/// true output value is below p. For 0/1 inputs the value at any index is at
/// most the shorter length, so inputs up to 2^23 long are exact.
/// Cooley–Tukey radix-2 transforms: O(L log L) for L = 2^⌈log2(len)⌉.
///
/// Speed: Shoup multiplication by precomputed twiddle quotients and Harvey's
/// lazy reduction (values kept in [0, 2p), one branch-free correction per
/// butterfly; D. Harvey, J. Symb. Comput. 60, 113 (2014)). Twiddle tables
/// are built without divisions.
enum NumberTheoreticTransform {
    static let modulus: UInt64 = 998_244_353
    static let maxLength = 1 << 23
    static let p32: UInt32 = 998_244_353
    static let twoP: UInt32 = 2 * 998_244_353

    /// a·b mod p for a, b < 2^32 without a division: the quotient is estimated
    /// in floating point (53-bit mantissa, the product is < 2^64 and the
    /// quotient < 2^35, so the estimate is off by at most one) and corrected.
    @inline(__always)
    static func mul(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let x = UInt64(a) &* UInt64(b)
        let q = UInt64(Double(x) * (1.0 / 998_244_353.0))
        var r = Int64(bitPattern: x &- q &* 998_244_353)
        if r < 0 { r += 998_244_353 } else if r >= 998_244_353 { r -= 998_244_353 }
        return UInt32(truncatingIfNeeded: r)
    }

    static func power(_ base: UInt64, _ exp: UInt64) -> UInt64 {
        var r: UInt64 = 1, b = base % modulus, e = exp
        while e > 0 {
            if e & 1 == 1 { r = r * b % modulus }
            b = b * b % modulus
            e >>= 1
        }
        return r
    }

    /// ⌊w·2^32/p⌋ for w < p, by a floating estimate (off by at most one)
    /// corrected exactly.
    @inline(__always)
    static func shoupQuotient(_ w: UInt32) -> UInt32 {
        var q = Int64(Double(Int64(w)) * (4_294_967_296.0 / 998_244_353.0))
        let r = (Int64(w) << 32) - q * 998_244_353
        if r < 0 { q -= 1 } else if r >= 998_244_353 { q += 1 }
        return UInt32(truncatingIfNeeded: q)
    }

    /// Twiddles: for each half-length h (a power of two), table[h + j] = ω^j
    /// with ω = 3^((p − 1)/(2h)), built without divisions. The top level ω_L^j,
    /// j < L/2, is ω^(64a + b) = ω^(64a)·ω^b: two short chains, then
    /// independent Shoup products. Each lower level takes every other entry
    /// of the one above (ω_{2h}^j = ω_{4h}^{2j}). The inverse transform reads
    /// the same table (ω^(−j) = −ω^(h−j) at half-length h), so there is none.
    static func twiddles(_ length: Int) -> Twiddles {
        let size = max(length, 2)
        let top = size / 2
        var w = [UInt32](repeating: 0, count: size)
        var ws = [UInt32](repeating: 0, count: size)
        let z = UInt32(power(3, (modulus - 1) / UInt64(2 * top)))
        let zs = shoupQuotient(z)
        let stepCount = min(64, top)
        var small = [UInt32](repeating: 0, count: stepCount)
        var x: UInt32 = 1
        for b in 0..<stepCount { small[b] = x; x = mulShoup(x, z, zs) }
        let xs = shoupQuotient(x)   // x = ω^stepCount
        w.withUnsafeMutableBufferPointer { w in ws.withUnsafeMutableBufferPointer { ws in
            small.withUnsafeBufferPointer { small in
                var big: UInt32 = 1
                var a = 0
                while a < top {
                    let bigs = shoupQuotient(big)
                    for b in 0..<min(stepCount, top - a) {
                        let e = mulShoup(small[b], big, bigs)
                        w[top + a + b] = e
                        ws[top + a + b] = shoupQuotient(e)
                    }
                    big = mulShoup(big, x, xs)
                    a += stepCount
                }
            }
            var h = top >> 1
            while h >= 1 {
                for j in 0..<h { w[h + j] = w[2 * h + 2 * j]; ws[h + j] = ws[2 * h + 2 * j] }
                h >>= 1
            }
        } }
        return Twiddles(w: w, shoup: ws)
    }

    /// Twiddles with Shoup's precomputed quotients ⌊w·2^32/p⌋, so that x·w mod p
    /// costs two multiplications and no division (Shoup, NTL; Harvey 2014).
    struct Twiddles: Sendable {
        var w: [UInt32]
        var shoup: [UInt32]
    }

    /// x·w mod p for x < 2^32, w < p, ws = ⌊w·2^32/p⌋: the estimate q is off by
    /// at most one, so r = x·w − q·p lies in [0, 2p) and fits in 32 bits.
    @inline(__always)
    static func mulShoup(_ x: UInt32, _ w: UInt32, _ ws: UInt32) -> UInt32 {
        let r = mulShoupLazy(x, w, ws)
        return r >= 998_244_353 ? r &- 998_244_353 : r
    }

    /// The same, left in [0, 2p).
    @inline(__always)
    static func mulShoupLazy(_ x: UInt32, _ w: UInt32, _ ws: UInt32) -> UInt32 {
        let q = UInt32(truncatingIfNeeded: (UInt64(x) &* UInt64(ws)) &>> 32)
        return x &* w &- q &* 998_244_353
    }

    /// x − 2p if x ≥ 2p, else x: branch-free (an unsigned wrap makes the
    /// difference huge when x < 2p, so the minimum picks x).
    @inline(__always)
    static func reduce2p(_ x: UInt32) -> UInt32 { min(x, x &- twoP) }

    /// Forward transform by decimation in frequency: natural order in (values
    /// < 2p), bit-reversed order out (values < 2p), so no reordering pass is needed.
    /// Levels with blocks of at most this many points run block by block, so
    /// each block stays in the L2 cache while all its levels are done
    /// (a full pass over a 2^21-point array per level is memory-bound).
    static let cacheBlock = 1 << 14

    /// One DIF level of half-length h over `count` points starting at `base`.
    @inline(__always)
    static func forwardLevel(_ base: UnsafeMutablePointer<UInt32>, count: Int, h: Int,
                             _ t: UnsafePointer<UInt32>, _ ts: UnsafePointer<UInt32>) {
        let w = t + h, ws = ts + h
        var start = 0
        while start < count {
            let lo = base + start, hi = lo + h
            for k in 0..<h {
                let u = lo[k], v = hi[k]
                lo[k] = reduce2p(u &+ v)
                hi[k] = mulShoupLazy(u &+ twoP &- v, w[k], ws[k])
            }
            start &+= 2 &* h
        }
    }

    /// One DIT level of half-length h with the forward twiddles.
    @inline(__always)
    static func inverseLevel(_ base: UnsafeMutablePointer<UInt32>, count: Int, h: Int,
                             _ t: UnsafePointer<UInt32>, _ ts: UnsafePointer<UInt32>) {
        let w = t + h, ws = ts + h
        var start = 0
        while start < count {
            let lo = base + start, hi = lo + h
            for k in 0..<h {
                let u = lo[k]
                let v = mulShoupLazy(hi[k], w[k], ws[k])
                lo[k] = reduce2p(u &+ v)
                hi[k] = reduce2p(u &+ twoP &- v)
            }
            start &+= 2 &* h
        }
    }

    /// The h = 1 level, whose twiddle is 1.
    @inline(__always)
    static func unitLevel(_ base: UnsafeMutablePointer<UInt32>, count: Int) {
        var i = 0
        while i < count {
            let u = base[i], v = base[i + 1]
            base[i] = reduce2p(u &+ v)
            base[i + 1] = reduce2p(u &+ twoP &- v)
            i &+= 2
        }
    }

    /// Forward transform by decimation in frequency: natural order in (values
    /// < 2p), bit-reversed order out (values < 2p), so no reordering pass is
    /// needed. Large levels sweep the array; then each cache block finishes alone.
    static func forward(_ a: inout [UInt32], twiddles table: Twiddles) {
        let n = a.count
        a.withUnsafeMutableBufferPointer { a in
            table.w.withUnsafeBufferPointer { t in table.shoup.withUnsafeBufferPointer { ts in
                let base = a.baseAddress!, tw = t.baseAddress!, tws = ts.baseAddress!
                let block = min(n, cacheBlock)
                var h = n >> 1
                while h >= block { forwardLevel(base, count: n, h: h, tw, tws); h >>= 1 }
                var b = 0
                while b < n {
                    var hb = block >> 1
                    while hb >= 2 { forwardLevel(base + b, count: block, h: hb, tw, tws); hb >>= 1 }
                    unitLevel(base + b, count: block)
                    b &+= block
                }
            } }
        }
    }

    /// Inverse transform by decimation in time: bit-reversed order in (values
    /// < 2p), natural order out (values < 2p), unscaled and index-reversed.
    /// It runs the DIT transform with the forward twiddles, which gives the
    /// DFT Y; the inverse DFT is y[t] = Y[−t mod L]/L, so readers take entry
    /// `reversedIndex(t)` instead of moving data. Small levels run block by
    /// block, then large levels sweep the array.
    static func inverse(_ a: inout [UInt32], twiddles table: Twiddles) {
        let n = a.count
        a.withUnsafeMutableBufferPointer { a in
            table.w.withUnsafeBufferPointer { t in table.shoup.withUnsafeBufferPointer { ts in
                let base = a.baseAddress!, tw = t.baseAddress!, tws = ts.baseAddress!
                let block = min(n, cacheBlock)
                var b = 0
                while b < n {
                    unitLevel(base + b, count: block)
                    var hb = 2
                    while hb < block { inverseLevel(base + b, count: block, h: hb, tw, tws); hb <<= 1 }
                    b &+= block
                }
                var h = block
                while h < n { inverseLevel(base, count: n, h: h, tw, tws); h <<= 1 }
            } }
        }
    }

    static func paddedLength(_ minLength: Int) -> Int {
        var length = 2
        while length < minLength { length <<= 1 }
        precondition(length <= maxLength, "convolution too long for the NTT modulus")
        return length
    }

    /// The transform of `x` zero-padded to `length`, in bit-reversed order
    /// (entries < 2p).
    static func spectrum(_ x: [UInt32], length: Int, twiddles table: Twiddles? = nil) -> [UInt32] {
        var f = [UInt32](repeating: 0, count: length)
        f.withUnsafeMutableBufferPointer { f in x.withUnsafeBufferPointer { x in
            f.baseAddress!.update(from: x.baseAddress!, count: x.count)
        } }
        forward(&f, twiddles: table ?? twiddles(length))
        return f
    }

    /// The transform of a bit string read as 0/1 integers, zero-padded.
    static func spectrum(bits v: BitVector, length: Int, twiddles table: Twiddles) -> [UInt32] {
        var f = [UInt32](repeating: 0, count: length)
        let words = v.words, n = v.count
        f.withUnsafeMutableBufferPointer { f in words.withUnsafeBufferPointer { w in
            for i in 0..<n { f[i] = UInt32(truncatingIfNeeded: (w[i &>> 6] &>> UInt64(i & 63)) & 1) }
        } }
        forward(&f, twiddles: table)
        return f
    }

    /// −p^(−1) mod 2^32, for Montgomery reduction.
    static let montgomeryNegInverse: UInt32 = {
        var inv: UInt32 = 1
        for _ in 0..<5 { inv = inv &* (2 &- 998_244_353 &* inv) }   // Newton: p·inv ≡ 1 mod 2^32
        return 0 &- inv
    }()

    /// a·b·2^(−32) mod p, in [0, 2p), for a, b < 2p (Montgomery, Math. Comp.
    /// 44, 519 (1985)): no division and no floating point.
    @inline(__always)
    static func montgomery(_ a: UInt32, _ b: UInt32, _ negInv: UInt32) -> UInt32 {
        let t = UInt64(a) &* UInt64(b)
        let m = UInt32(truncatingIfNeeded: t) &* negInv
        return UInt32(truncatingIfNeeded: (t &+ UInt64(m) &* 998_244_353) &>> 32)
    }

    /// The cyclic convolution of the sequences with spectra `fx` and `fy`,
    /// up to the factor 2^(−32)·L (multiply by `outputScale` to undo it),
    /// with entry t at `reversedIndex(t)`. Computed in `fy`'s storage.
    static func unscaledConvolution(_ fx: [UInt32], _ fy: consuming [UInt32], twiddles table: Twiddles) -> [UInt32] {
        var c = fy
        let negInv = montgomeryNegInverse
        c.withUnsafeMutableBufferPointer { c in
            fx.withUnsafeBufferPointer { fx in
                for i in 0..<c.count { c[i] = montgomery(fx[i], c[i], negInv) }
            }
        }
        inverse(&c, twiddles: table)
        return c
    }

    /// Where entry t of an inverse transform sits: (L − t) mod L.
    @inline(__always)
    static func reversedIndex(_ t: Int, length: Int) -> Int { (length &- t) & (length &- 1) }

    /// 2^32·L^(−1) mod p and its Shoup quotient: the factor that turns an
    /// `unscaledConvolution` entry into the true value.
    static func outputScale(_ length: Int) -> (UInt32, UInt32) {
        let s = UInt32(power(4_294_967_296 % modulus, 1) * power(UInt64(length), modulus - 2) % modulus)
        return (s, shoupQuotient(s))
    }

    /// The cyclic convolution of length L = 2^⌈log2(minLength)⌉ of `x` and
    /// `y` (zero-padded), entries in [0, p).
    static func cyclicConvolution(_ x: [UInt32], _ y: [UInt32], minLength: Int) -> [UInt32] {
        let length = paddedLength(minLength)
        let table = twiddles(length)
        var c = unscaledConvolution(spectrum(x, length: length, twiddles: table),
                                    spectrum(y, length: length, twiddles: table), twiddles: table)
        let (s, ss) = outputScale(length)
        for i in c.indices { c[i] = mulShoup(c[i], s, ss) }
        return (0..<length).map { c[reversedIndex($0, length: length)] }
    }
}
