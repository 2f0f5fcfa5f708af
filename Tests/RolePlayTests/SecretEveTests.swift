// A secret Eve who lets every photon pass leaves no trace in what Alice, Bob
// and the projector see: every view is byte-identical to a game without Eve.
import Foundation
import Testing
@testable import RolePlay

@Suite struct SecretEveTests {
    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Alice's and Bob's moves, by phase; the same for both games.
    static func move(for phase: Phase, role: Role) -> GameAction? {
        switch (role, phase) {
        case (.alice, .preparing): .send(preparations: [])
        case (.bob, .measuring): .measure(bases: [])
        case (.bob, .announcingBases): .announceBases
        case (.alice, .sifting): .sift
        case (.alice, .sampling): .disclose(.standard)
        case (.bob, .estimating): .reportErrors
        case (.alice, .correcting): .reconcile
        case (.alice, .amplifying): .amplify
        case (.alice, .encrypting): .encrypt(message: nil)
        case (.bob, .decrypting): .decrypt
        default: nil
        }
    }

    /// Plays both games move by move. `bobEarly`: in the secret game Bob
    /// measures before Eve lets the photons go (he sees `measuring` either way).
    /// Returns the number of compared snapshots.
    static func compare(seed: UInt64, photons: Int, bobEarly: Bool) throws -> Int {
        var off = try BB84Game(config: GameConfig(photons: photons, eve: .off, seed: seed))
        var secret = try BB84Game(config: GameConfig(photons: photons, eve: .secret, seed: seed))
        var compared = 0
        func check(_ step: String) throws {
            for role in [Role.alice, .bob] {
                #expect(try encoded(off.view(for: role)) == encoded(secret.view(for: role)), "\(role) after \(step)")
            }
            if !off.phase.isOver {
                #expect(try encoded(off.projectorView()) == encoded(secret.projectorView()), "projector after \(step)")
                #expect(RolePlayText.projector(off.projectorView()) == RolePlayText.projector(secret.projectorView()))
            }
            compared += 1
        }
        try check("start")
        var guardSteps = 0
        while !off.phase.isOver && guardSteps < 100 {
            guardSteps += 1
            let view = off.view(for: .alice)
            let role: Role = view.waitingFor.contains(.alice) ? .alice : .bob
            let action = try #require(move(for: off.phase, role: role))
            _ = try off.apply(action, by: role)
            _ = try secret.apply(action, by: role)
            if secret.phase == .inTransit {
                // Before Eve moves: Alice, Bob and the projector already see what they see without Eve.
                try check("\(action) (Eve holds the photons)")
                if bobEarly {
                    let measure = try #require(move(for: .measuring, role: .bob))
                    _ = try off.apply(measure, by: .bob)
                    _ = try secret.apply(measure, by: .bob)
                }
                _ = try secret.apply(.intercept(choices: [], strategy: nil), by: .eve)
            }
            try check("\(action)")
        }
        #expect(off.phase == secret.phase && off.phase.isOver)
        return compared
    }

    @Test(arguments: [UInt64(1), 2, 3]) func aSecretEveWhoLetsEverythingPassIsInvisible(seed: UInt64) throws {
        #expect(try Self.compare(seed: seed, photons: 300, bobEarly: false) > 10)
        #expect(try Self.compare(seed: seed, photons: 24, bobEarly: true) > 5)
    }

    /// The comparison can fail: when Eve measures, Bob's results change.
    @Test func eveMeasuringChangesBobsResults() throws {
        let config = { (eve: EveMode) in GameConfig(photons: 64, eve: eve, seed: 2) }
        var off = try BB84Game(config: config(.off)), secret = try BB84Game(config: config(.secret))
        _ = try off.apply(.send(preparations: []), by: .alice)
        _ = try secret.apply(.send(preparations: []), by: .alice)
        _ = try secret.apply(.intercept(choices: [], strategy: EveStrategy(attack: .interceptResend)), by: .eve)
        _ = try off.apply(.measure(bases: []), by: .bob)
        _ = try secret.apply(.measure(bases: []), by: .bob)
        #expect(try Self.encoded(off.view(for: .bob)) != Self.encoded(secret.view(for: .bob)))
        #expect(try Self.encoded(off.view(for: .alice)) == Self.encoded(secret.view(for: .alice)))
    }
}
