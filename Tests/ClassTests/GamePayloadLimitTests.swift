import Testing
import ClassProtocol
import RolePlay

/// Every move the engine accepts for the largest game must fit the payload
/// limit, or a player's move is refused mid-game (found: a 600-photon game
/// stalled when Alice's explicit choices passed 12 KB).
@Suite struct GamePayloadLimitTests {
    let n = GameProtocol.maxPhotons

    @Test func theLargestMovesOfTheLargestGameFit() {
        let alice = GameAction.send(preparations: Array(repeating: Preparation(bit: 1, basis: .diagonal), count: n))
        let eve = GameAction.intercept(choices: Array(repeating: EveChoice.measure(.breidbart, resend: .state(.breidbart0)), count: n),
                                       strategy: EveStrategy(attack: .interceptResend, fraction: 0.123456789))
        let bob = GameAction.measure(bases: Array(repeating: Basis.diagonal, count: n))
        for (who, move) in [("alice", alice), ("eve", eve), ("bob", bob)] {
            let bytes = GameJSON.encode(move).utf8.count
            #expect(bytes <= GameProtocol.maxPayloadBytes, "\(who): \(bytes) bytes for \(n) photons")
            // The client wraps the payload in a frame (JSON-escaped again); that must fit the WebSocket limit too.
            let frame = ClientMessage(id: "c-0000000001", body: .gameAction(GameActionFrame(game: 1, action: GameJSON.encode(move)))).encoded()
            #expect(frame.utf8.count <= ClassProtocol.maxFrameBytes, "\(who): a frame of \(frame.utf8.count) bytes")
        }
        #expect(GameProtocol.maxPayloadBytes < ClassProtocol.maxFrameBytes)
    }
}
