// What each role may see, what the projector shows, and the reveal.
//
// Privacy is by type: no view type has a field that can hold a photon's
// state, and a role's photon row only has fields for that role's own choices
// and outcomes plus what the public channel disclosed. Strings that players
// typed (messages, decrypted text) are stored as they are: the engine does
// not escape them, every UI must (see README).
// SPDX-License-Identifier: GPL-3.0-or-later

/// One photon as one role knows it. Fields a role cannot know are nil.
public struct PhotonRow: Codable, Sendable, Equatable {
    public var index: Int
    /// Alice only: her bit and basis.
    public var bit: Int?
    public var basis: Basis?
    /// Bob only: his basis and his outcome (his raw bit).
    public var bobBasis: Basis?
    public var bobResult: Int?
    /// Eve only: what she did and the outcome she saw (nil for `.pass`).
    public var eveChoice: EveChoice?
    public var eveResult: Int?
    /// Public: Bob's basis as announced on the channel (as this role received it).
    public var announcedBasis: Basis?
    /// Public: kept by sifting (nil before sifting).
    public var kept: Bool?
    /// Public: disclosed in the QBER sample, with Alice's disclosed bit.
    public var sampled: Bool?
    public var disclosedBit: Int?

    public init(index: Int) { self.index = index }
}

/// The key as one party holds it at each stage (bits as 0/1). Alice and Bob
/// have their own; Eve's is her guess.
public struct KeyProgress: Codable, Sendable, Equatable {
    /// Sifted bits minus the sample, in photon order (before correction).
    public var raw: [Int]?
    /// After Cascade (Alice's is unchanged).
    public var corrected: [Int]?
    /// After privacy amplification.
    public var final: [Int]?
    /// Alice: her plaintext; Bob and Eve: what they decrypted. Unescaped.
    public var message: String?
    public init() {}
}

/// The classroom toy key length: n·(1 − h(Q)) − leak, the asymptotic
/// Shor–Preskill form (PRL 85, 441 (2000)) with the actual Cascade leak. It is
/// NOT a security claim: no finite-size correction, no ε.
public struct ToyKeyLength: Codable, Sendable, Equatable {
    /// Always "toy length, not a security claim": views print it with the number.
    public static let label = "toy length, not a security claim"
    /// Bits entering error correction (sifted minus sample).
    public var keyBits: Int
    /// Sample QBER used for Eve's information estimate.
    public var sampleQber: Double
    /// n·h(Q): the estimate of what Eve learnt from the photons.
    public var eavesdropperInformation: Double
    /// Parities Alice sent plus Bob's one-bit replies (both leak, Tupkary &
    /// Lütkenhaus arXiv:2307.00576; see QKD/Distillation/README.md), plus
    /// the verification tag (`verificationBits`).
    public var leakedBits: Int
    /// The verification tag's share of `leakedBits` (64, or nil when no tag was sent).
    public var verificationBits: Int?
    /// ⌊n − n·h(Q) − leak⌋, at least 0.
    public var length: Int
    public var label: String = ToyKeyLength.label
}

/// What authenticating the public channel cost so far, in pre-shared key
/// bits. The rule (stated, and labelled toy like the key length): Wegman–Carter
/// authentication with key recycling reuses the secret hash function and
/// one-time-pads each tag, so every authenticated message spends `tagBits`
/// fresh secret bits (Wegman & Carter, JCSS 22, 265 (1981), §3; composable
/// key recycling: Portmann, IEEE Trans. Inf. Theory 60, 4383 (2014)). Every
/// message Alice or Bob sent counts, a retry after a rejected forgery too.
/// Shown beside the toy length, not subtracted from it: a classroom game
/// spends more than it makes, which is the lesson.
public struct AuthenticationCost: Codable, Sendable, Equatable {
    /// Tag length per message, bits (forgery chance about 2^-tagBits per message).
    public static let defaultTagBits = 64
    public var messages: Int
    public var tagBits: Int
    /// messages · tagBits.
    public var bits: Int
    /// Toy length minus `bits`: negative when the game spent more secret key than it made.
    public var netToyLength: Int?
    public var citation: String = "Wegman & Carter 1981; Portmann 2014"
}

