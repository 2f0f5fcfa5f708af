// The public (classical) channel: every message Alice and Bob exchange,
// readable by everyone, alterable by Eve unless authenticated.
// SPDX-License-Identifier: GPL-3.0-or-later

/// A contiguous range [start, end) of the shuffled key of one Cascade pass.
public struct ParityRange: Codable, Sendable, Equatable, Hashable {
    public var pass: Int
    public var start: Int
    public var end: Int
    public init(pass: Int, start: Int, end: Int) { self.pass = pass; self.start = start; self.end = end }
}

/// The content of a public message. Bits are 0/1 integers; positions are photon
/// numbers from 0 (sifting, sample) or indices into a pass's shuffled key (Cascade).
public enum PublicBody: Codable, Sendable, Equatable {
    /// Bob → Alice: his basis for every photon.
    case bases([Basis])
    /// Alice → Bob: the photons to keep (their bases matched).
    case kept([Int])
    /// Alice → Bob: sample photons and her bits there (then discarded).
    case sample(positions: [Int], bits: [Int])
    /// Bob → Alice: errors found in the sample; `abort` when above the threshold.
    case sampleReport(errors: Int, checked: Int, abort: Bool)
    /// Alice → Bob: Cascade pass `pass` shuffles the key with `shuffleSeed`
    /// (pass 0 is not shuffled), cuts it into blocks of `blockSize`, and these
    /// are her block parities.
    case blockParities(pass: Int, shuffleSeed: UInt64, blockSize: Int, parities: [Int])
    /// Bob → Alice: the parities he asks for (the left halves of the blocks he is searching).
    case parityQuestion([ParityRange])
    /// Alice → Bob: the parities asked for, in order.
    case parityAnswer([Int])
    /// Alice → Bob: the verification tag of her key after Cascade, the
    /// polynomial hash at the public point `point` (QKD's `Verification`,
    /// 64 bits counted); Bob hashes his corrected key at the same point.
    case verificationTag(point: UInt64, tag: UInt64)
    /// Alice → Bob: the Toeplitz seed (n + m − 1 bits) and output length m.
    case toeplitzSeed(bits: [Int], outputLength: Int)
    /// Alice → Bob: the message XOR the key, 7 bits per ASCII character.
    case ciphertext(bits: [Int], characters: Int)

    /// The kind of message, for matching tampering rules and for display.
    public var kind: MessageKind {
        switch self {
        case .bases: .bases
        case .kept: .kept
        case .sample: .sample
        case .sampleReport: .sampleReport
        case .blockParities: .blockParities
        case .parityQuestion: .parityQuestion
        case .parityAnswer: .parityAnswer
        case .verificationTag: .verificationTag
        case .toeplitzSeed: .toeplitzSeed
        case .ciphertext: .ciphertext
        }
    }
}

public enum MessageKind: String, Codable, Sendable, CaseIterable {
    case bases, kept, sample, sampleReport, blockParities, parityQuestion, parityAnswer, verificationTag, toeplitzSeed, ciphertext
}

/// What happened to a message on the wire.
public enum Delivery: String, Codable, Sendable {
    /// Arrived as sent.
    case genuine
    /// Eve altered it and the recipient accepted it (authentication off).
    case tampered
    /// Eve's forgery failed the authentication tag and was rejected; the
    /// genuine message arrived on the retry (it is the next entry).
    case rejectedForgery
    /// Eve's replacement did not fit the protocol (wrong length or shape);
    /// the recipient rejected it and the genuine message was resent.
    case rejectedMalformed
}

/// The full record of one message, known to the engine and shown in the
/// reveal: what was sent and what arrived.
public struct PublicMessage: Codable, Sendable, Equatable {
    public var index: Int
    public var from: Role
    /// What the sender sent.
    public var original: PublicBody
    /// What the recipient got (equal to `original` unless tampered).
    public var delivered: PublicBody
    public var delivery: Delivery
    /// The game phase in which it was sent.
    public var phase: Phase
    public var tampered: Bool { delivery != .genuine }
}

/// One line of the channel as a given role (or the projector) sees it.
public struct ChannelEntry: Codable, Sendable, Equatable {
    public var index: Int
    public var from: Role
    /// For the sender: what they sent. For everyone else: what arrived.
    /// Eve, who altered it, sees `original` too.
    public var body: PublicBody
    /// Only in Eve's view (and the reveal): the message before she altered it.
    public var original: PublicBody?
    /// `.rejectedForgery` and `.rejectedMalformed` are visible to all (the
    /// tag check fails in the open); `.tampered` only to Eve until the reveal.
    public var delivery: Delivery
}
