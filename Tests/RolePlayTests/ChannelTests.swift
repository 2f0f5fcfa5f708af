// Eve on the public channel, authentication, replay.
import Foundation
import Testing
@testable import RolePlay

/// Plays a game by hand up to the basis announcement, with Eve arming `rule` first.
func gameWithTamper(_ rule: Tamper, authentication: Bool, eve: EveMode = .on, seed: UInt64 = 9,
                    photons: Int = 200) throws -> BB84Game {
    let config = GameConfig(photons: photons, eve: eve, authentication: authentication, seed: seed, qberThreshold: 0.5)
    var game = try BB84Game(config: config)
    _ = try game.apply(.tamper(rule), by: .eve)
    var players = [AutoPlayer(role: .alice, seed: seed), AutoPlayer(role: .bob, seed: seed),
                   AutoPlayer(role: .eve, seed: seed, eveStrategy: nil)]
    while !game.phase.isOver {
        var moved = false
        for i in players.indices {
            if let a = players[i].nextAction(for: game.view(for: players[i].role)) {
                _ = try game.apply(a, by: players[i].role); moved = true
            }
        }
        if !moved { break }
    }
    return game
}

@Suite struct ChannelTests {
    /// Bob's bases as Eve forges them: every basis flipped.
    static let allDiagonal = Tamper.replaceNext(.bases(Array(repeating: .diagonal, count: 200)))

    @Test func withoutAuthenticationEvesReplacedBasesAreDeliveredAndFlaggedInTheReveal() throws {
        let game = try gameWithTamper(Self.allDiagonal, authentication: false)
        let reveal = try #require(game.reveal())
        let message = try #require(reveal.messages.first { $0.original.kind == .bases })
        #expect(message.delivery == .tampered && message.tampered)
        #expect(message.original != message.delivered)
        // Alice sifted against the forged bases: photons where Bob measured "+" are kept
        // whenever Alice used "×", so real basis mismatches enter the key as errors.
        #expect(reveal.photons.contains { $0.errorCause == .tamperedSifting })
        #expect(reveal.photons.filter(\.kept).allSatisfy { $0.aliceBasis == .diagonal })
        // The projector showed it as genuine during the game, and tampered in the reveal.
        let states = try BB84Game.replay(config: game.config, actions: game.log)
        let during = try #require(states.first { $0.phase == .sampling })
        #expect(during.projectorView().channel.allSatisfy { $0.delivery == .genuine })
        #expect(during.view(for: .bob).channel.first?.body == message.original)   // Bob sees what he sent
        #expect(during.view(for: .alice).channel.first?.body == message.delivered) // Alice what arrived
        #expect(during.view(for: .eve).channel.first?.original == message.original)
        let after = game.projectorView().channel.first { $0.index == message.index }
        #expect(after?.delivery == .tampered)
    }

    @Test func withAuthenticationTheForgeryIsRejectedAndTheGenuineMessageArrives() throws {
        let game = try gameWithTamper(Self.allDiagonal, authentication: true)
        let reveal = try #require(game.reveal())
        let bases = reveal.messages.filter { $0.original.kind == .bases }
        #expect(bases.count == 2)
        #expect(bases[0].delivery == .rejectedForgery)
        #expect(bases[1].delivery == .genuine && bases[1].delivered == bases[1].original)
        // Alice sifted against Bob's real bases: no mismatch, and no Eve on the photons: no errors.
        #expect(reveal.photons.filter(\.kept).allSatisfy { $0.aliceBasis == $0.bobBasis })
        #expect(reveal.qber.errors == 0)
        #expect(reveal.keys.alice.final == reveal.keys.bob.final)
        // Everyone saw the rejection during the game.
        let states = try BB84Game.replay(config: game.config, actions: game.log)
        let during = try #require(states.first { $0.phase == .sifting })
        #expect(during.view(for: .alice).channel.first?.delivery == .rejectedForgery)
        #expect(during.view(for: .bob).channel.first?.delivery == .rejectedForgery)
    }

    @Test func aFlippedParityWithoutAuthenticationIsTamperedAndCostsBobHisKey() throws {
        let game = try gameWithTamper(.flipNextParities, authentication: false, seed: 4)
        let reveal = try #require(game.reveal())
        let flipped = try #require(reveal.messages.first { $0.tampered })
        #expect(flipped.original.kind == .blockParities)
        #expect(flipped.delivery == .tampered && flipped.original != flipped.delivered)
        #expect(reveal.qber.errors == 0)            // the photons were fine …
        // … but Bob "corrected" good bits against the false parities: his
        // searches chase each other until the cap, or leave errors behind.
        let cascade = try #require(game.cascade)
        #expect(cascade.capped || (reveal.keys.residualErrors ?? 0) > 0)
    }

    @Test func aMalformedForgeryIsRejectedEvenWithoutAuthentication() throws {
        let game = try gameWithTamper(.replaceNext(.bases([.diagonal])), authentication: false)
        let reveal = try #require(game.reveal())
        let bases = reveal.messages.filter { $0.original.kind == .bases }
        #expect(bases.map(\.delivery) == [.rejectedMalformed, .genuine])
    }

