// Channel noise: a depolarizing channel gives a QBER of d/2 without Eve.
import Foundation
import Testing
@testable import RolePlay

@Suite struct NoiseTests {
    @Test(arguments: [UInt64(1), 2, 3]) func depolarizationGivesHalfItsProbabilityAsQBER(seed: UInt64) throws {
        let d = 0.08
        let config = GameConfig(photons: 1000, eve: .off, seed: seed, depolarization: d)
        let game = try AutoPlayer.play(config, players: AutoPlayer.team(seed: seed))
        let reveal = try #require(game.reveal())
        let q = reveal.qber
        // Nielsen & Chuang §8.3.4: ρ → (1 − d)ρ + d·I/2, so P(error) = d/2 on a kept photon (5σ).
        #expect(withinFiveSigma(q.qber, mean: d / 2, n: q.sifted))
        #expect(abs(q.textbookExpected - d / 2) < 1e-12 && abs(q.bornExpected - d / 2) < 1e-12)
        let errors = reveal.photons.filter(\.error)
        #expect(!errors.isEmpty && errors.allSatisfy { $0.errorCause == .noise && $0.depolarized == true })
        // About d of all photons were depolarized (5σ), each giving an error half the time.
        let mixed = reveal.photons.filter { $0.depolarized == true }.count
        #expect(withinFiveSigma(Double(mixed) / 1000, mean: d, n: 1000))
        // 4% is below the threshold: Cascade and the hash check still give equal keys.
        #expect(game.phase == .finished && reveal.verification?.matched == true)
        #expect(reveal.keys.alice.final == reveal.keys.bob.final)
        #expect(RolePlayText.revealSummary(reveal).contains { $0.contains("(1-d)p/4 + d/2") })
        #expect(reveal.photons.contains { RolePlayText.revealRow($0).hasSuffix("ERR noise") })
    }

    @Test func noiseAndEveAddUp() throws {
        let d = 0.1
        let prob = BB84Game.errorProbability(bit: 0, basis: .rectilinear, eve: .measure(.diagonal, resend: .result),
                                             bobBasis: .rectilinear, depolarization: d)
        #expect(abs(prob - ((1 - d) * 0.5 + d / 2)) < 1e-12)
        let game = try AutoPlayer.play(GameConfig(photons: 1000, eve: .on, seed: 4, qberThreshold: 0.5, depolarization: d),
                                       players: AutoPlayer.team(seed: 4, eve: EveStrategy(attack: .interceptResend, fraction: 0.4)))
        let q = try #require(game.reveal()).qber
        let expected = (1 - d) * q.interceptedFraction / 4 + d / 2
        #expect(abs(q.textbookExpected - expected) < 1e-12)
        #expect(withinFiveSigma(q.qber, mean: expected, n: q.sifted))
    }

    @Test func aPerfectChannelIsTheDefaultAndOldConfigsDecode() throws {
        let old = #"{"photons":24,"eve":"off","authentication":true,"seed":1,"message":"HI","qberThreshold":0.11,"sampleFraction":0.3}"#
        let config = try JSONDecoder().decode(GameConfig.self, from: Data(old.utf8))
        #expect(config.depolarization == nil && config.noise == 0)
        let game = try AutoPlayer.play(config, players: AutoPlayer.team(seed: 1))
        #expect(game.reveal()?.photons.allSatisfy { $0.depolarized == nil && !$0.error } == true)
        #expect(throws: GameError.self) { try BB84Game(config: GameConfig(depolarization: 1.5)) }
    }
}
