// The hash check after Cascade: honest games pass it, a tampered Cascade that
// leaves errors is caught by it.
import Foundation
import QKD
import QuantumSim
import Testing
@testable import RolePlay

@Suite struct VerificationTests {
    @Test(arguments: [UInt64(1), 2, 3]) func honestGamesPassVerification(seed: UInt64) throws {
        for eve in [EveMode.off, .on] {
            let game = try playedGame(eve: eve, strategy: EveStrategy(attack: .interceptResend, fraction: 0.1), seed: seed,
                                      threshold: 0.5)
            let reveal = try #require(game.reveal())
            let check = try #require(reveal.verification)
            #expect(reveal.keys.residualErrors == 0)
            #expect(check.matched && check.bobTag == check.aliceTag)
            #expect(game.phase == .finished)
            // The tag is the QKD pipeline's polynomial hash of Alice's key at the posted point.
            let alice = BitVector(bits: (reveal.keys.alice.corrected ?? []).map { $0 == 1 })
            #expect(try Verification.tag(alice, point: check.point) == check.aliceTag)
            #expect(check.collisionBound == Double(Verification.limbCount(alice.count) + 1) / Double(Verification.prime))
        }
    }

    /// Flipped parities (authentication off) make Bob "correct" the wrong bits.
    /// Whenever that leaves errors, verification must catch it; the key never
    /// reaches privacy amplification.
    @Test func aTamperedCascadeThatLeavesErrorsIsCaught() throws {
        var caught = 0
        for seed in UInt64(1)...12 {
            let game = try playedGame(photons: 200, eve: .on, strategy: EveStrategy(attack: .interceptResend, fraction: 0.1),
                                      seed: seed, threshold: 0.5, authentication: false,
                                      tampers: [.flipNextParities, .flipNextParities, .flipNextParities])
            let reveal = try #require(game.reveal())
            let residual = try #require(reveal.keys.residualErrors)
            let check = try #require(reveal.verification)
            if residual > 0 {
                caught += 1
                #expect(!check.matched)
                #expect(game.phase == .aborted && game.abortReason == .verificationFailed)
                #expect(!reveal.qber.aborted)   // the sample did not stop them; the tag did
                #expect(reveal.keys.alice.final == nil && reveal.keys.bob.final == nil)
                #expect(game.view(for: .alice).abortReason == .verificationFailed)
                #expect(game.view(for: .bob).verification?.matched == false)
                #expect(RolePlayText.revealSummary(reveal).contains { $0.contains("verification tags differ") })
            } else {
                #expect(check.matched && game.phase == .finished)
            }
        }
        #expect(caught > 0, "no seed left errors: the test would not exercise verification")
    }

    /// The tag message can be tampered with like any other (authentication off):
    /// a forged tag makes Bob abort; with authentication on it is rejected.
    @Test func aForgedTagMakesBobAbortUnlessAuthenticated() throws {
        let forged = Tamper.replaceNext(.verificationTag(point: 12345, tag: 678))
        let off = try playedGame(photons: 200, eve: .on, seed: 4, threshold: 0.5, authentication: false, tampers: [forged])
        #expect(off.abortReason == .verificationFailed)
        let on = try playedGame(photons: 200, eve: .on, seed: 4, threshold: 0.5, authentication: true, tampers: [forged])
        #expect(on.phase == .finished)
        #expect(on.reveal()?.messages.contains { $0.delivery == .rejectedForgery && $0.original.kind == .verificationTag } == true)
    }

    @Test func verificationIsReplayedExactly() throws {
        let game = try playedGame(photons: 120, eve: .secret, strategy: EveStrategy(attack: .interceptResend, fraction: 0.1),
                                  seed: 5, threshold: 0.5)
        let again = try #require(BB84Game.replay(config: game.config, actions: game.log).last)
        #expect(again.reveal() == game.reveal())
        #expect(again.reveal()?.verification != nil)
    }
}

@Suite struct AuthenticationCostTests {
    @Test func everyMessageAliceAndBobSentCostsOneTag() throws {
        let game = try playedGame(photons: 200, eve: .on, seed: 3, threshold: 0.5, authentication: true,
                                  tampers: [.replaceNext(.bases(Array(repeating: .diagonal, count: 200)))])
        let reveal = try #require(game.reveal())
        let cost = try #require(reveal.authenticationCost)
        // The rejected forgery's retry is a second tagged message.
        #expect(reveal.messages.contains { $0.delivery == .rejectedForgery })
        #expect(cost.messages == reveal.messages.count && cost.tagBits == 64 && cost.bits == 64 * reveal.messages.count)
        #expect(cost.netToyLength == (reveal.toyLength?.length ?? 0) - cost.bits)
        #expect(game.view(for: .alice).authenticationCost == cost && game.projectorView().authenticationCost == cost)
        #expect(RolePlayText.revealSummary(reveal).contains { $0.contains("= \(cost.bits) pre-shared bits spent") })
        let off = try playedGame(photons: 200, eve: .on, seed: 3, threshold: 0.5, authentication: false)
        #expect(off.reveal()?.authenticationCost == nil && off.view(for: .bob).authenticationCost == nil)
    }
}
