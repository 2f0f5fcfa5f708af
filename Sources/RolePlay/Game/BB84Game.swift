// The BB84 role-play game: the state the server holds, the moves that change
// it, and what each role may see of it.
// SPDX-License-Identifier: GPL-3.0-or-later
import QKD
import QuantumSim

/// One game of BB84 between Alice, Bob and (maybe) Eve.
///
/// The engine is the referee: it holds the photons' states (QuantumSim qubits,
/// measured with the Born rule from seeded streams), runs each party's
/// honest computations (sifting, sample check, Cascade, hashing, the one-time
/// pad) from that party's own data and the messages *as delivered to them*,
/// and applies Eve's tampering on the public channel. It does no I/O.
///
/// A game is a pure function of its `GameConfig` and the ordered actions
/// (`replay(config:actions:)`); the server stores only those.
public struct BB84Game: Sendable {
    public let config: GameConfig
    public internal(set) var phase: Phase = .preparing
    /// Every accepted action, in order.
    public private(set) var log: [RecordedAction] = []
    public internal(set) var abortReason: AbortReason?

    var random: Streams

    // Alice's preparation.
    var aliceBits: [Int] = []
    var aliceBases: [Basis] = []
    /// The state each photon is in on its way to Bob (Alice's, or Eve's resend).
    var inFlight: [PolarizationState] = []
    // Eve.
    var eveChoices: [EveChoice] = []
    var eveResults: [Int?] = []
    var eveResent: [PolarizationState?] = []
    var pendingTampers: [Tamper] = []
    // Bob.
    var bobBases: [Basis] = []
    var bobResults: [Int] = []
    /// Photons the channel depolarized (Bob's outcome was a fair coin).
    var depolarized: [Bool] = []

    var messages: [PublicMessage] = []

    // What each party holds after the public discussion, from the messages it received.
    var aliceReceivedBases: [Basis]?
    var aliceKept: [Int]?
    var bobKept: [Int]?
    var aliceSample: [Int]?
    var bobReceivedSample: (positions: [Int], bits: [Int])?
    var bobSampleErrors: Int?
    var bobSampleChecked: Int?
    var aliceReceivedReport: (errors: Int, checked: Int)?
    /// Key positions (photon numbers) each side keeps after the sample.
    var aliceKeyPositions: [Int]?
    var bobKeyPositions: [Int]?
    var aliceKey: [Int]?
    var bobRawKey: [Int]?
    var bobCorrected: [Int]?
    var cascade: CascadeOutcome?
    /// The hash check after Cascade: Alice's side (what she sent) and Bob's (what he received, his tag).
    var aliceVerification: VerificationCheck?
    var bobVerification: VerificationCheck?
    var toyLength: ToyKeyLength?
    var finiteKey: FiniteKeyVerdict?
    var aliceFinal: [Int]?
    var bobFinal: [Int]?
    var toeplitzOriginal: [Int]?
    var ciphertextCharacters = 0
    var alicePlaintext: String?
    var bobPlaintext: String?
    var bobCiphertext: PublicBody?

    /// A new game; throws when a setting is outside its limit.
    public init(config: GameConfig) throws(GameError) {
        try config.validate()
        self.config = config
        random = Streams(seed: config.seed)
    }

    /// Applies one role's move. Throws a one-line `GameError` (and changes
    /// nothing) for a move out of turn or out of bounds.
    public mutating func apply(_ action: GameAction, by role: Role) throws(GameError) -> [GameEvent] {
        if role == .eve && config.eve == .off { throw .roleAbsent(.eve) }
        if phase.isOver { throw .gameOver(phase) }
        var copy = self
        var events: [GameEvent] = []
        try copy.perform(action, by: role, events: &events)
        copy.log.append(RecordedAction(role: role, action: action))
        self = copy
        return events
    }

    /// Rebuilds a game from its settings and actions: the states before the
    /// first action and after each one (`actions.count + 1` games).
    public static func replay(config: GameConfig, actions: [RecordedAction]) throws(GameError) -> [BB84Game] {
        var game = try BB84Game(config: config)
        var states = [game]
        states.reserveCapacity(actions.count + 1)
        for entry in actions {
            _ = try game.apply(entry.action, by: entry.role)
            states.append(game)
        }
        return states
    }

    /// Roles that may act now (Eve may also tamper at any time until the end).
    public var waitingFor: [Role] { phase.actors }

    /// The hidden truth; nil until the game is over.
    public func reveal() -> Reveal? {
        guard phase.isOver else { return nil }
        return makeReveal()
    }
}

/// The game's named random streams: one per party and per physical process,
/// so Eve's presence does not change Alice's random choices.
struct Streams: Sendable {
    var aliceBits, aliceBases, bobBases, bobDetector, eveBases, eveSelection, eveDetector: RandomStream
    var sample, cascade, privacyAmplification, verification, channel: RandomStream
    init(seed: UInt64) {
        let source = RandomSource(seed: seed)
        aliceBits = source.stream("alice.bits"); aliceBases = source.stream("alice.bases")
        bobBases = source.stream("bob.bases"); bobDetector = source.stream("bob.detector")
        eveBases = source.stream("eve.bases"); eveSelection = source.stream("eve.selection")
        eveDetector = source.stream("eve.detector")
        sample = source.stream("sample"); cascade = source.stream("cascade")
        privacyAmplification = source.stream("pa")
        verification = source.stream("verify")
        channel = source.stream("channel")
    }
}
