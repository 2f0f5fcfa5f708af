// A keyed pseudo-random permutation of 0..<n that can be evaluated in both
// directions without storing a table.
// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

/// Cascade shuffles the key before every pass after the first. Storing a
/// forward and an inverse table per pass would cost 8 bytes per bit per pass
/// (≈100 MB for a 10^6-bit key and 14 passes); this permutation costs a few
/// words. Small keys use exact tables instead (`PassPermutation`). It is a 4-round unbalanced Feistel network on ⌈log2 n⌉ bits
/// (Luby & Rackoff, SIAM J. Comput. 17, 373 (1988): four rounds of a
/// pseudo-random function give a strong pseudo-random permutation), restricted
/// to 0..<n by cycle walking (Black & Rogaway, CT-RSA 2002). The domain is
/// less than 2n, so a lookup walks fewer than two times on average.
struct FeistelPermutation: Sendable {
    let n: Int
    private let leftBits: Int
    private let rightBits: Int
    private let keys: (UInt64, UInt64, UInt64, UInt64)

    init(count n: Int, random: inout RandomStream) {
        self.init(count: n, keys: (random.nextWord(), random.nextWord(), random.nextWord(), random.nextWord()))
    }

    init(count n: Int, keys: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(n >= 1)
        self.n = n
        var bits = 2
        while (1 << bits) < n { bits += 1 }
        leftBits = bits / 2
        rightBits = bits - leftBits
        self.keys = keys
    }

    @inline(__always)
    private static func mix(_ x: UInt64, _ key: UInt64) -> UInt64 {
        // SplitMix64 finalizer (Steele, Lea & Flood, OOPSLA 2014) as round function.
        var z = (x ^ key) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private func key(_ r: Int) -> UInt64 {
        switch r { case 0: keys.0; case 1: keys.1; case 2: keys.2; default: keys.3 }
    }

    @inline(__always)
    private func encrypt(_ x: UInt64) -> UInt64 {
        var v = x
        var wl = leftBits, wr = rightBits
        for r in 0..<4 {
            let left = v >> UInt64(wr)
            let right = v & ((1 << UInt64(wr)) - 1)
            let f = Self.mix(right, key(r)) & ((1 << UInt64(wl)) - 1)
            v = (right << UInt64(wl)) | (left ^ f)
            swap(&wl, &wr)
        }
        return v
    }

    @inline(__always)
    private func decrypt(_ y: UInt64) -> UInt64 {
        var v = y
        // After an even number of rounds the layout is (leftBits, rightBits)
        // again; undo the rounds in reverse order.
        var wl = rightBits, wr = leftBits  // widths of the round being undone
        for r in stride(from: 3, through: 0, by: -1) {
            // v = right << wl | (left ^ f), right has wr bits, left has wl bits.
            let right = v >> UInt64(wl)
            let masked = v & ((1 << UInt64(wl)) - 1)
            let f = Self.mix(right, key(r)) & ((1 << UInt64(wl)) - 1)
            v = ((masked ^ f) << UInt64(wr)) | right
            swap(&wl, &wr)
        }
        return v
    }

    /// The original index placed at position `i` of the shuffled key.
    @inline(__always)
    func forward(_ i: Int) -> Int {
        var v = encrypt(UInt64(i))
        while v >= UInt64(n) { v = encrypt(v) }
        return Int(v)
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
