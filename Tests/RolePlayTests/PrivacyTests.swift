// Each role sees only what it may: checked on every state of scripted games,
// through the JSON the server would send.
import Foundation
import Testing
@testable import RolePlay

func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Every state of a game (before the first action and after each one).
func allStates(_ game: BB84Game) throws -> [BB84Game] {
    try BB84Game.replay(config: game.config, actions: game.log)
}

@Suite struct PrivacyTests {
    static let games: [(EveMode, Bool, UInt64)] = [(.off, true, 1), (.on, true, 2), (.secret, false, 3), (.on, false, 4)]

    @Test(arguments: 0..<4) func viewsHoldOnlyTheRolesOwnFields(which: Int) throws {
        let (eve, authentication, seed) = Self.games[which]
        let game = try playedGame(photons: 64, eve: eve, strategy: EveStrategy(attack: .interceptResend, fraction: 0.5),
                                  seed: seed, threshold: 0.5, authentication: authentication,
                                  tampers: [.flipNextParities])
        // Cascade on a short key at a high QBER may leave errors: verification then stops the game.
        #expect(game.phase == .finished || game.abortReason == .verificationFailed)
        for state in try allStates(game) {
            let alice = try json(state.view(for: .alice)), bob = try json(state.view(for: .bob))
            let projector = try json(state.projectorView())
            // Nobody's view can hold a state, and no view names a state field.
            for text in [alice, bob] + (eve == .off ? [] : [try json(state.view(for: .eve))]) {
                for key in ["sentState", "receivedState", "eveResent", "qubit", "amplitude", "\"aliceBit\""] {
                    #expect(!text.contains(key), "\(key) in a role view")
                }
            }
            // Bob: never Alice's bits or bases (only sample bits, as disclosedBit), never Eve's.
            for key in ["\"bit\"", "\"basis\"", "eveChoice", "eveResult", "pendingTampers", "\"original\""] {
                #expect(!bob.contains(key), "\(key) in Bob's view during \(state.phase)")
            }
            for key in ["bobResult", "bobBasis", "eveChoice", "eveResult", "pendingTampers", "\"original\""] {
                #expect(!alice.contains(key), "\(key) in Alice's view during \(state.phase)")
            }
            if eve != .off {
                let eveView = try json(state.view(for: .eve))
                for key in ["\"bit\"", "\"basis\"", "bobResult", "bobBasis"] {
                    #expect(!eveView.contains(key), "\(key) in Eve's view during \(state.phase)")
                }
            }
            if !state.phase.isOver {
                #expect(!projector.contains("\"reveal\""))
                #expect(!projector.contains("\"tampered\""))
                #expect(state.reveal() == nil)
            }
            // A secret Eve is never mentioned to Alice or Bob (nor, until the end, on the projector).
            if eve == .secret {
                #expect(!alice.lowercased().contains("eve"))
                #expect(!bob.lowercased().contains("eve"))
                if !state.phase.isOver { #expect(!projector.contains("\"secret\"")) }
            }
            // Disclosed bits appear only for sampled photons.
            for row in state.view(for: .bob).photons {
                #expect(row.bit == nil && row.basis == nil && row.eveChoice == nil && row.eveResult == nil)
                if row.disclosedBit != nil { #expect(row.sampled == true) }
            }
        }
    }

    @Test func bobsAndEvesViewsDoNotDependOnAlicesChoicesBeforeTheyMeasure() throws {
        let config = GameConfig(photons: 32, eve: .on, seed: 5)
        var a = try BB84Game(config: config), b = try BB84Game(config: config)
        _ = try a.apply(.send(preparations: Array(repeating: Preparation(bit: 0, basis: .rectilinear), count: 32)), by: .alice)
        _ = try b.apply(.send(preparations: Array(repeating: Preparation(bit: 1, basis: .diagonal), count: 32)), by: .alice)
        #expect(try json(a.view(for: .bob)) == json(b.view(for: .bob)))
        #expect(try json(a.view(for: .eve)) == json(b.view(for: .eve)))
        #expect(try json(a.projectorView()) == json(b.projectorView()))
        #expect(try json(a.view(for: .alice)) != json(b.view(for: .alice)))
        // Eve lets everything pass: Bob's view is still blind to Alice until he measures.
        _ = try a.apply(.intercept(choices: [], strategy: nil), by: .eve)
        _ = try b.apply(.intercept(choices: [], strategy: nil), by: .eve)
        #expect(try json(a.view(for: .bob)) == json(b.view(for: .bob)))
        #expect(try json(a.view(for: .eve)) == json(b.view(for: .eve)))
    }

    @Test func eveSeesOnlyHerOwnOutcomes() throws {
        let config = GameConfig(photons: 16, eve: .on, seed: 6)
        var game = try BB84Game(config: config)
        _ = try game.apply(.send(preparations: []), by: .alice)
        var choices: [EveChoice?] = Array(repeating: .pass, count: 16)
        choices[3] = .measure(.diagonal, resend: .result)
        _ = try game.apply(.intercept(choices: choices, strategy: nil), by: .eve)
        let rows = game.view(for: .eve).photons
        #expect(rows.count == 16)
        #expect(rows.filter { $0.eveResult != nil }.map(\.index) == [3])
        #expect(rows.allSatisfy { $0.bit == nil && $0.basis == nil && $0.bobResult == nil })
    }

    @Test func outOfTurnAndOutOfBoundsMovesAreRefusedWithOneLine() throws {
        var game = try BB84Game(config: GameConfig(photons: 8, eve: .secret, seed: 1))
        #expect(throws: GameError.self) { try game.apply(.measure(bases: []), by: .bob) }
        #expect(throws: GameError.invalidBit(2, photon: 0)) {
            try game.apply(.send(preparations: [Preparation(bit: 2)]), by: .alice)
        }
        #expect(throws: GameError.tooManyEntries(9, photons: 8)) {
            try game.apply(.send(preparations: Array(repeating: .random, count: 9)), by: .alice)
        }
        _ = try game.apply(.send(preparations: []), by: .alice)
        // Secret Eve holds the photons, but Alice is told what she would hear without Eve.
        do {
            _ = try game.apply(.sift, by: .alice)
            Issue.record("Alice sifted before Bob measured")
        } catch {
            #expect(error == .notYourTurn(.alice, phase: .measuring, waitingFor: [.bob]))
            #expect(!error.description.lowercased().contains("eve") && !error.description.contains("inTransit"))
        }
        // Bob may choose his bases now; his detectors fire when the photons arrive.
        _ = try game.apply(.measure(bases: []), by: .bob)
        #expect(game.view(for: .bob).photons.isEmpty && game.view(for: .bob).phase == .measuring)
        do {
            _ = try game.apply(.measure(bases: []), by: .bob)
            Issue.record("Bob measured twice")
        } catch {
            #expect(error == .notYourTurn(.bob, phase: .measuring, waitingFor: []))
            #expect(!error.description.lowercased().contains("eve"))
            #expect(!error.description.contains("\n"))
        }
        _ = try game.apply(.intercept(choices: [], strategy: nil), by: .eve)
        #expect(game.phase == .announcingBases && game.view(for: .bob).photons.count == 8)
        #expect(throws: GameError.photonsOutOfRange(5000, limit: 4096)) {
            try BB84Game(config: GameConfig(photons: 5000))
        }
        #expect(GameError.photonsOutOfRange(5000, limit: 4096).description.contains("4096"))
        let long = String(repeating: "x", count: 65)
        #expect(throws: GameError.messageTooLong(65, limit: 64)) { try BB84Game(config: GameConfig(message: long)) }
        #expect(throws: GameError.messageNotASCII) { try BB84Game(config: GameConfig(message: "hi\u{1B}[2J")) }
        var noEve = try BB84Game(config: GameConfig(photons: 8, eve: .off, seed: 1))
        #expect(throws: GameError.roleAbsent(.eve)) { try noEve.apply(.tamper(.flipNextParities), by: .eve) }
    }
}