/// What a real link would need at the measured QBER: the smallest run (in
/// photons, scaling this game's sifting and leak ratios) that gets a key from
/// the finite-key bound of Tomamichel, Lim, Gisin & Renner, Nat. Commun. 3,
/// 634 (2012), at ε_sec = ε_cor = `epsilon`.
public struct FiniteKeyVerdict: Codable, Sendable, Equatable {
    public var epsilon: Double
    public var sampleQber: Double
    /// This game's length under the bound (0 for any classroom-sized game).
    public var lengthHere: Int
    /// nil when no run length helps (the QBER is too high).
    public var photonsNeeded: Int?
    public var citation: String
    /// e.g. "a real link at this QBER needs ≥ 180000 photons at ε = 1e-10".
    public var sentence: String
}

/// Everything one role may see now.
public struct RoleView: Codable, Sendable, Equatable {
    public var role: Role
    public var phase: Phase
    /// Roles that may act now.
    public var waitingFor: [Role]
    public var photonCount: Int
    public var authentication: Bool
    /// Alice and Bob: true when Eve plays openly, nil when Eve is off or secret
    /// (so a secret game looks exactly like one without Eve). Eve: true.
    public var eveAnnounced: Bool?
    /// The role's own photons (empty for Bob and Eve before the photons reach them).
    public var photons: [PhotonRow]
    public var channel: [ChannelEntry]
    /// Errors in the sample and its size, once Bob reported them (as this role received them).
    public var sampleErrors: Int?
    public var sampleSize: Int?
    public var key: KeyProgress
    public var toyLength: ToyKeyLength?
    public var finiteKey: FiniteKeyVerdict?
    /// Eve only: her armed, not yet fired tampering rules.
    public var pendingTampers: [Tamper]?
    /// Why the game was aborted, once it was.
    public var abortReason: AbortReason?
    /// The hash check after Cascade, once Alice sent her tag.
    public var verification: VerificationCheck?
    /// Pre-shared key spent on tags so far (nil with authentication off).
    public var authenticationCost: AuthenticationCost?
}

/// Why Alice and Bob aborted.
public enum AbortReason: String, Codable, Sendable {
    /// The sample QBER exceeded the threshold: they caught (or suspect) Eve.
    case qberAboveThreshold
    /// The sample was empty, so the QBER could not be estimated.
    case emptySample
    /// After Cascade, Bob's hash of his corrected key differed from Alice's
    /// tag: errors remain (or the keys differ in length), so both discard the key.
    case verificationFailed
}

/// The hash check after Cascade (QKD's `Verification`: a polynomial hash
/// over GF(2^61 − 1) at a public random point; Carter & Wegman, JCSS 18,
/// 143 (1979)). Unequal keys pass with probability ≤ `collisionBound`, the
/// ε_cor of the main pipeline's ledger.
public struct VerificationCheck: Codable, Sendable, Equatable {
    /// The point as Alice sent it / as Bob received it.
    public var point: UInt64
    /// Alice's tag (as this role knows it: sent, or received).
    public var aliceTag: UInt64
    /// Bob's tag of his corrected key at the point he received (Bob and the reveal only).
    public var bobTag: UInt64?
    public var matched: Bool
    /// Bits the tag disclosed, counted in the leak (`Verification.tagBits`).
    public var tagBits: Int
    /// (limbs + 1)/(2^61 − 1): the chance that different keys give equal tags.
    public var collisionBound: Double
}

/// What the projector shows during the game: the public channel as it ran on
/// the wire (tampering is hidden until the reveal), progress, and afterwards
/// the reveal.
public struct ProjectorView: Codable, Sendable, Equatable {
    public var phase: Phase
    public var waitingFor: [Role]
    public var photonCount: Int
    public var eve: EveMode
    public var authentication: Bool
    /// Steps done so far: photons sent / measured, sifted, sampled, …
    public var photonsSent: Bool
    public var photonsMeasured: Bool
    public var siftedCount: Int?
    public var sampleErrors: Int?
    public var sampleSize: Int?
    public var leakedBits: Int?
    public var channel: [ChannelEntry]
    public var toyLength: ToyKeyLength?
    public var finiteKey: FiniteKeyVerdict?
    public var abortReason: AbortReason?
    /// Only once the game is over.
    public var reveal: Reveal?
    /// The hash check after Cascade (the tag as it arrived, and whether Bob's matched).
    public var verification: VerificationCheck?
    /// Pre-shared key spent on tags so far (nil with authentication off).
    public var authenticationCost: AuthenticationCost?
}

