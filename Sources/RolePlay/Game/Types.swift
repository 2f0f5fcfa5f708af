// The vocabulary of the BB84 role-play game: roles, bases, states, the
// configuration and the phases. Value types only (Codable, Sendable), so the
// class server can store and send them.
// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

/// A player's part. A team may share a role; the engine does not care who
/// presses the keys, only which role acts.
public enum Role: String, Codable, Sendable, CaseIterable, Hashable {
    case alice, bob, eve
}

/// Whether Eve plays, and whether Alice and Bob are told.
public enum EveMode: String, Codable, Sendable, CaseIterable {
    /// No eavesdropper: the photons go straight from Alice to Bob.
    case off
    /// Eve plays, and Alice's and Bob's screens say that she may be listening.
    case on
    /// Eve plays, but Alice's and Bob's views never mention her: they must
    /// discover her from the errors, as in a real link.
    case secret
}

/// The two BB84 bases (Bennett & Brassard 1984). Raw values are the compact
/// symbols used in JSON and on screen ("+" and "x").
public enum Basis: String, Codable, Sendable, CaseIterable, Hashable {
    case rectilinear = "+"
    case diagonal = "x"

    /// The analyzer: H (outcome 0) / V (1), or D (0) / A (1).
    public var measurement: MeasurementBasis {
        switch self {
        case .rectilinear: .rectilinear
        case .diagonal: .diagonal
        }
    }
}

/// Where Eve may measure: a BB84 basis, or Breidbart's basis at 22.5°, which
/// sits halfway between the two (Bennett, Bessette, Brassard, Salvail &
/// Smolin, J. Cryptology 5, 3 (1992), §5; Ekert, Huttner, Palma & Peres,
/// PRA 50, 1047 (1994)).
public enum EveBasis: String, Codable, Sendable, CaseIterable, Hashable {
    case rectilinear = "+"
    case diagonal = "x"
    case breidbart = "b"

    /// The analyzer. Breidbart: outcome 0 is linear 22.5° (read as bit 0:
    /// it is 22.5° from both H and D), outcome 1 is linear 112.5°.
    public var measurement: MeasurementBasis {
        switch self {
        case .rectilinear: .rectilinear
        case .diagonal: .diagonal
        case .breidbart: .linear(degrees: 22.5)
        }
    }
}

/// A linear polarization state that a player can name: the four BB84 states
/// (and, in the reveal, the two Breidbart states Eve may resend).
public enum PolarizationState: String, Codable, Sendable, CaseIterable, Hashable {
    case horizontal = "H"
    case vertical = "V"
    case diagonal = "D"
    case antidiagonal = "A"
    /// Linear 22.5° and 112.5°: what Eve resends after a Breidbart measurement.
    case breidbart0 = "B0"
    case breidbart1 = "B1"

    /// The BB84 state for a bit in a basis: H/V for "+", D/A for "x".
    public init(bit: Int, basis: Basis) {
        switch (basis, bit) {
        case (.rectilinear, 0): self = .horizontal
        case (.rectilinear, _): self = .vertical
        case (.diagonal, 0): self = .diagonal
        case (.diagonal, _): self = .antidiagonal
        }
    }

    /// The state left after outcome `outcome` of a measurement in `basis`
    /// (a projective measurement leaves the photon in the outcome's state).
    public init(outcome: Int, of basis: EveBasis) {
        switch basis {
        case .rectilinear: self = outcome == 0 ? .horizontal : .vertical
        case .diagonal: self = outcome == 0 ? .diagonal : .antidiagonal
        case .breidbart: self = outcome == 0 ? .breidbart0 : .breidbart1
        }
    }

    /// Polarization angle on the dial, in degrees.
    public var degrees: Double {
        switch self {
        case .horizontal: 0
        case .vertical: 90
        case .diagonal: 45
        case .antidiagonal: -45
        case .breidbart0: 22.5
        case .breidbart1: 112.5
        }
    }

    /// The Jones vector.
    public var qubit: Qubit {
        switch self {
        case .horizontal: .horizontal
        case .vertical: .vertical
        case .diagonal: .diagonal
        case .antidiagonal: .antidiagonal
        case .breidbart0, .breidbart1: .linear(degrees: degrees)
        }
    }