@Suite struct TextTests {
    @Test func plainLinesAreASCIIAndCarryNoColourOnlyMeaning() throws {
        let game = try playedGame(photons: 80, eve: .on, strategy: EveStrategy(attack: .interceptResend), seed: 2,
                                  threshold: 0.5, authentication: false,
                                  tampers: [.replaceNext(.bases(Array(repeating: .rectilinear, count: 80)))])
        var lines: [String] = []
        for role in Role.allCases { lines += RolePlayText.view(game.view(for: role)) }
        lines += RolePlayText.projector(game.projectorView())
        for line in lines {
            #expect(line.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "\(line)")
        }
        let reveal = try #require(game.reveal())
        let text = lines.joined(separator: "\n")
        #expect(text.contains(RolePlayText.revealHeader))
        #expect(text.contains("[TAMPERED]"))
        #expect(text.contains("ERR sifting") || text.contains("ERR eve"))
        #expect(text.contains("toy length, not a security claim"))
        #expect(text.contains("eps = 1e-10") && !text.contains("ε"))
        #expect(reveal.photons.allSatisfy { RolePlayText.revealRow($0).count <= 76 })
        #expect(RolePlayText.revealHeader.count <= 76)
        // Bob's lines never show Alice's bits except those she disclosed.
        let bobLines = RolePlayText.view(game.view(for: .bob))
        #expect(!bobLines.contains { $0.contains("bit ") && !$0.contains("Alice's bit") && $0.hasPrefix("photon") })
        #expect(RolePlayText.safe("ok\u{1B}[31m\u{7F}é") == "ok?[31m??")
    }
}
