// RolePlayText: the channel block on demand, Eve's armed rules in her own view.
import Foundation
import Testing
@testable import RolePlay

@Suite struct TextPartsTests {
    /// A game (Eve passing every photon) as it stood at the sampling phase, so the channel holds messages.
    static func midGame() throws -> BB84Game {
        let config = GameConfig(photons: 16, eve: .on, authentication: false, seed: 5)
        let game = try AutoPlayer.play(config, players: AutoPlayer.team(seed: 5, eve: nil))
        return try #require(try BB84Game.replay(config: config, actions: game.log).first { $0.phase == .sampling })
    }

    /// `channel: false` drops exactly the "Public channel, N messages:" line and one line per message.
    @Test func withoutTheChannelOnlyTheChannelBlockIsLeftOut() throws {
        let game = try Self.midGame()
        #expect(game.phase == .sampling)
        for role in Role.allCases {
            let v = game.view(for: role)
            #expect(v.channel.count >= 2)
            let full = RolePlayText.view(v), bare = RolePlayText.view(v, channel: false)
            let start = try #require(full.firstIndex(of: "Public channel, \(v.channel.count) messages:"))
            #expect(Array(full[(start + 1)...(start + v.channel.count)]) == RolePlayText.channel(v.channel).map { "  " + $0 })
            #expect(bare == Array(full[..<start] + full[(start + 1 + v.channel.count)...]))
            #expect(!bare.contains { $0.hasPrefix("Public channel") || $0.hasPrefix("  #") })
        }
        let p = game.projectorView()
        let full = RolePlayText.projector(p), bare = RolePlayText.projector(p, channel: false)
        let start = try #require(full.firstIndex(of: "Public channel, \(p.channel.count) messages:"))
        #expect(bare == Array(full[..<start] + full[(start + 1 + p.channel.count)...]))
        #expect(bare.first == full.first)
    }

    /// Eve reads back each armed rule; nobody else's view mentions them.
    @Test func evesArmedRulesAreListedInHerViewOnly() throws {
        var game = try BB84Game(config: GameConfig(photons: 8, eve: .on, authentication: false, seed: 3))
        _ = try game.apply(.tamper(.replaceNext(.bases([.rectilinear, .diagonal]))), by: .eve)
        _ = try game.apply(.tamper(.flipNextParities), by: .eve)
        _ = try game.apply(.tamper(.forgeCiphertext(plaintext: "meet at 9")), by: .eve)
        let eve = RolePlayText.view(game.view(for: .eve), channel: false)
        #expect(eve.last == "Armed tampering: replace the next bases message with: my bases: +x; "
            + "flip Alice's next parities; forge the ciphertext to read \"meet at 9\"")
        for role in [Role.alice, .bob] {
            #expect(!RolePlayText.view(game.view(for: role)).contains { $0.contains("Armed") })
        }
        #expect(!RolePlayText.projector(game.projectorView()).contains { $0.contains("Armed") })
    }
}
