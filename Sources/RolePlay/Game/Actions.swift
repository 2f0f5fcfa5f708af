// What a role submits to the game.
// SPDX-License-Identifier: GPL-3.0-or-later

/// Alice's choice for one photon; a nil field is drawn at random by the game
/// (from its seeded "alice.bits" / "alice.bases" streams).
public struct Preparation: Codable, Sendable, Equatable {
    /// 0 or 1.
    public var bit: Int?
    public var basis: Basis?
    public init(bit: Int? = nil, basis: Basis? = nil) { self.bit = bit; self.basis = basis }
    /// Both drawn at random.
    public static let random = Preparation()
}

/// What Eve sends on after measuring.
public enum Resend: Codable, Sendable, Equatable {
    /// The state her outcome left the photon in (intercept-resend).
    case result
    /// A state of her choosing (one of the four BB84 states).
    case state(PolarizationState)
}

/// Eve's choice for one photon.
public enum EveChoice: Codable, Sendable, Equatable {
    /// Let the photon through untouched.
    case pass
    /// Measure in `basis`, then send on `resend`.
    case measure(EveBasis, resend: Resend)
}

/// A standing attack for the photons Eve did not choose one by one.
public struct EveStrategy: Codable, Sendable, Equatable {
    public enum Attack: String, Codable, Sendable, CaseIterable {
        /// Measure in a random BB84 basis and resend the result.
        case interceptResend = "intercept-resend"
        /// Measure in the Breidbart basis and resend the result.
        case breidbart
    }
    public var attack: Attack
    /// Each photon is attacked with this probability (independently, from
    /// Eve's seeded stream); 1 attacks every photon.
    public var fraction: Double
    public init(attack: Attack, fraction: Double = 1) { self.attack = attack; self.fraction = fraction }
}

/// Which sifted bits Alice discloses for the QBER estimate.
public enum SampleChoice: Codable, Sendable, Equatable {
    /// ⌈`GameConfig.sampleFraction` · sifted⌉ random positions.
    case standard
    /// This many random sifted positions.
    case count(Int)
    /// These photons (each must have been kept by sifting).
    case positions([Int])
}

/// Eve's interference with the public channel. A rule is armed in advance and
/// fires on the next matching message. With authentication off the
/// recipient gets the altered message as if genuine; with it on the forged
/// tag fails, the forgery is flagged and rejected, and the genuine message
/// is delivered on the retry.
public enum Tamper: Codable, Sendable, Equatable {
    /// Replace the next message of the same kind as `body` with `body`.
    case replaceNext(PublicBody)
    /// Flip every parity in Alice's next Cascade message (block parities or answers).
    case flipNextParities
    /// Replace the next ciphertext with this plaintext encrypted under Eve's
    /// best guess of the final key, so that Bob reads her text where she
    /// guessed the key right.
    case forgeCiphertext(plaintext: String)
}

/// One move by one role. See `Phase.actors` for who moves when.
public enum GameAction: Codable, Sendable, Equatable {
    /// Alice: prepare and send every photon. Entries beyond the array, and nil
    /// fields, are random; more entries than photons is an error.
    case send(preparations: [Preparation])
    /// Eve: her choice per photon (nil: the strategy decides, or pass when
    /// there is none), then the photons go on to Bob.
    case intercept(choices: [EveChoice?], strategy: EveStrategy?)
    /// Bob: a basis per photon (nil or missing: random), then measure all.
    case measure(bases: [Basis?])
    /// Bob: post his bases on the public channel.
    case announceBases
    /// Alice: post the positions where the bases matched (from the bases as delivered to her).
    case sift
    /// Alice: post sample positions and her bits there.
    case disclose(SampleChoice)
    /// Bob: compare the sample with his bits and post the error count; above
    /// the threshold both abort.
    case reportErrors
    /// Alice or Bob: run Cascade on the remaining bits; every parity and
    /// question is a public message.
    case reconcile
    /// Alice: post the Toeplitz seed; both hash to the final key.
    case amplify
    /// Alice: encrypt a message (nil: the configured one) with the final key.
    case encrypt(message: String?)
    /// Bob: decrypt the ciphertext he received; the game ends.
    case decrypt
    /// Eve: arm a tampering rule (any phase before the end).
    case tamper(Tamper)
}

/// An action with the role that made it: one entry of a game's log.
public struct RecordedAction: Codable, Sendable, Equatable {
    public var role: Role
    public var action: GameAction
    public init(role: Role, action: GameAction) { self.role = role; self.action = action }
}

/// What an accepted action changed, for the server to notify clients. Events
/// carry public information only, except `.acknowledged`, meant for the
/// acting role alone.
public enum GameEvent: Codable, Sendable, Equatable {
    case phaseChanged(Phase)
    /// A public message, by its index in the channel log.
    case messagePosted(Int)
    /// A message failed authentication (or was malformed) and was rejected.
    case messageRejected(Int)
    /// The action only changed the actor's own state (e.g. Eve armed a rule).
    case acknowledged(Role)
    case gameEnded(Phase)
}
