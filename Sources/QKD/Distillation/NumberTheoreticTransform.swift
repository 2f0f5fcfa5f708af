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

    /// Twiddles: for each half-length h (a power of two), table[h + j] = ω_(2h)^j.
    static func twiddles(_ length: Int) -> [UInt32] {
        var table = [UInt32](repeating: 0, count: max(length, 2))
        var h = 1
        while h < length {
            let z = power(3, (modulus - 1) / UInt64(2 * h))
            var w: UInt64 = 1
            for j in 0..<h {
                table[h + j] = UInt32(w)
                w = w * z % modulus
            }
            h <<= 1
        }
        return table
    }

    /// In-place forward transform (decimation in time after bit reversal).
    static func transform(_ a: inout [UInt32], twiddles table: [UInt32]) {
        let n = a.count
        let p = UInt32(modulus)
        a.withUnsafeMutableBufferPointer { a in
            table.withUnsafeBufferPointer { t in
                var j = 0
                for i in 1..<n {
                    var bit = n >> 1
                    while j & bit != 0 { j ^= bit; bit >>= 1 }
                    j |= bit
                    if i < j { a.swapAt(i, j) }
                }
                var h = 1
                while h < n {
                    var start = 0
                    while start < n {
                        for k in 0..<h {
                            let u = a[start + k]
                            let v = mul(a[start + k + h], t[h + k])
                            let s = u &+ v
                            a[start + k] = s >= p ? s &- p : s
                            a[start + k + h] = u >= v ? u &- v : u &+ p &- v
                        }
                        start += 2 * h
                    }
                    h <<= 1
                }
            }
        }
    }

    /// The first `outputCount` terms of the cyclic convolution of length
    /// L = 2^⌈log2(minLength)⌉ of `x` and `y` (zero-padded).
    static func cyclicConvolution(_ x: [UInt32], _ y: [UInt32], minLength: Int) -> [UInt32] {
        var length = 2
        while length < minLength { length <<= 1 }
        precondition(length <= maxLength, "convolution too long for the NTT modulus")
        var fx = x + [UInt32](repeating: 0, count: length - x.count)
        var fy = y + [UInt32](repeating: 0, count: length - y.count)
        let table = twiddles(length)
        transform(&fx, twiddles: table)
        transform(&fy, twiddles: table)
        for i in 0..<length { fx[i] = mul(fx[i], fy[i]) }
        // Inverse: forward transform, reverse entries 1..<L, divide by L.
        transform(&fx, twiddles: table)
        fx[1...].reverse()
        let inv = UInt32(power(UInt64(length), modulus - 2))
        for i in 0..<length { fx[i] = mul(fx[i], inv) }
        return fx
    }
}
