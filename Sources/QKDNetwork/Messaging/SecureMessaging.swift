// SPDX-License-Identifier: GPL-3.0-or-later
import Crypto
import Foundation
import QuantumSim

/// Encrypting with delivered QKD key: a one-time pad, or AES-256-GCM with the key
/// refreshed every K bytes.
public enum SecureMessaging {
    public static let maxMessageBytes = 4096

    /// Vernam one-time pad: c = m ⊕ k, one key bit per message bit, never reused
    /// (Shannon, Bell Syst. Tech. J. 28, 656 (1949): perfect secrecy needs |k| ≥ |m|).
    public static func oneTimePad(_ data: [UInt8], key: BitVector) throws -> [UInt8] {
        guard key.count >= data.count * 8 else {
            throw NetworkError("one-time pad needs \(data.count * 8) key bits; only \(key.count) delivered")
        }
        return data.enumerated().map { i, b in b ^ byte(key, at: i * 8) }
    }

    static func byte(_ bits: BitVector, at start: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: bits.words[start >> 6] >> UInt64(start & 63))
    }

    static func bytes(_ bits: BitVector) -> [UInt8] { (0..<(bits.count / 8)).map { byte(bits, at: $0 * 8) } }

    /// One AES-GCM segment: its plaintext ≤ K bytes, under its own 256-bit key.
    public struct Segment: Sendable, Equatable {
        public var keyOffsetBits: Int
        /// nonce ‖ ciphertext ‖ tag.
        public var sealed: Data
    }

    /// AES-256-GCM (NIST SP 800-38D) via swift-crypto; every `refreshBytes` of
    /// plaintext takes a fresh 256-bit key from `key`. Each key seals one segment,
    /// so the counter nonce never repeats under a key.
    public static func sealAESGCM(_ data: [UInt8], key: BitVector, refreshBytes: Int) throws -> [Segment] {
        guard refreshBytes > 0 else { throw NetworkError("the AES key refresh interval must be at least 1 byte") }
        let segments = max(1, (data.count + refreshBytes - 1) / refreshBytes)
        guard key.count >= segments * 256 else {
            throw NetworkError("AES-GCM with a refresh every \(refreshBytes) bytes needs \(segments * 256) key bits; only \(key.count) delivered")
        }
        var out: [Segment] = []
        for i in 0..<segments {
            let k = SymmetricKey(data: bytes(key.slice(i * 256..<(i + 1) * 256)))
            let part = Array(data[min(data.count, i * refreshBytes)..<min(data.count, (i + 1) * refreshBytes)])
            let box = try AES.GCM.seal(part, using: k, nonce: nonce(i))
            out.append(Segment(keyOffsetBits: i * 256, sealed: box.combined!))
        }
        return out
    }

    public static func openAESGCM(_ segments: [Segment], key: BitVector) throws -> [UInt8] {
        var out: [UInt8] = []
        for s in segments {
            let k = SymmetricKey(data: bytes(key.slice(s.keyOffsetBits..<s.keyOffsetBits + 256)))
            out += try AES.GCM.open(AES.GCM.SealedBox(combined: s.sealed), using: k)
        }
        return out
    }

    static func nonce(_ i: Int) throws -> AES.GCM.Nonce {
        var b = [UInt8](repeating: 0, count: 12)
        for j in 0..<8 { b[11 - j] = UInt8(truncatingIfNeeded: UInt64(i) >> UInt64(8 * j)) }
        return try AES.GCM.Nonce(data: b)
    }

    /// Most plaintext bytes per second a key rate can protect with a one-time pad: R/8.
    public static func oneTimePadBytesPerSecond(keyRateBps r: Double) -> Double { r / 8 }

    /// With AES-256 refreshed every K bytes: R/256 keys per second, K bytes each.
    public static func aesBytesPerSecond(keyRateBps r: Double, refreshBytes k: Int) -> Double { r / 256 * Double(k) }
}
