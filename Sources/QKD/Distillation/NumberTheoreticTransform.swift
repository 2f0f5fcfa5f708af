// Exact integer convolution by the number-theoretic transform modulo
// p = 998244353 = 119·2^23 + 1 (primitive root 3).
// SPDX-License-Identifier: GPL-3.0-or-later

/// Convolves small non-negative integer sequences exactly, as long as every
/// true output value is below p. For 0/1 inputs the value at any index is at
/// most the shorter length, so inputs up to 2^23 long are exact.
/// Cooley–Tukey radix-2 transforms: O(L log L) for L = 2^⌈log2(len)⌉.
enum NumberTheoreticTransform {
    static let modulus: UInt64 = 998_244_353
    static let maxLength = 1 << 23

    @inline(__always)
    static func mul(_ a: UInt32, _ b: UInt32) -> UInt32 {
        UInt32((UInt64(a) &* UInt64(b)) % 998_244_353)
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

    /// Twiddles: for each half-length h (a power of two), table[h + j] = ω^j
    /// with ω = root^((p − 1)/(2h)), root = 3 (forward) or 3^(−1) (inverse).
    static func twiddles(_ length: Int, inverse: Bool) -> Twiddles {
        var table = [UInt32](repeating: 0, count: max(length, 2))
        let root = inverse ? power(3, modulus - 2) : 3
        var h = 1
        while h < length {
            let z = power(root, (modulus - 1) / UInt64(2 * h))
            var w: UInt64 = 1
            for j in 0..<h {
                table[h + j] = UInt32(w)
                w = w * z % modulus
            }
            h <<= 1
        }
        return Twiddles(w: table, shoup: table.map { UInt32((UInt64($0) << 32) / modulus) })
    }

    /// Twiddles with Shoup's precomputed quotients ⌊w·2^32/p⌋, so that x·w mod p
    /// costs two multiplications and no division (Shoup, NTL; Harvey,
    /// J. Symb. Comput. 60, 113 (2014)).
    struct Twiddles {
        var w: [UInt32]
        var shoup: [UInt32]
    }

    /// x·w mod p for x < 2^32, w < p, ws = ⌊w·2^32/p⌋: the estimate q is off by
    /// at most one, so r = x·w − q·p lies in [0, 2p) and fits in 32 bits.
    @inline(__always)
    static func mulShoup(_ x: UInt32, _ w: UInt32, _ ws: UInt32) -> UInt32 {
        let q = UInt32(truncatingIfNeeded: (UInt64(x) &* UInt64(ws)) &>> 32)
        let r = x &* w &- q &* 998_244_353
        return r >= 998_244_353 ? r &- 998_244_353 : r
    }

    /// Forward transform by decimation in frequency: natural order in,
    /// bit-reversed order out, so no reordering pass is needed.
    static func forward(_ a: inout [UInt32], twiddles table: Twiddles) {
        let n = a.count
        let p = UInt32(modulus)
        a.withUnsafeMutableBufferPointer { a in
            table.w.withUnsafeBufferPointer { t in table.shoup.withUnsafeBufferPointer { ts in
                var h = n >> 1
                while h >= 1 {
                    var start = 0
                    let w = t.baseAddress! + h, ws = ts.baseAddress! + h
                    while start < n {
                        let lo = a.baseAddress! + start, hi = lo + h
                        for k in 0..<h {
                            let u = lo[k], v = hi[k]
                            let s = u &+ v
                            lo[k] = s >= p ? s &- p : s
                            hi[k] = mulShoup(u >= v ? u &- v : u &+ p &- v, w[k], ws[k])
                        }
                        start &+= 2 &* h
                    }
                    h >>= 1
                }
            } }
        }
    }

    /// Inverse transform by decimation in time: bit-reversed order in,
    /// natural order out (unscaled).
    static func inverse(_ a: inout [UInt32], twiddles table: Twiddles) {
        let n = a.count
        let p = UInt32(modulus)
        a.withUnsafeMutableBufferPointer { a in
            table.w.withUnsafeBufferPointer { t in table.shoup.withUnsafeBufferPointer { ts in
                var h = 1
                while h < n {
                    var start = 0
                    let w = t.baseAddress! + h, ws = ts.baseAddress! + h
                    while start < n {
                        let lo = a.baseAddress! + start, hi = lo + h
                        for k in 0..<h {
                            let u = lo[k]
                            let v = mulShoup(hi[k], w[k], ws[k])
                            let s = u &+ v
                            lo[k] = s >= p ? s &- p : s
                            hi[k] = u >= v ? u &- v : u &+ p &- v
                        }
                        start &+= 2 &* h
                    }
                    h <<= 1
                }
            } }
        }
    }

    static func paddedLength(_ minLength: Int) -> Int {
        var length = 2
        while length < minLength { length <<= 1 }
        precondition(length <= maxLength, "convolution too long for the NTT modulus")
        return length
    }

    /// The transform of `x` zero-padded to `length`, in bit-reversed order.
    static func spectrum(_ x: [UInt32], length: Int, twiddles table: Twiddles? = nil) -> [UInt32] {
        var f = x
        f.append(contentsOf: repeatElement(0, count: length - x.count))
        forward(&f, twiddles: table ?? twiddles(length, inverse: false))
        return f
    }

    /// The cyclic convolution of two sequences given by their spectra.
    static func convolve(spectrum fx: [UInt32], spectrum fy: [UInt32]) -> [UInt32] {
        let length = fx.count
        var c = [UInt32](repeating: 0, count: length)
        for i in 0..<length { c[i] = mul(fx[i], fy[i]) }
        inverse(&c, twiddles: twiddles(length, inverse: true))
        let scale = UInt32(power(UInt64(length), modulus - 2))
        for i in 0..<length { c[i] = mul(c[i], scale) }
        return c
    }

    /// The cyclic convolution of length L = 2^⌈log2(minLength)⌉ of `x` and
    /// `y` (zero-padded).
    static func cyclicConvolution(_ x: [UInt32], _ y: [UInt32], minLength: Int) -> [UInt32] {
        let length = paddedLength(minLength)
        let table = twiddles(length, inverse: false)
        return convolve(spectrum: spectrum(x, length: length, twiddles: table),
                        spectrum: spectrum(y, length: length, twiddles: table))
    }
}
