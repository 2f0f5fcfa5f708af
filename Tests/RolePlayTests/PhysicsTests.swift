// The game's physics against closed forms, with fixed seeds and 5σ binomial bounds.
import Foundation
import Testing
@testable import RolePlay

/// A finished (or aborted) game with scripted players.
func playedGame(photons: Int = 400, eve: EveMode, strategy: EveStrategy? = nil, seed: UInt64,
                threshold: Double = GameConfig.shorPreskillThreshold, authentication: Bool = true,
                tampers: [Tamper] = [], message: String = "MEET AT NOON") throws -> BB84Game {
    let config = GameConfig(photons: photons, eve: eve, authentication: authentication, seed: seed,
                            message: message, qberThreshold: threshold)
    return try AutoPlayer.play(config, players: AutoPlayer.team(seed: seed &* 31 &+ 7, eve: strategy, tampers: tampers))
}

/// |x − mean| ≤ 5σ for a binomial proportion over n trials.
func withinFiveSigma(_ x: Double, mean: Double, n: Int) -> Bool {
    let sigma = (mean * (1 - mean) / Double(n)).squareRoot()
    return abs(x - mean) <= 5 * sigma
}

@Suite struct PhysicsTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6, 7, 8]

    @Test(arguments: seeds) func noEveGivesExactlyZeroErrorsAndTheMessageArrives(seed: UInt64) throws {
        let game = try playedGame(eve: .off, seed: seed)
        #expect(game.phase == .finished)
        let reveal = try #require(game.reveal())
        #expect(reveal.qber.sifted > 150)
        #expect(reveal.qber.errors == 0)
        #expect(reveal.photons.filter(\.kept).allSatisfy { $0.aliceBasis == $0.bobBasis && $0.aliceBit == $0.bobResult })
        #expect(reveal.keys.residualErrors == 0)
        #expect(game.cascade?.capped == false)
        #expect(reveal.keys.alice.final == reveal.keys.bob.final)
        // One-time pad round trip: Bob reads every encrypted character.
        #expect(reveal.keys.charactersEncrypted > 0)
        let sent = String(String.UnicodeScalarView(
            "MEET AT NOON".unicodeScalars.prefix(reveal.keys.charactersEncrypted)))
        #expect(reveal.keys.bob.message == sent)
        #expect(reveal.keys.bobCharactersRight == reveal.keys.charactersEncrypted)
    }

    @Test(arguments: seeds) func interceptResendOnEveryPhotonGivesAQuarter(seed: UInt64) throws {
        let game = try playedGame(eve: .on, strategy: EveStrategy(attack: .interceptResend), seed: seed)
        let reveal = try #require(game.reveal())
        #expect(reveal.qber.interceptedFraction == 1)
        #expect(reveal.qber.textbookExpected == 0.25)
        #expect(withinFiveSigma(reveal.qber.qber, mean: 0.25, n: reveal.qber.sifted),
                "QBER \(reveal.qber.qber) over \(reveal.qber.sifted) sifted bits")
        // Given Eve's actual bases, each kept photon errs with probability 0
        // (her basis was Alice's) or 1/2: the count is within 5σ of that sum too.
        #expect(abs(reveal.qber.qber - reveal.qber.bornExpected) <= 5 * reveal.qber.bornSigma)
        #expect(reveal.photons.filter(\.kept).allSatisfy { abs($0.errorProbability) < 1e-12 || abs($0.errorProbability - 0.5) < 1e-12 })
        // Every error is Eve's; and at 25% the sample catches her.
        #expect(reveal.photons.filter(\.error).allSatisfy { $0.errorCause == .eve })
        #expect(game.phase == .aborted)
        #expect(game.abortReason == .qberAboveThreshold)
    }

    @Test(arguments: seeds) func breidbartGivesAQuarterAndBetterGuesses(seed: UInt64) throws {
        let game = try playedGame(eve: .on, strategy: EveStrategy(attack: .breidbart), seed: seed)
        let reveal = try #require(game.reveal())
        let kept = reveal.photons.filter(\.kept)
        // Bennett et al. 1992: QBER 2·cos²(π/8)·sin²(π/8) = 1/4.
        #expect(withinFiveSigma(reveal.qber.qber, mean: 0.25, n: kept.count))
        // Eve's outcome equals Alice's bit with probability cos²(π/8) ≈ 0.854 on every photon.
        let c2 = pow(cos(Double.pi / 8), 2)
        let right = kept.filter { $0.eveResult == $0.aliceBit }.count
        #expect(withinFiveSigma(Double(right) / Double(kept.count), mean: c2, n: kept.count))
        #expect(abs(reveal.qber.bornExpected - 2 * c2 * (1 - c2)) < 1e-12)
    }

    @Test(arguments: [0.2, 0.4, 0.6]) func aFractionPGivesPOverFour(p: Double) throws {
        // Pool several fixed seeds so σ is small enough for the check to bite.
        var sifted = 0, errors = 0, intercepted = 0
        for seed in Self.seeds {
            let game = try playedGame(eve: .on, strategy: EveStrategy(attack: .interceptResend, fraction: p), seed: seed)
            let reveal = try #require(game.reveal())
            sifted += reveal.qber.sifted; errors += reveal.qber.errors
            intercepted += reveal.photons.filter { $0.kept && $0.eveChoice != nil }.count
        }
        // Each kept photon: attacked with probability p, then wrong with 1/4.
        #expect(withinFiveSigma(Double(errors) / Double(sifted), mean: p / 4, n: sifted))
        #expect(withinFiveSigma(Double(intercepted) / Double(sifted), mean: p, n: sifted))
    }

    @Test func eveSureBitsAreRightAndHerGuessUsesTheParities() throws {
        // Threshold 0.5 so the game runs past the sample and Cascade speaks.
        let game = try playedGame(eve: .on, strategy: EveStrategy(attack: .interceptResend), seed: 11, threshold: 0.5)
        #expect(game.phase == .finished)
        let reveal = try #require(game.reveal())
        let keyPhotons = reveal.photons.filter { $0.kept && !$0.sampled }
        let eveRaw = try #require(reveal.keys.eve.raw)
        let eveCorrected = try #require(reveal.keys.eve.corrected)
        let alice = try #require(reveal.keys.alice.raw)
        #expect(keyPhotons.count == alice.count)
        var sure = 0
        for (i, photon) in keyPhotons.enumerated() {
            if case let .measure(basis, _)? = photon.eveChoice, basis.rawValue == photon.aliceBasis.rawValue {
                sure += 1
                #expect(eveRaw[i] == alice[i])
                #expect(eveCorrected[i] == alice[i])
            }
        }
        #expect(sure > 0)
        // Her corrected guess satisfies every parity Alice disclosed.
        for eq in try #require(game.cascade).equations {
            let parity = eq.positions.reduce(0) { $0 ^ eveCorrected[$1] }
            #expect(parity == eq.parity)
        }
    }

    @Test(arguments: seeds) func cascadeOverThePublicChannelCorrectsEveryError(seed: UInt64) throws {
        // Eve on 20% of the photons: about 5% errors, below the threshold.
        let game = try playedGame(photons: 1000, eve: .on, strategy: EveStrategy(attack: .interceptResend, fraction: 0.2),
                                  seed: seed, threshold: 0.5)
        #expect(game.phase == .finished)
        let reveal = try #require(game.reveal())
        let cascade = try #require(game.cascade)
        #expect(!cascade.capped)
        let keyErrors = zip(reveal.keys.alice.raw ?? [], reveal.keys.bob.raw ?? []).filter { $0 != $1 }.count
        #expect(keyErrors > 0)
        #expect(reveal.keys.residualErrors == 0, "\(keyErrors) errors, \(cascade.passes) passes")
        #expect(reveal.keys.alice.final == reveal.keys.bob.final)
        // Leak: every parity Alice sent and every one-bit reply of Bob's, counted from the log.
        var alice = 0, bob = 0
        for m in reveal.messages {
            switch m.original {
            case let .blockParities(_, _, _, p): alice += p.count; bob += p.count
            case let .parityAnswer(p): alice += p.count
            case let .parityQuestion(q): bob += q.count
            default: break
            }
        }
        #expect(cascade.aliceParities == alice && cascade.bobBits == bob)
        // The leak also counts the 64-bit verification tag Alice posted after Cascade.
        let tags = reveal.messages.filter { $0.original.kind == .verificationTag }.count
        #expect(tags == 1 && reveal.toyLength?.verificationBits == 64)
        #expect(reveal.toyLength?.leakedBits == alice + bob + 64)
    }

    @Test func bornErrorProbabilityOfChosenResendStates() {
        // Eve always resends H: Bob in "+" is wrong exactly when Alice sent a 1.
        let h = EveChoice.measure(.rectilinear, resend: .state(.horizontal))
        #expect(BB84Game.errorProbability(bit: 1, basis: .rectilinear, eve: h, bobBasis: .rectilinear) == 1)
        #expect(BB84Game.errorProbability(bit: 0, basis: .rectilinear, eve: h, bobBasis: .rectilinear) == 0)
        #expect(abs(BB84Game.errorProbability(bit: 0, basis: .diagonal, eve: h, bobBasis: .diagonal) - 0.5) < 1e-12)
        // No Eve, matching bases: never wrong; intercept-resend: 1/4 on average.
        #expect(BB84Game.errorProbability(bit: 0, basis: .diagonal, eve: .pass, bobBasis: .diagonal) < 1e-15)
        let plus = EveChoice.measure(.rectilinear, resend: .result)
        #expect(abs(BB84Game.errorProbability(bit: 1, basis: .diagonal, eve: plus, bobBasis: .diagonal) - 0.5) < 1e-12)
        #expect(BB84Game.errorProbability(bit: 1, basis: .rectilinear, eve: plus, bobBasis: .rectilinear) < 1e-15)
    }
}
