import Foundation
import RolePlay
import Testing
@testable import Studio

/// The role-play screens (issue 15), drawn headless. An extension, so these
/// run inside the serialized suite: curses is process-global.
extension ViewRenderTests {
    /// Three role screens wired to one engine game through their submit callbacks.
    final class Table {
        var game: BB84Game
        var screens: [Role: RolePlayRoleScreen] = [:]
        var refused: [String] = []

        init(_ config: GameConfig, theme: Theme) throws {
            game = try BB84Game(config: config)
            for role in Role.allCases where config.eve != .off || role != .eve {
                screens[role] = RolePlayRoleScreen(view: game.view(for: role), theme: theme) { [unowned self] action in
                    do throws(GameError) { _ = try self.game.apply(action, by: role) } catch {
                        self.refused.append(error.description)
                        self.screens[role]?.show(error: error.description)
                    }
                    for (r, s) in self.screens { s.update(self.game.view(for: r)) }
                }
            }
        }

        func press(_ role: Role, _ keys: RolePlayKey...) { for k in keys { _ = screens[role]!.handle(k) } }
    }

    @Test func rolePlayScreensPlayAWholeGameWithKeys() throws {
        let theme = Theme(color: false, unicode: false)
        let table = try Table(GameConfig(photons: 40, eve: .on, authentication: false, seed: 3), theme: theme)
        // Alice sets photon 0 by hand (bit 1, diagonal), fills the rest at random, sends.
        table.press(.alice, .char("1"), .char("x"), .char("r"), .enter)
        let sent = try #require(table.game.log.first)
        guard case let .send(preparations) = sent.action else { Issue.record("first move is \(sent.action)"); return }
        #expect(preparations.first == Preparation(bit: 1, basis: .diagonal))
        #expect(preparations.allSatisfy { $0.bit != nil && $0.basis != nil })
        // Eve measures photon 0 in +, arms a parity flip, lets the rest pass.
        table.press(.eve, .char("+"), .char("t"), .enter)
        table.press(.bob, .char("r"), .enter)
        // The public discussion: Enter for whoever's turn it is, until the end.
        var guardSteps = 0
        while !table.game.phase.isOver && guardSteps < 20 {
            for role in table.game.waitingFor.prefix(1) { table.press(role, .enter) }
            guardSteps += 1
        }
        #expect(table.game.phase == .finished || table.game.phase == .aborted)
        #expect(table.refused.isEmpty)
        let reveal = try #require(table.game.reveal())
        #expect(reveal.photons[0].eveChoice == .measure(.rectilinear, resend: .result))
        #expect(reveal.photons.dropFirst().allSatisfy { $0.eveChoice == nil })
        if table.game.phase == .finished { #expect(reveal.messages.contains { $0.tampered }) }
        // Out of turn: a one-line notice, no move.
        let before = table.game.log.count
        table.press(.bob, .enter)
        #expect(table.game.log.count == before)
        #expect(table.screens[.bob]!.notice?.contains("not your turn") == true || table.game.phase.isOver)
    }

    @Test func eveChoosesAStrategyForTheOpenPhotonsWithKeys() throws {
        let table = try Table(GameConfig(photons: 200, eve: .on, seed: 4), theme: Theme(color: false, unicode: false))
        table.press(.alice, .enter)
        table.press(.eve, .char("p"), .char("3"), .char("B"), .enter)
        guard case let .intercept(choices, strategy)? = table.game.log.last?.action else {
            Issue.record("Eve's move is \(String(describing: table.game.log.last))"); return
        }
        #expect(choices.first == .pass)
        #expect(strategy == EveStrategy(attack: .breidbart, fraction: 0.3))
        table.press(.bob, .enter)
        _ = table.screens[.eve]!.handle(.enter)
        // About 30% of the other 199 photons measured in Breidbart's basis (5σ).
        let measured = table.game.view(for: .eve).photons.filter { $0.eveChoice == .measure(.breidbart, resend: .result) }.count
        let sigma = (199 * 0.3 * 0.7).squareRoot()
        #expect(abs(Double(measured) - 199 * 0.3) <= 5 * sigma)
        #expect(table.game.view(for: .eve).photons[0].eveChoice == .pass)
    }

    /// Eve types the text Bob should read: printable ASCII only, bounded,
    /// escaped on screen; an empty line arms the fixed default; Esc cancels.
    @Test func eveTypesHerForgedText() throws {
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80), theme: Theme(color: false, unicode: false)))
        defer { screen.close() }
        let table = try Table(GameConfig(photons: 40, eve: .on, authentication: false, seed: 3), theme: Theme(color: false, unicode: false))
        let eve = table.screens[.eve]!
        func pending() -> [Tamper] { table.game.view(for: .eve).pendingTampers ?? [] }
        table.press(.eve, .char("c"))
        #expect(eve.forgery == "")
        // "RUX", Backspace, "N"; a bell, a non-ASCII letter and q are typed or dropped, never leave.
        table.press(.eve, .char("R"), .char("U"), .char("X"), .backspace, .char("N"), .char("\u{07}"), .char("é"), .char("!"))
        #expect(eve.forgery == "RUN!")
        #expect(eve.handle(.char("q")) == true)
        table.press(.eve, .char("\u{7F}"))
        eve.draw(into: screen.terminal.canvas)
        screen.terminal.present()
        let page = text(screen.terminal.lines)
        #expect(page.contains("forged text for Bob> RUN!_"))
        #expect(page.contains("Esc cancel"))
        #expect(pending().isEmpty)
        table.press(.eve, .enter)
        #expect(eve.forgery == nil)
        #expect(pending() == [.forgeCiphertext(plaintext: "RUN!")])
        // Bounded: the 65th character is refused with the limit named.
        table.press(.eve, .char("c"))
        for _ in 0..<70 { table.press(.eve, .char("Z")) }
        #expect(eve.forgery?.count == GameConfig.messageLimit)
        #expect(eve.notice?.contains("\(GameConfig.messageLimit)") == true)
        table.press(.eve, .escape)
        #expect(eve.forgery == nil && pending().count == 1)
        // An empty line arms the fixed text.
        table.press(.eve, .char("c"), .enter)
        #expect(pending().last == .forgeCiphertext(plaintext: RolePlayRoleScreen.forgedText))
        #expect(table.refused.isEmpty)
    }

    @Test func roleScreensDrawOnlyPrintableTextAndASCIIWhenAsked() throws {
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80), theme: Theme(color: false, unicode: false)))
        defer { screen.close() }
        let game = try playRolePlay(GameConfig(photons: 60, eve: .secret, seed: 5, qberThreshold: 0.5))
        for role in [Role.alice, .bob, .eve] {
            var view = game.view(for: role)
            view.key.message = "\u{1B}]0;owned\u{07}\u{1B}[2J"    // as a wrong key might decrypt it
            let s = RolePlayRoleScreen(view: view, theme: Theme(color: false, unicode: false)) { _ in }
            s.draw(into: screen.terminal.canvas)
            screen.terminal.present()
            let rows = screen.terminal.lines
            let all = text(rows)
            #expect(all.contains(role.rawValue.uppercased()))
            #expect(all.contains("public channel"))
            #expect(all.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F || $0 == "\n" }, "\(role)")
            #expect(all.contains("?]0;owned??[2J"))
            // Honest lengths on screen: the toy length is labelled as a toy.
            if view.toyLength != nil { #expect(all.contains("toy length, not a security claim")) }
            // The hash check's verdict and the authentication cost fit on an 80-column screen.
            if let v = view.verification { #expect(all.contains(v.matched ? "Verification: MATCH" : "Verification: MISMATCH")) }
            if let a = view.authenticationCost { #expect(all.contains("= \(a.bits) pre-shared bits spent")) }
            // A secret Eve is not named on Alice's or Bob's screen.
            if role != .eve { #expect(!all.lowercased().contains("eve")) }
        }
    }

    /// While the game runs the projector names Eve only when she plays openly;
    /// a secret Eve's projector reads exactly like one without Eve. The reveal tells the truth.
    @Test func projectorNeverNamesASecretEveBeforeTheReveal() throws {
        let screen = try #require(HeadlessScreen(size: Size(rows: 30, cols: 100), theme: Theme(color: false, unicode: false)))
        defer { screen.close() }
        func page(_ v: ProjectorView) -> String {
            let projector = RolePlayProjectorScreen(view: v, theme: Theme(color: false, unicode: false))
            projector.draw(into: screen.terminal.canvas)
            screen.terminal.present()
            return text(screen.terminal.lines)
        }
        for mode in EveMode.allCases {
            let game = try playRolePlay(GameConfig(photons: 40, eve: mode, seed: 6, qberThreshold: 0.5))
            let states = try BB84Game.replay(config: game.config, actions: game.log)
            for state in states where !state.phase.isOver {
                let drawn = page(state.projectorView())
                let lines = RolePlayText.projector(state.projectorView()).joined(separator: "\n")
                #expect(drawn.contains("Eve") == (mode == .on), "\(mode) \(state.phase)")
                #expect(lines.contains("Eve") == (mode == .on), "\(mode) \(state.phase)")
            }
            let final = game.projectorView()
            let truth = mode == .off ? "no Eve played" : mode == .on ? "Eve played openly" : "Eve played in secret"
            #expect(page(final).contains(truth))
            #expect(RolePlayText.projector(final).joined(separator: "\n").contains(truth))
            var withoutReveal = final   // as the class server sends it: the reveal comes separately
            withoutReveal.reveal = nil
            #expect(page(withoutReveal).contains(truth))
        }
    }

    /// With a caption (the class's game and seats, the replay's move) the same
    /// step is drawn one row lower, under the caption, above the given hint.
    @Test func projectorDrawsUnderACaptionAboveAHint() throws {
        let size = Size(rows: 30, cols: 100)
        let screen = try #require(HeadlessScreen(size: size, theme: Theme(color: false, unicode: false)))
        defer { screen.close() }
        let game = try playRolePlay(GameConfig(photons: 24, eve: .on, seed: 8))
        let projector = RolePlayProjectorScreen(view: game.projectorView(), theme: Theme(color: false, unicode: false))
        func rows(caption: String?, hint: String?) -> [String] {
            projector.draw(into: screen.terminal.canvas, caption: caption, hint: hint)
            screen.terminal.present()
            return screen.terminal.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
        }
        func trimmed(_ l: String) -> String { String(l.prefix(size.cols).reversed().drop { $0 == " " }.reversed()) }
        let plain = rows(caption: nil, hint: nil)
        let full = projector.lines(width: size.cols, height: size.rows - 1)
        #expect(full[0].hasPrefix("BB84 role play | projector | "))
        #expect(full.count <= size.rows - 1)
        #expect(Array(plain[..<full.count]) == full.map(trimmed))
        #expect(plain[size.rows - 1] == projector.hint)
        let captioned = rows(caption: "Game 7 | alice: Ann | bob: Bo", hint: "my keys")
        let body = projector.lines(width: size.cols, height: size.rows - 2)
        #expect(captioned[0] == "Game 7 | alice: Ann | bob: Bo")
        #expect(body.count <= size.rows - 2)
        #expect(Array(captioned[1...body.count]) == body.map(trimmed))
        #expect(captioned[(body.count + 1)..<(size.rows - 1)].allSatisfy { $0.isEmpty })
        #expect(captioned[size.rows - 1] == "my keys")
    }

    @Test func projectorStepsThroughTheRevealPhotonByPhoton() throws {
        let screen = try #require(HeadlessScreen(size: Size(rows: 30, cols: 100), theme: Theme(color: false, unicode: false)))
        defer { screen.close() }
        let game = try playRolePlay(GameConfig(photons: 24, eve: .on, authentication: false, seed: 8),
                                    eve: EveStrategy(attack: .interceptResend), tampers: [.replaceNext(.bases(Array(repeating: .diagonal, count: 24)))])
        let projector = RolePlayProjectorScreen(view: game.projectorView(), theme: Theme(color: false, unicode: false))
        #expect(projector.steps == 24 + 2)
        func draw() -> String {
            projector.draw(into: screen.terminal.canvas)
            screen.terminal.present()
            return text(screen.terminal.lines)
        }
        #expect(draw().contains("[TAMPERED]"))              // step 0: the channel, tampering now shown
        _ = projector.handle(.char(" "))
        var page = draw()
        #expect(page.contains("photon 0 of 23"))
        #expect(page.contains(RolePlayText.revealHeader))
        let truth = try #require(game.reveal())
        #expect(page.contains(RolePlayText.revealRow(truth.photons[0])))
        #expect(!page.contains(RolePlayText.revealRow(truth.photons[1])))
        _ = projector.handle(.end)
        page = draw()
        #expect(page.contains("Sifted QBER"))
        #expect(page.contains("expected p/4"))
        #expect(page.contains("Message #1 from bob [TAMPERED]"))
        _ = projector.handle(.left)
        #expect(draw().contains("photon 23 of 23"))
        #expect(projector.handle(.char("q")) == false)
    }
}

/// A scripted game for the screen tests.
func playRolePlay(_ config: GameConfig, eve: EveStrategy? = EveStrategy(attack: .interceptResend, fraction: 0.3),
                  tampers: [Tamper] = []) throws -> BB84Game {
    try AutoPlayer.play(config, players: AutoPlayer.team(seed: config.seed, eve: eve, tampers: tampers))
}
