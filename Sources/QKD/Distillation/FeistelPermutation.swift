// A keyed pseudo-random permutation of 0..<n that can be evaluated in both
// directions without storing a table.
// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

/// Cascade shuffles the key before every pass after the first. Storing a
/// forward and an inverse table per pass would cost 8 bytes per bit per pass
/// (≈100 MB for a 10^6-bit key and 14 passes); this permutation costs a few
/// words. Small keys use exact tables instead (`PassPermutation`).
///
/// It is a 4-round unbalanced Feistel network on ⌈log2 n⌉ bits (Luby &
/// Rackoff, SIAM J. Comput. 17, 373 (1988): four rounds of a pseudo-random
/// function give a pseudo-random permutation), restricted to 0..<n by cycle
/// walking (Black & Rogaway, CT-RSA 2002). The domain is less than 2n, so a
/// lookup walks fewer than two times on average. The round function is a
/// multiply–xorshift–multiply hash whose top bits are kept: not
/// cryptographic (the shuffle is public anyway), only well mixed.
struct FeistelPermutation: Sendable {
    let n: Int
    private let a: UInt64  // high half width
    private let b: UInt64  // low half width
    private let maskA: UInt64
    private let maskB: UInt64
    private let k0, k1, k2, k3: UInt64

    init(count n: Int, random: inout RandomStream) {
        self.init(count: n, keys: (random.nextWord(), random.nextWord(), random.nextWord(), random.nextWord()))
    }

    init(count n: Int, keys: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(n >= 1)
        self.n = n
        var bits = 2
        while (1 << bits) < n { bits += 1 }
        a = UInt64(bits / 2)
        b = UInt64(bits - bits / 2)
        maskA = (1 << a) - 1
        maskB = (1 << b) - 1
        (k0, k1, k2, k3) = keys
    }

    /// The top `w` bits (1 ≤ w ≤ 32) of a hash of x under key k.
    @inline(__always)
    private static func round(_ x: UInt64, _ k: UInt64, _ w: UInt64) -> UInt64 {
        var z = (x ^ k) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z &>> 32)) &* 0xD6E8_FEB8_6659_FD93
        return z &>> (64 &- w)
    }

    /// One round: (L: wl bits | R: wr bits) → (R | L ⊕ F(R)).
    @inline(__always)
    private static func step(_ v: UInt64, _ k: UInt64, _ wl: UInt64, _ wr: UInt64, _ maskR: UInt64) -> UInt64 {
        let left = v &>> wr, right = v & maskR
        return (right &<< wl) | (left ^ round(right, k, wl))
    }

    /// Undoes `step` with the same widths; `maskL` masks wl bits.
    @inline(__always)
    private static func unstep(_ v: UInt64, _ k: UInt64, _ wl: UInt64, _ wr: UInt64, _ maskL: UInt64) -> UInt64 {
        let right = v &>> wl
        let left = (v & maskL) ^ round(right, k, wl)
        return (left &<< wr) | right
    }

    @inline(__always)
    private func encrypt(_ x: UInt64) -> UInt64 {
        var v = Self.step(x, k0, a, b, maskB)  // layout now (b | a)
        v = Self.step(v, k1, b, a, maskA)      // back to (a | b)
        v = Self.step(v, k2, a, b, maskB)
        return Self.step(v, k3, b, a, maskA)
    }

    @inline(__always)
    private func decrypt(_ y: UInt64) -> UInt64 {
        var v = Self.unstep(y, k3, b, a, maskB)
        v = Self.unstep(v, k2, a, b, maskA)
        v = Self.unstep(v, k1, b, a, maskB)
        return Self.unstep(v, k0, a, b, maskA)
    }

    /// The original index placed at position `i` of the shuffled key.
    @inline(__always)
    func forward(_ i: Int) -> Int {
        var v = encrypt(UInt64(i))
        while v >= UInt64(n) { v = encrypt(v) }
        return Int(v)
    }

    /// `forward` of i, i+1, i+2, i+3, computed side by side.
    @inline(__always)
    func forward4(_ i: Int) -> (Int, Int, Int, Int) {
        let x = UInt64(i)
        var v0 = encrypt(x), v1 = encrypt(x + 1), v2 = encrypt(x + 2), v3 = encrypt(x + 3)
        let m = UInt64(n)
        while v0 >= m { v0 = encrypt(v0) }
        while v1 >= m { v1 = encrypt(v1) }
        while v2 >= m { v2 = encrypt(v2) }
        while v3 >= m { v3 = encrypt(v3) }
        return (Int(v0), Int(v1), Int(v2), Int(v3))
    }

    /// The position in the shuffled key of original index `i`.
    @inline(__always)
    func inverse(_ i: Int) -> Int {
        var v = decrypt(UInt64(i))
        while v >= UInt64(n) { v = decrypt(v) }
        return Int(v)
    }
}

/// The public shuffle of one Cascade pass: a uniformly random table
/// (Fisher–Yates) for keys up to `tableLimit` bits, where tables are small and
/// cheaper to evaluate, and a Feistel permutation above.
enum PassPermutation: Sendable {
    case table(forward: [Int32], inverse: [Int32])
    case feistel(FeistelPermutation)

    static let tableLimit = 1 << 16

    init(count n: Int, random: inout RandomStream) {
        if n <= Self.tableLimit {
            var f = [Int32](repeating: 0, count: n)
            var inv = [Int32](repeating: 0, count: n)
            f.withUnsafeMutableBufferPointer { f in
                for i in 0..<n { f[i] = Int32(i) }
                var i = n - 1
                while i > 0 {
                    f.swapAt(i, Self.uniform(below: i + 1, &random))
                    i -= 1
                }
            }
            inv.withUnsafeMutableBufferPointer { inv in
                for j in 0..<n { inv[Int(f[j])] = Int32(j) }
            }
            self = .table(forward: f, inverse: inv)
        } else {
            self = .feistel(FeistelPermutation(count: n, random: &random))
        }
    }

    /// Uniform in 0..<bound without bias (Lemire, ACM TOMACS 29, 2019).
    @inline(__always)
    static func uniform(below bound: Int, _ random: inout RandomStream) -> Int {
        let b = UInt64(bound)
        var m = random.nextWord().multipliedFullWidth(by: b)
        if m.low < b {
            let t = (0 &- b) % b
            while m.low < t { m = random.nextWord().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    @inline(__always)
    func forward(_ i: Int) -> Int {
        switch self {
        case let .table(f, _): Int(f[i])
        case let .feistel(p): p.forward(i)
        }
    }

    @inline(__always)
    func inverse(_ i: Int) -> Int {
        switch self {
        case let .table(_, inv): Int(inv[i])
        case let .feistel(p): p.inverse(i)
        }
    }
}