/// Why a sifted photon's bits differ.
public enum ErrorCause: String, Codable, Sendable {
    /// Eve measured the photon and her resent state gave Bob the wrong bit.
    case eve
    /// The bases did not really match: the sifting was tampered with.
    case tamperedSifting
    /// The channel depolarized the photon (`GameConfig.depolarization`): Bob's bit was a coin.
    case noise
}

/// The hidden truth for one photon, shown after the game.
public struct PhotonTruth: Codable, Sendable, Equatable {
    public var index: Int
    public var aliceBit: Int
    public var aliceBasis: Basis
    public var sentState: PolarizationState
    /// nil when Eve did not play or let it pass.
    public var eveChoice: EveChoice?
    public var eveResult: Int?
    public var eveResent: PolarizationState?
    public var bobBasis: Basis
    public var bobResult: Int
    /// What Bob received: `sentState`, or what Eve resent.
    public var receivedState: PolarizationState
    public var kept: Bool
    public var sampled: Bool
    /// The channel depolarized this photon (nil on a perfect channel).
    public var depolarized: Bool?
    /// Kept and Bob's bit differs from Alice's.
    public var error: Bool
    public var errorCause: ErrorCause?
    /// The probability of this error before Bob measured, from the Born rule
    /// given what Eve did (0 when Eve let it pass and the bases match).
    public var errorProbability: Double
}

/// The QBER against the textbook expectation.
public struct QberSummary: Codable, Sendable, Equatable {
    /// Kept photons and errors among them (all of them, not only the sample).
    public var sifted: Int
    public var errors: Int
    public var qber: Double
    /// Fraction of kept photons that Eve measured.
    public var interceptedFraction: Double
    /// p/4: intercept-resend (or Breidbart) on a fraction p of the photons
    /// gives an error on a kept photon with probability 1/4 each (Bennett et
    /// al. 1992, §5; Breidbart: 2·cos²(π/8)·sin²(π/8) = 1/4). With channel
    /// depolarization d: (1 − d)·p/4 + d/2.
    public var textbookExpected: Double
    /// σ of the QBER under that expectation: √(q(1 − q)/n), binomial.
    public var textbookSigma: Double
    /// The expectation from the Born rule for exactly what Eve did on each
    /// kept photon (covers chosen resend states), and its σ (a sum of
    /// independent Bernoulli variables).
    public var bornExpected: Double
    public var bornSigma: Double
    public var sampleErrors: Int?
    public var sampleSize: Int?
    public var sampleQber: Double?
    /// The sample showed at least one error.
    public var sampleSawErrors: Bool
    /// Alice and Bob aborted on the sample (they caught her); not set when
    /// they aborted later, on the verification tag.
    public var aborted: Bool
}

/// The end of the game: what Eve knew and what each party read.
public struct KeyTruth: Codable, Sendable, Equatable {
    public var alice: KeyProgress
    public var bob: KeyProgress
    /// Eve's best guess at every stage.
    public var eve: KeyProgress
    /// Bits where Bob's corrected key still differs from Alice's.
    public var residualErrors: Int?
    /// Bits of the final key Eve guessed right.
    public var eveFinalKeyBitsRight: Int?
    /// Alice's plaintext characters encrypted (the key covers ⌊m/7⌋ of them).
    public var charactersEncrypted: Int
    /// Characters Bob and Eve read correctly.
    public var bobCharactersRight: Int
    public var eveCharactersRight: Int
}

/// The hidden truth, available once the game is over.
public struct Reveal: Codable, Sendable, Equatable {
    public var config: GameConfig
    public var outcome: Phase
    public var abortReason: AbortReason?
    public var photons: [PhotonTruth]
    public var qber: QberSummary
    public var keys: KeyTruth
    /// Every public message: original, delivered, and whether Eve altered it.
    public var messages: [PublicMessage]
    public var toyLength: ToyKeyLength?
    public var finiteKey: FiniteKeyVerdict?
    /// The hash check after Cascade, from Bob's side (what he received and his own tag).
    public var verification: VerificationCheck?
    /// Pre-shared key spent on tags (nil with authentication off).
    public var authenticationCost: AuthenticationCost?
}