    @Test func eveCanForgeTheCiphertextWithoutAuthentication() throws {
        let game = try gameWithTamper(.forgeCiphertext(plaintext: "RUN"), authentication: false, seed: 2, photons: 400)
        let reveal = try #require(game.reveal())
        let c = try #require(reveal.messages.first { $0.original.kind == .ciphertext })
        #expect(reveal.keys.charactersEncrypted > 0)
        #expect(c.delivery == .tampered)
        // Eve let every photon pass, so her key guess is coin flips: Bob reads
        // "RUN" only where her guessed key bits happen to be right.
        if case let .ciphertext(bits, chars) = c.delivered {
            #expect(chars == min(3, (reveal.keys.eve.final?.count ?? 0) / 7))
            #expect(OneTimePad.decrypt(bits, key: reveal.keys.eve.final ?? []) == String("RUN".prefix(chars)))
        }
    }

    @Test(arguments: [EveMode.off, .on, .secret]) func replayReproducesTheGame(eve: EveMode) throws {
        let game = try playedGame(photons: 300, eve: eve, strategy: EveStrategy(attack: .breidbart, fraction: 0.1),
                                  seed: 21, threshold: 0.5, authentication: false,
                                  tampers: [.flipNextParities])
        #expect(game.phase.isOver)
        let states = try BB84Game.replay(config: game.config, actions: game.log)
        #expect(states.count == game.log.count + 1)
        #expect(states.first?.phase == .preparing)
        #expect(try json(states.last!.reveal()) == json(game.reveal()))
        // The log is Codable: it survives a round trip through JSON, as the server stores it.
        let data = try JSONEncoder().encode(game.log)
        let log = try JSONDecoder().decode([RecordedAction].self, from: data)
        let again = try BB84Game.replay(config: game.config, actions: log).last!
        #expect(try json(again.reveal()) == json(game.reveal()))
        for role in Role.allCases where eve != .off || role != .eve {
            #expect(try json(again.view(for: role)) == json(game.view(for: role)))
        }
    }

    @Test func honestKeyLengthsAreLabelledAndTheFiniteKeyVerdictIsReal() throws {
        let game = try playedGame(photons: 24, eve: .off, seed: 1)
        let view = game.view(for: .alice)
        let toy = try #require(view.toyLength)
        #expect(toy.label == "toy length, not a security claim")
        #expect(toy.length == max(0, Int((Double(toy.keyBits) - toy.eavesdropperInformation - Double(toy.leakedBits)).rounded(.down))))
        let verdict = try #require(view.finiteKey)
        #expect(verdict.lengthHere == 0)                   // 24 photons never give a secure key
        let needed = try #require(verdict.photonsNeeded)
        #expect(needed > 1000)
        #expect(verdict.sentence.contains("≥ \(needed) photons at ε = 1e-10"))
        // At a QBER above the Shor–Preskill threshold no length helps.
        let v = BB84Game.finiteKeyVerdict(photons: 400, keyBits: 100, sampleBits: 50, sampleQber: 0.2)
        #expect(v.photonsNeeded == nil)
    }
}

@Suite struct RobustnessTests {
    /// Odd forgeries of every kind, including extreme numbers: the game never
    /// traps, ends, and flags each fired rule.
    static let forgeries: [Tamper] = [
        .replaceNext(.kept([-1, 5, Int.max])), .replaceNext(.kept([])), .replaceNext(.kept(Array(0..<40))),
        .replaceNext(.sample(positions: [0, 1], bits: [1])), .replaceNext(.sample(positions: [39], bits: [1])),
        .replaceNext(.sampleReport(errors: Int.max, checked: Int.max, abort: false)),
        .replaceNext(.sampleReport(errors: 0, checked: 1, abort: false)),
        .replaceNext(.blockParities(pass: 0, shuffleSeed: .max, blockSize: Int.max, parities: [1])),
        .replaceNext(.blockParities(pass: 0, shuffleSeed: 1, blockSize: 1, parities: [1])),
        .replaceNext(.parityQuestion([ParityRange(pass: 99, start: 0, end: Int.max)])),
        .replaceNext(.parityAnswer([1, 1, 1])),
        .replaceNext(.toeplitzSeed(bits: [1], outputLength: Int.max)),
        .replaceNext(.toeplitzSeed(bits: [], outputLength: 0)),
        .replaceNext(.ciphertext(bits: [1, 0, 1, 0, 1, 0, 1], characters: 1)),
        .replaceNext(.ciphertext(bits: [], characters: Int.max)),
        .flipNextParities, .forgeCiphertext(plaintext: "HELLO BOB"),
    ]

    @Test(arguments: 0..<forgeries.count) func oddForgeriesNeverTrap(which: Int) throws {
        for photons in [1, 2, 7, 40] {
            for authentication in [false, true] {
                let game = try playedGame(photons: photons, eve: .on, strategy: EveStrategy(attack: .breidbart, fraction: 0.2),
                                          seed: UInt64(which + photons), threshold: 0.5, authentication: authentication,
                                          tampers: [Self.forgeries[which]])
                #expect(game.phase.isOver)
                let reveal = try #require(game.reveal())
                if authentication { #expect(!reveal.messages.contains { $0.delivery == .tampered }) }
            }
        }
    }

    @Test func forgedMessagesAreBoundedAtTheDoor() throws {
        var game = try BB84Game(config: GameConfig(photons: 8, eve: .on, seed: 1))
        #expect(throws: GameError.self) { try game.apply(.tamper(.replaceNext(.kept(Array(0..<10_000)))), by: .eve) }
        #expect(throws: GameError.self) { try game.apply(.tamper(.replaceNext(.parityAnswer([2]))), by: .eve) }
        #expect(throws: GameError.messageNotASCII) { try game.apply(.tamper(.forgeCiphertext(plaintext: "\u{1B}[2J")), by: .eve) }
        #expect(throws: GameError.self) { try game.apply(.tamper(.flipNextParities), by: .alice) }
        #expect(game.log.isEmpty)
    }
}
