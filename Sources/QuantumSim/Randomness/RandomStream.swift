// Named, independent random streams derived from one seed.
//
// Each party and each physical process draws from its own stream
// (`alice.bits`, `alice.basis`, `bob.basis`, `eve`, `channel`, `detector`…),
// so switching Eve on leaves Alice's photons unchanged and two runs can be
// compared photon by photon.

/// A seeded stream of random numbers, identified by a name.
public struct RandomStream: Sendable {
    public let name: String
    @usableFromInline var generator: Xoshiro256StarStar

    /// Derives the stream from `seed` and `name`: the name is hashed with
    /// FNV-1a (64-bit), mixed into the seed by one SplitMix64 step, and the
    /// result seeds xoshiro256**. Distinct names give unrelated streams.
    public init(seed: UInt64, name: String) {
        self.name = name
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        var mix = SplitMix64(seed: seed ^ hash)
        generator = Xoshiro256StarStar(seed: mix.next())
    }

    /// 64 uniformly random bits.
    @inlinable
    public mutating func nextWord() -> UInt64 { generator.next() }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(generator.next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound, without modulo bias (Lemire 2019).
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int(truncatingIfNeeded: generator.next(upperBound: UInt64(bound)))
    }

    /// One Bernoulli(p) trial.
    @inlinable
    public mutating func bernoulli(_ p: Double) -> Bool {
        if p <= 0 { return false }
        if p >= 1 { return true }
        return nextUniform() < p
    }

    /// 64 independent Bernoulli(p) trials packed into one word.
    ///
    /// Each lane compares a uniform variate with p digit by digit, most
    /// significant first; a lane is decided at the first digit where the two
    /// differ. All 64 lanes are compared at once, so the expected cost is
    /// about log2(64) + 2 ≈ 8 draws per word instead of 64. Exact to 64
    /// binary digits of p.
    @inlinable
    public mutating func bernoulliWord(_ p: Double) -> UInt64 {
        if p <= 0 { return 0 }
        if p >= 1 { return ~0 }
        let threshold = BernoulliThreshold(p)
        return bernoulliWord(threshold)
    }

    /// As `bernoulliWord(_:)`, with p already converted to fixed point.
    @inlinable
    public mutating func bernoulliWord(_ t: BernoulliThreshold) -> UInt64 {
        if t.isZero { return 0 }
        if t.isOne { return ~0 }
        var result: UInt64 = 0
        var undecided: UInt64 = ~0
        var digit = 63
        while undecided != 0 && digit >= 0 {
            let r = generator.next()
            if (t.bits >> UInt64(digit)) & 1 == 1 {
                // Lanes whose digit is 0 fall below p: success.
                result |= undecided & ~r
                undecided &= r
            } else {
                // Lanes whose digit is 1 rise above p: failure.
                undecided &= ~r
            }
            digit -= 1
        }
        return result
    }

    /// A Poisson(mean) sample by inversion (exact for the small means of
    /// weak coherent pulses; refuses means above 700 where e^-mean underflows).
    public mutating func poisson(mean: Double) -> Int {
        precondition(mean >= 0 && mean < 700)
        var k = 0
        var term = Double.exp(-mean)
        var cumulative = term
        let u = nextUniform()
        while u >= cumulative && term > 0 {
            k += 1
            term *= mean / Double(k)
            cumulative += term
        }
        return k
    }

    /// A sample from Poisson(mean) conditioned on being at least `minimum`.
    public mutating func poisson(mean: Double, atLeast minimum: Int) -> Int {
        precondition(mean > 0 && mean < 700 && minimum >= 0)
        // Inversion over the tail k >= minimum.
        var pk = Double.exp(-mean)
        var below = 0.0
        for k in 0..<minimum {
            below += pk
            pk *= mean / Double(k + 1)
        }
        let tail = 1 - below
        guard tail > 0 else { return minimum }
        let u = nextUniform() * tail
        var k = minimum
        var cumulative = pk
        while u >= cumulative && pk > 0 {
            k += 1
            pk *= mean / Double(k)
            cumulative += pk
        }
        return k
    }
}

/// A probability in 0.64 fixed point, for `bernoulliWord`.
public struct BernoulliThreshold: Sendable {
    public let bits: UInt64
    public let isZero: Bool
    public let isOne: Bool
    public init(_ p: Double) {
        isZero = !(p > 0)
        isOne = p >= 1
        if isZero || isOne { bits = 0 } else {
            // p·2^64, computed as (p·2^53)·2^11 to stay exact in a Double.
            let scaled = (p * 0x1.0p53).rounded(.down)
            bits = UInt64(scaled) << 11
        }
    }
}

/// The family of named streams for one run.
public struct RandomSource: Sendable {
    public let seed: UInt64
    public init(seed: UInt64) { self.seed = seed }
    public func stream(_ name: String) -> RandomStream { RandomStream(seed: seed, name: name) }
}

import Foundation
extension Double {
    @usableFromInline static func exp(_ x: Double) -> Double { Foundation.exp(x) }
}