    /// Whether a player may ask Eve to resend this state by name (the four
    /// BB84 states; the Breidbart states come only from `.result`).
    public var isBB84State: Bool {
        switch self {
        case .horizontal, .vertical, .diagonal, .antidiagonal: true
        case .breidbart0, .breidbart1: false
        }
    }
}

/// The game's settings. Together with the ordered action log they determine
/// the whole game (see `BB84Game.replay`).
public struct GameConfig: Codable, Sendable, Equatable {
    /// Largest number of photons in one game.
    public static let photonLimit = 4096
    /// Longest message Alice may encrypt, in ASCII characters.
    public static let messageLimit = 64
    /// Default abort threshold on the sample QBER: 11%, where the Shor–Preskill
    /// rate 1 − 2h(e) reaches 0 (Shor & Preskill, PRL 85, 441 (2000)).
    public static let shorPreskillThreshold = 0.11

    /// Photons Alice sends, 1…`photonLimit`.
    public var photons: Int
    public var eve: EveMode
    /// With authentication on, every public message carries a tag (Wegman &
    /// Carter 1981, keyed by a pre-shared secret) and a forgery is rejected;
    /// off, Eve can alter messages unseen (the man-in-the-middle attack).
    public var authentication: Bool
    /// Seeds every random stream of the game (Alice's, Bob's and Eve's random
    /// fills, the Born-rule outcomes, the sample, the shuffles, the seed).
    public var seed: UInt64
    /// Alice's plaintext for the one-time pad: printable ASCII, at most
    /// `messageLimit` characters. Stored as given; views that print it must escape it.
    public var message: String
    /// Alice and Bob abort when the sample QBER exceeds this (0…0.5).
    public var qberThreshold: Double
    /// Share of the sifted bits disclosed for the QBER when Alice asks for the
    /// default sample (`SampleChoice.standard`): ⌈fraction·sifted⌉ bits.
    public var sampleFraction: Double
    /// Channel noise: the probability d that the channel depolarizes a photon
    /// on its way to Bob, ρ → (1 − d)ρ + d·I/2 (Nielsen & Chuang 2000,
    /// §8.3.4), which gives a QBER of d/2 in either basis without Eve. nil or 0:
    /// a perfect channel. Optional so that games stored before it still decode.
    public var depolarization: Double?

    public init(photons: Int = 24, eve: EveMode = .off, authentication: Bool = true, seed: UInt64 = 1,
                message: String = "MEET AT NOON", qberThreshold: Double = GameConfig.shorPreskillThreshold,
                sampleFraction: Double = 1.0 / 3.0, depolarization: Double? = nil) {
        self.photons = photons; self.eve = eve; self.authentication = authentication; self.seed = seed
        self.message = message; self.qberThreshold = qberThreshold; self.sampleFraction = sampleFraction
        self.depolarization = depolarization
    }

    /// The depolarization probability, 0 when unset.
    public var noise: Double { depolarization ?? 0 }

    /// Checks every limit; the error names the limit and its value.
    public func validate() throws(GameError) {
        guard (1...Self.photonLimit).contains(photons) else {
            throw .photonsOutOfRange(photons, limit: Self.photonLimit)
        }
        try Self.validateMessage(message)
        guard qberThreshold >= 0, qberThreshold <= 0.5 else { throw .invalidSetting("QBER threshold \(qberThreshold) is outside 0…0.5") }
        guard sampleFraction > 0, sampleFraction < 1 else {
            throw .invalidSetting("sample fraction \(sampleFraction) is outside (0, 1)")
        }
        guard noise >= 0, noise <= 1 else { throw .invalidSetting("depolarization \(noise) is outside 0…1") }
    }

    /// A plaintext is printable ASCII (space to tilde), at most `messageLimit` characters.
    public static func validateMessage(_ text: String) throws(GameError) {
        let scalars = text.unicodeScalars
        guard scalars.count <= messageLimit else { throw .messageTooLong(scalars.count, limit: messageLimit) }
        guard scalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else { throw .messageNotASCII }
    }
}

