// Scripted players: for tests, for `--auto` roles, and to fill an empty seat.
// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

/// Plays one role from its view alone (so it never knows more than a human
/// in that seat), with random choices from its own seed.
public struct AutoPlayer: Sendable {
    public let role: Role
    /// Eve's attack on the photons (nil: she lets every photon pass).
    public var eveStrategy: EveStrategy?
    /// Eve's tampering rules, armed at her first chance.
    public var tampers: [Tamper]
    /// Alice's sample (default: the configured fraction).
    public var sample: SampleChoice
    var stream: RandomStream
    var armed = false

    public init(role: Role, seed: UInt64, eveStrategy: EveStrategy? = EveStrategy(attack: .interceptResend),
                tampers: [Tamper] = [], sample: SampleChoice = .standard) {
        self.role = role
        self.eveStrategy = eveStrategy
        self.tampers = tampers
        self.sample = sample
        stream = RandomStream(seed: seed, name: "auto.\(role.rawValue)")
    }

    /// The next move for this view, or nil when it is not this role's turn
    /// (in `.correcting` Alice starts Cascade; Bob waits).
    public mutating func nextAction(for view: RoleView) -> GameAction? {
        if role == .eve && !armed && !tampers.isEmpty && !view.phase.isOver {
            let rule = tampers.removeFirst()
            if tampers.isEmpty { armed = true }
            return .tamper(rule)
        }
        guard view.waitingFor.contains(role) else { return nil }
        let n = view.photonCount
        switch (role, view.phase) {
        case (.alice, .preparing):
            return .send(preparations: (0..<n).map { _ in
                Preparation(bit: stream.nextInt(below: 2), basis: randomBasis())
            })
        case (.eve, .inTransit):
            return .intercept(choices: [], strategy: eveStrategy)
        case (.bob, .measuring):
            return .measure(bases: (0..<n).map { _ in randomBasis() })
        case (.bob, .announcingBases): return .announceBases
        case (.alice, .sifting): return .sift
        case (.alice, .sampling): return .disclose(sample)
        case (.bob, .estimating): return .reportErrors
        case (.alice, .correcting): return .reconcile
        case (.alice, .amplifying): return .amplify
        case (.alice, .encrypting): return .encrypt(message: nil)
        case (.bob, .decrypting): return .decrypt
        default: return nil
        }
    }

    mutating func randomBasis() -> Basis { stream.nextInt(below: 2) == 0 ? .rectilinear : .diagonal }

    /// Plays a whole game with scripted players (one per role that plays;
    /// Eve's is ignored when Eve is off). Stops at the end or when nobody moves.
    public static func play(_ config: GameConfig, players: [AutoPlayer]) throws(GameError) -> BB84Game {
        var game = try BB84Game(config: config)
        var players = players.filter { config.eve != .off || $0.role != .eve }
        var idle = 0
        while !game.phase.isOver && idle < 2 {
            var moved = false
            for i in players.indices {
                let view = game.view(for: players[i].role)
                if let action = players[i].nextAction(for: view) {
                    _ = try game.apply(action, by: players[i].role)
                    moved = true
                }
            }
            idle = moved ? 0 : idle + 1
        }
        return game
    }

    /// Alice, Bob and (when the config has her) Eve, seeded from `seed`.
    public static func team(seed: UInt64, eve: EveStrategy? = EveStrategy(attack: .interceptResend),
                            tampers: [Tamper] = []) -> [AutoPlayer] {
        [AutoPlayer(role: .alice, seed: seed), AutoPlayer(role: .bob, seed: seed),
         AutoPlayer(role: .eve, seed: seed, eveStrategy: eve, tampers: tampers)]
    }
}
