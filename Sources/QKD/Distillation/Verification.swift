// Key verification with a universal polynomial hash over GF(2^61 − 1).
// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

public struct VerificationResult: Codable, Sendable, Equatable {
    /// The public evaluation point x.
    public var point: UInt64
    public var aliceTag: UInt64
    public var bobTag: UInt64
    public var matched: Bool
    /// Bits disclosed: Alice's whole tag (counted as 64, though it holds 61).
    public var leakedBits: Int
    /// Probability that unequal keys get equal tags: ≤ (limbs + 1)/(2^61 − 1).
    public var collisionBound: Double
    /// Why the keys were rejected, or nil when they matched.
    public var reason: String?
}

/// The key is read as 32-bit limbs c_1…c_L, preceded by its length c_0, and
/// hashed as the polynomial Σ c_i·x^(L−i) mod p, p = 2^61 − 1, at a random x.
/// Two different inputs give different polynomials of degree ≤ L, which agree
/// at no more than L points, so the collision probability is ≤ L/p
/// (Carter & Wegman, JCSS 18, 143 (1979); polynomial hashing as in
/// Wegman & Carter, JCSS 22, 265 (1981)).
public enum Verification {
    public static let prime: UInt64 = (1 << 61) - 1
    public static let tagBits = 64

    /// a·b mod 2^61 − 1, using 2^61 ≡ 1.
    @inline(__always)
    static func mulMod(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (hi, lo) = a.multipliedFullWidth(by: b)
        let r = (lo & prime) &+ ((lo >> 61) | (hi << 3))
        return r >= prime ? r - prime : r
    }

    @inline(__always)
    static func addMod(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a &+ b
        return r >= prime ? r - prime : r
    }

    /// Number of 32-bit limbs of an n-bit key.
    public static func limbCount(_ n: Int) -> Int { (n + 31) / 32 }

    /// The tag of `key` at `point` (reduced mod p first).
    public static func tag(_ key: BitVector, point: UInt64, cancellation: CancellationToken? = nil) throws -> UInt64 {
        let x = point % prime
        var h = UInt64(key.count) % prime
        let limbs = limbCount(key.count)
        let words = key.words
        for i in 0..<limbs {
            if i & 0xF_FFFF == 0xF_FFFF, cancellation?.isCancelled == true { throw CancelledError() }
            let w = words[i >> 1]
            let limb = (i & 1 == 0) ? (w & 0xFFFF_FFFF) : (w >> 32)
            h = addMod(mulMod(h, x), limb)  // Horner's rule
        }
        return h
    }

    /// A uniform evaluation point below the prime: 61-bit draws, rejected above it.
    public static func randomPoint(using random: inout RandomStream) -> UInt64 {
        var x = random.nextWord() >> 3  // 61 bits
        while x >= prime { x = random.nextWord() >> 3 }
        return x
    }

    /// The chance that two different n-bit keys get the same tag: a nonzero
    /// polynomial of degree limbCount(n) + 1 has at most that many roots mod p.
    public static func collisionBound(bits n: Int) -> Double {
        Double(limbCount(n) + 1) / Double(prime)
    }

    /// Alice picks x from `random` and sends x with her tag; Bob compares.
    /// A mismatch means the keys differ: the caller must abort.
    public static func verify(alice: BitVector, bob: BitVector, random: inout RandomStream,
                              cancellation: CancellationToken? = nil) throws -> VerificationResult {
        let x = randomPoint(using: &random)
        let bound = collisionBound(bits: alice.count)
        guard alice.count == bob.count else {
            return VerificationResult(
                point: x, aliceTag: 0, bobTag: 0, matched: false, leakedBits: 0, collisionBound: bound,
                reason: "Keys differ in length (\(alice.count) vs \(bob.count) bits).")
        }
        let ta = try tag(alice, point: x, cancellation: cancellation)
        let tb = try tag(bob, point: x, cancellation: cancellation)
        let ok = ta == tb
        return VerificationResult(
            point: x, aliceTag: ta, bobTag: tb, matched: ok, leakedBits: tagBits, collisionBound: bound,
            reason: ok ? nil : "Verification tags differ: Bob's corrected key still has errors, so the keys are discarded.")
    }
}