/// Where the game stands. Each phase waits for one role (two for `.correcting`).
public enum Phase: String, Codable, Sendable, CaseIterable {
    /// Alice chooses bits and bases, then sends the photons.
    case preparing
    /// The photons are on their way; Eve, when she plays, holds them now.
    /// Skipped when Eve is off. In a secret game Alice and Bob see this phase
    /// with nobody to wait for.
    case inTransit
    /// Bob chooses bases and measures.
    case measuring
    /// Bob announces his bases on the public channel.
    case announcingBases
    /// Alice announces which positions to keep (where the bases matched).
    case sifting
    /// Alice discloses a random sample of sifted bits.
    case sampling
    /// Bob compares the sample with his bits and announces the error count; above the threshold they abort.
    case estimating
    /// Cascade on the remaining bits: every parity is a public message.
    case correcting
    /// Alice announces the Toeplitz seed; both hash their keys.
    case amplifying
    /// Alice encrypts her message with the final key (one-time pad).
    case encrypting
    /// Bob decrypts.
    case decrypting
    /// The game is over with a key (possibly empty).
    case finished
    /// Alice and Bob aborted: the sample QBER was above the threshold.
    case aborted

    /// Roles that may act in this phase (besides Eve's tampering, allowed in any
    /// phase until the end when she plays).
    public var actors: [Role] {
        switch self {
        case .preparing, .sifting, .sampling, .amplifying, .encrypting: [.alice]
        case .inTransit: [.eve]
        case .measuring, .announcingBases, .estimating, .decrypting: [.bob]
        case .correcting: [.alice, .bob]
        case .finished, .aborted: []
        }
    }

    public var isOver: Bool { self == .finished || self == .aborted }
}

/// A typed, one-line error for a refused action or setting.
public enum GameError: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    case photonsOutOfRange(Int, limit: Int)
    case messageTooLong(Int, limit: Int)
    case messageNotASCII
    case invalidSetting(String)
    /// The role may not act now; `waitingFor` lists who may.
    case notYourTurn(Role, phase: Phase, waitingFor: [Role])
    /// Eve is not in this game.
    case roleAbsent(Role)
    /// More entries than photons.
    case tooManyEntries(Int, photons: Int)
    case invalidBit(Int, photon: Int)
    case positionOutOfRange(Int, photons: Int)
    /// A sample position that is not a kept (sifted) photon.
    case notSifted(Int)
    case invalidAction(String)
    case gameOver(Phase)

    public var description: String {
        switch self {
        case let .photonsOutOfRange(n, limit): "photons must be 1…\(limit), got \(n)"
        case let .messageTooLong(n, limit): "message is \(n) characters; the limit is \(limit)"
        case .messageNotASCII: "message must be printable ASCII (space to ~)"
        case let .invalidSetting(s): s
        case let .notYourTurn(role, phase, waiting):
            "\(role.rawValue) cannot act while \(phase.rawValue); waiting for \(waiting.isEmpty ? "the photons" : waiting.map(\.rawValue).joined(separator: " or "))"
        case let .roleAbsent(role): "\(role.rawValue) does not play in this game"
        case let .tooManyEntries(n, photons): "\(n) entries for \(photons) photons"
        case let .invalidBit(b, photon): "bit \(b) at photon \(photon) is not 0 or 1"
        case let .positionOutOfRange(p, photons): "position \(p) is outside 0…\(photons - 1)"
        case let .notSifted(p): "photon \(p) was not kept after sifting"
        case let .invalidAction(s): s
        case let .gameOver(phase): "the game is over (\(phase.rawValue))"
        }
    }

    /// A one-line hint for the player.
    public var hint: String {
        switch self {
        case .photonsOutOfRange: "choose between 1 and \(GameConfig.photonLimit) photons"
        case .messageTooLong, .messageNotASCII: "type at most \(GameConfig.messageLimit) plain ASCII characters"
        case .notYourTurn: "wait for your turn; the phase line shows who acts"
        case .roleAbsent: "start the game with Eve on or secret"
        case .tooManyEntries, .positionOutOfRange: "photons are numbered from 0"
        case .invalidBit: "bits are 0 or 1"
        case .notSifted: "sample only photons that the sifting kept"
        case .gameOver: "start a new game, or replay this one"
        case .invalidSetting, .invalidAction: "see `help class game`"
        }
    }
}
