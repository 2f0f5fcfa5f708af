import Testing
import RolePlay

@Suite struct SmokeTests {
    @Test func gameWithoutEvePlaysToTheEnd() throws {
        let config = GameConfig(photons: 400, eve: .off, seed: 3)
        let game = try AutoPlayer.play(config, players: AutoPlayer.team(seed: 3))
        #expect(game.phase == .finished)
        let reveal = try #require(game.reveal())
        #expect(reveal.qber.errors == 0)
        #expect(reveal.keys.bob.message == reveal.keys.alice.message.map { String($0.prefix(reveal.keys.charactersEncrypted)) })
    }
}
