import ClassClient
import ClassProtocol
import ClassServer
import Foundation
import RolePlay
import Testing

/// Role play over the real WebSocket server on 127.0.0.1 (issue 15): three
/// scripted clients, the teacher's projector, every frame recorded. Nested in
/// `ServerTests` so it is serialized with it: both restart servers on a port
/// they just freed, which a parallel test could otherwise take.
extension ServerTests { @Suite struct RolePlayServerTests {
    /// A server with the BB84 engine, the projector's seat (teacher link), and the started game's id.
    func startGame(_ config: GameConfig) async throws -> (TestServer, GameSeat, Int64) {
        let server = try TestServer()
        server.gameFactory = HostedBB84.factory
        try await server.start()
        let link = ClassLink(.init(url: server.url, hello: Hello(role: .teacher, token: server.teacherToken)))
        let projector = GameSeat(link: link, role: GameProtocol.projector)
        link.start()
        #expect(link.wait(timeout: 5) { $0.isConnected })
        link.enqueue(.gameStart(GameStart(kind: "bb84", config: GameJSON.encode(config))))
        #expect(link.flush(timeout: 5) == 0)
        #expect(projector.wait(timeout: 5) { $0.announced != nil })
        let game = try #require(projector.announced?.game)
        _ = link.request(.gameJoin(GameJoin(game: game, role: GameProtocol.projector)))
        #expect(projector.wait(timeout: 5) { $0.latestProjector != nil })
        return (server, projector, game)
    }

    func student(_ server: TestServer, _ role: String, name: String? = nil, game: Int64? = nil, eveCode: String? = nil) async -> GameSeat {
        let link = ClassLink(.init(url: server.url, hello: Hello(role: .student, code: await server.code, name: name ?? role)))
        let seat = GameSeat(link: link, role: role, game: game, eveCode: eveCode)
        link.start()
        _ = seat.wait(timeout: 5) { $0.latestView != nil || !$0.receivedErrors.isEmpty }
        return seat
    }

    /// Runs scripted players on their own threads until the projector sees the end.
    func play(_ seats: [(GameSeat, RolePlay.Role)], projector: GameSeat, timeout: Double = 20, tampers: [Tamper] = []) -> GameProjector? {
        let stop = LockedValue(false)
        let group = DispatchGroup()
        for (i, (seat, role)) in seats.enumerated() {
            let player = AutoPlayer(role: role, seed: 100 + UInt64(i), tampers: role == .eve ? tampers : [])
            DispatchQueue.global().async(group: group) { AutoSeatPlayer.play(seat, player: player, stop: { stop.get() }) }
        }
        let over = projector.wait(timeout: timeout) { $0.latestProjector?.over == true }
        stop.set(true)
        group.wait()
        return over ? projector.latestProjector : nil
    }

    func reveal(_ p: GameProjector?) throws -> Reveal {
        let json = try #require(p?.reveal)
        return try #require(GameJSON.decode(Reveal.self, json))
    }

    func stopAll(_ server: TestServer, _ seats: [GameSeat]) async {
        for s in seats { s.link.stop() }
        await server.stop()
    }

    @Test func withoutEveTheQBERIsExactlyZero() async throws {
        let (server, projector, _) = try await startGame(GameConfig(photons: 64, eve: .off, seed: 7))
        let alice = await student(server, "alice"), bob = await student(server, "bob")
        let end = play([(alice, .alice), (bob, .bob)], projector: projector)
        let r = try reveal(end)
        #expect(r.qber.sifted > 0)
        #expect(r.qber.errors == 0)
        #expect(r.outcome == .finished)
        // Bob read Alice's message: the final keys agree.
        #expect(r.keys.bobCharactersRight == r.keys.charactersEncrypted)
        #expect(end?.revealLines?.contains { $0.hasPrefix("Sifted QBER: 0 errors") } == true)
        // The channel is in the public frame only, not repeated in the view's lines.
        let aliceLines = try #require(alice.latestView).lines, channel = try #require(alice.latestPublic).lines
        #expect(aliceLines.first?.hasPrefix("You are ALICE.") == true)
        #expect(!aliceLines.contains { $0.hasPrefix("Public channel") || $0.hasPrefix("  #") })
        #expect(channel.count >= 8 && channel.allSatisfy { $0.hasPrefix("#") })
        #expect(channel.first?.hasPrefix("#1 bob: my bases: ") == true)
        await stopAll(server, [alice, bob, projector])
    }

    /// A game started with depolarization d (what `class game --depolarization` sends):
    /// the stored config holds d, and without Eve every error is a depolarized photon,
    /// marked "ERR noise"; the sifted QBER is within 5 sigma (binomial) of d/2 (Nielsen & Chuang 2000, 8.3.4).
    @Test func aNoisyGameStoresItsDepolarizationAndTheRevealMarksNoiseErrors() async throws {
        let d = 0.2
        let (server, projector, game) = try await startGame(GameConfig(photons: 400, eve: .off, seed: 17, depolarization: d))
        let alice = await student(server, "alice"), bob = await student(server, "bob")
        let end = play([(alice, .alice), (bob, .bob)], projector: projector)
        let r = try reveal(end)
        #expect(r.config.depolarization == d)
        let stored = try #require(try SQLiteClassStore(path: server.dbPath).game(game))
        #expect(GameJSON.decode(GameConfig.self, stored.config)?.depolarization == d)
        let kept = r.photons.filter(\.kept), errors = kept.filter(\.error)
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.errorCause == .noise && $0.depolarized == true })
        #expect(r.photons.allSatisfy { $0.depolarized != nil })
        let n = Double(kept.count), sigma = (d / 2 * (1 - d / 2) / n).squareRoot()
        #expect(n > 150)
        #expect(abs(r.qber.qber - d / 2) <= 5 * sigma, "QBER \(r.qber.qber) over \(Int(n)) sifted photons")
        let lines = try #require(end?.revealLines)
        #expect(lines.filter { $0.hasSuffix(" ERR noise") }.count == errors.count)
        #expect(!lines.contains { $0.hasSuffix(" ERR eve") })
        #expect(lines.contains { $0.contains("expected (1-d)p/4 + d/2 with channel depolarization d = 20.0% = 10.0%") })
        await stopAll(server, [alice, bob, projector])
    }

    /// Eve (secret) intercept-resends every photon of a 400-photon game: the
    /// sifted QBER is within 5σ (binomial, σ = √(¼·¾/n)) of ¼ (Bennett et al. 1992).
    /// Every frame each client received is then checked for what it must not hold.
    @Test func eveOnEveryPhotonGivesAQuarterAndNoClientLearnsTooMuch() async throws {
        let (server, projector, _) = try await startGame(GameConfig(photons: 400, eve: .secret, seed: 2026))
        let alice = await student(server, "alice"), bob = await student(server, "bob"), eve = await student(server, "eve")
        let end = play([(alice, .alice), (bob, .bob), (eve, .eve)], projector: projector)
        let r = try reveal(end)
        let n = Double(r.qber.sifted)
        #expect(n > 150)
        let sigma = (0.25 * 0.75 / n).squareRoot()
        #expect(abs(r.qber.qber - 0.25) <= 5 * sigma, "QBER \(r.qber.qber) over \(Int(n)) sifted photons")
        #expect(r.qber.interceptedFraction == 1)

        // What each role was told, frame by frame.
        func views(_ s: GameSeat) -> [RoleView] {
            s.receivedFrames.compactMap { if case .gameView(let v) = $0.body { GameJSON.decode(RoleView.self, v.view) } else { nil } }
        }
        func texts(_ s: GameSeat) -> String {
            s.receivedFrames.map { $0.encoded() }.joined(separator: "\n")
        }
        for (seat, role) in [(alice, RolePlay.Role.alice), (bob, .bob), (eve, .eve)] {
            let vs = views(seat)
            #expect(vs.count >= 3)
            #expect(vs.allSatisfy { $0.role == role })
            let text = texts(seat)
            // No photon state, no reveal, no projector frame ever reaches a player.
            for secret in ["sentState", "receivedState", "eveResent", "revealLines", "aliceBasis", "game-projector"] {
                #expect(!text.contains(secret), "\(role) received '\(secret)'")
            }
            for v in vs {
                for p in v.photons {
                    if role != .alice { #expect(p.bit == nil && p.basis == nil, "\(role) saw Alice's bit or basis of photon \(p.index)") }
                    if role != .bob { #expect(p.bobBasis == nil && p.bobResult == nil, "\(role) saw Bob's measurement of photon \(p.index)") }
                    if role != .eve { #expect(p.eveChoice == nil && p.eveResult == nil, "\(role) saw Eve's measurement of photon \(p.index)") }
                    // Alice's bits reach the others only through the public sample, and only after it was posted.
                    if p.disclosedBit != nil {
                        #expect(p.sampled == true)
                        #expect(v.channel.contains { if case .sample = $0.body { true } else { false } })
                    }
                }
                // A secret Eve is never mentioned to Alice or Bob.
                if role != .eve { #expect(v.eveAnnounced == nil) }
            }
        }
        // A secret Eve's moves send Alice and Bob nothing: each view they get differs from the one before.
        for seat in [alice, bob] {
            let raw = seat.receivedFrames.compactMap { if case .gameView(let v) = $0.body { v.view } else { nil } }
            #expect(zip(raw, raw.dropFirst()).allSatisfy { $0 != $1 }, "\(seat.role) got a view that did not change")
        }
        // The room sees the projector: until the reveal it does not name a secret Eve (nor her players) either.
        var beforeEnd = 0
        for f in projector.receivedFrames {
            guard case .gameProjector(let p) = f.body, !p.over else { continue }
            beforeEnd += 1
            #expect(!Set(p.lines.joined(separator: " ").lowercased().split { !$0.isLetter }.map(String.init)).contains("eve"))
            #expect(p.seats?.map(\.role).contains("eve") == false)
            #expect(p.seats?.contains { $0.names.contains("eve") } == false)
        }
        #expect(beforeEnd >= 3)
        #expect(end?.seats?.map(\.role) == ["alice", "bob", "eve"])
        #expect(end?.seats?.last?.names == ["eve"])
        // Every game message stays within the documented bound.
        for seat in [alice, bob, eve, projector] {
            #expect(seat.receivedFrames.allSatisfy { $0.encoded().utf8.count <= GameProtocol.maxServerMessageBytes })
        }
        for seat in [alice, bob] {
            let words = Set(texts(seat).lowercased().split { !$0.isLetter }.map(String.init))
            let named = words.filter { $0.hasPrefix("eve") && $0 != "every" && $0 != "even" && $0 != "event" }
            #expect(named.isEmpty, "\(seat.role) was told about Eve: \(named.sorted())")
        }
        await stopAll(server, [alice, bob, eve, projector])
    }

    /// With authentication off, Eve replaces Bob's basis announcement; the
    /// projector's reveal marks it tampered, and the stored game replays to the same reveal.
    @Test func aTamperedMessageIsShownInTheRevealAndTheReplayMatches() async throws {
        let photons = 24
        let (server, projector, game) = try await startGame(GameConfig(photons: photons, eve: .on, authentication: false, seed: 11))
        let alice = await student(server, "alice"), bob = await student(server, "bob"), eve = await student(server, "eve")
        let forged = Array(repeating: Basis.rectilinear, count: photons)
        eve.act(GameJSON.encode(GameAction.tamper(.replaceNext(.bases(forged)))))
        #expect(eve.link.flush(timeout: 5) == 0)
        #expect(eve.receivedErrors.isEmpty)
        let end = play([(alice, .alice), (bob, .bob), (eve, .eve)], projector: projector)
        let r = try reveal(end)
        // Eve's view frames read her armed rule back until it fires, and hold no channel (it has its own frame).
        let eveLines = eve.receivedFrames.compactMap { if case .gameView(let v) = $0.body { v.lines } else { nil } }
        let armed = "Armed tampering: replace the next bases message with: my bases: " + String(repeating: "+", count: photons)
        #expect(eveLines.contains { $0.last == armed })
        #expect(eveLines.last?.contains { $0.hasPrefix("Armed") } == false)
        #expect(eveLines.allSatisfy { !$0.contains { $0.hasPrefix("Public channel") || $0.hasPrefix("  #") } })
        let tampered = r.messages.filter { $0.delivery == .tampered }
        #expect(tampered.count == 1)
        #expect(tampered.first?.delivered == .bases(forged))
        let revealLines = try #require(end?.revealLines)
        let marked = try #require(revealLines.firstIndex { $0.hasPrefix("Message #") && $0.contains("[TAMPERED]") })
        #expect(revealLines[marked + 2] == "  arrived: my bases: " + String(repeating: "+", count: photons))
        // Before the end the projector never showed the tampering.
        for f in projector.receivedFrames {
            if case .gameProjector(let p) = f.body, !p.over { #expect(!p.lines.joined().contains("TAMPERED")) }
        }
        // Alice saw the forged bases as if genuine.
        let aliceFrame = try #require(alice.latestView)
        let aliceChannel = try #require(GameJSON.decode(RoleView.self, aliceFrame.view)).channel
        #expect(aliceChannel.contains { $0.body == .bases(forged) && $0.delivery == .tampered } == false)
        #expect(aliceChannel.contains { $0.body == .bases(forged) })

        let store = try SQLiteClassStore(path: server.dbPath)
        let stored = try #require(try store.game(game))
        #expect(stored.endedAt != nil)
        #expect(stored.actions.map(\.seq) == Array(1...stored.actions.count))
        let steps = try GameReplay.steps(stored)
        #expect(steps.count == stored.actions.count + 1)
        let replayed = try #require(steps.last?.game.reveal())
        #expect(GameJSON.encode(replayed) == end?.reveal)
        #expect(GameLines.reveal(replayed) == end?.revealLines)
        // The replay list's line for this game, its outcome from the rebuilt reveal.
        let summary = GameReplay.summary(stored)
        #expect(summary.photons == photons && summary.eve == .on && summary.authentication == false)
        #expect(summary.moves == stored.actions.count && summary.outcome == r.outcome && summary.caught == r.qber.aborted)
        #expect(summary.qber == r.qber.qber && summary.problem == nil)
        #expect(summary.line.contains("| 24 photons | Eve on | authentication off | \(stored.actions.count) moves | \(r.outcome.rawValue), QBER "))
        #expect(summary.line.hasSuffix(r.qber.aborted ? "Eve caught: yes (they aborted)" : "Eve caught: no"))
        // A stored game this qkdtutor cannot read: one line, its stored text escaped.
        let hostile = StoredGame(id: 9, sessionID: 1, kind: "bb84\u{1B}[2J\u{7}", config: "{\"photons\":\"\u{1B}]0;x\"}", createdAt: Date(timeIntervalSince1970: 0))
        let bad = GameReplay.summary(hostile)
        #expect(bad.problem?.hasPrefix("cannot be replayed: game 9 is not a bb84 game") == true)
        #expect(bad.photons == nil && bad.outcome == nil)
        #expect(!bad.line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(bad.line.hasPrefix("game 9 | 1970-01-01T00:00:00Z | bb84[2J | 0 moves | cannot be replayed"))
        await stopAll(server, [alice, bob, eve, projector])
    }

    @Test func badMovesGetOneErrorAndTheSeatCarriesOn() async throws {
        let (server, projector, game) = try await startGame(GameConfig(photons: 8, eve: .off, seed: 3))
        let bob = await student(server, "bob")
        // Out of turn: Bob cannot measure before Alice sent.
        bob.act(GameJSON.encode(GameAction.measure(bases: [])))
        #expect(bob.wait(timeout: 5) { !$0.receivedErrors.isEmpty })
        #expect(bob.receivedErrors.first?.code == .refused)
        // Not a move at all.
        bob.link.enqueue(.gameAction(GameActionFrame(game: game, action: "{\"launch\":{}}")))
        #expect(bob.wait(timeout: 5) { $0.receivedErrors.count == 2 })
        #expect(bob.receivedErrors.last?.code == .badField)
        // A game that does not exist; a role the game does not have.
        bob.link.enqueue(.gameAction(GameActionFrame(game: game + 99, action: "{}")))
        #expect(bob.wait(timeout: 5) { $0.receivedErrors.count == 3 })
        #expect(bob.receivedErrors.last?.code == .wrongRole)
        let eve = await student(server, "eve")
        #expect(eve.wait(timeout: 5) { !$0.receivedErrors.isEmpty })
        #expect(eve.receivedErrors.first?.code == .wrongRole)
        #expect(eve.latestView == nil)
        // A student cannot start a game or watch the projector.
        bob.link.enqueue(.gameStart(GameStart(kind: "bb84", config: "{}")))
        bob.link.enqueue(.gameJoin(GameJoin(game: game, role: "projector")))
        #expect(bob.wait(timeout: 5) { $0.receivedErrors.count == 5 })
        #expect(bob.receivedErrors.suffix(2).map(\.code) == [.forbidden, .wrongRole])
        // A student keeps one role for the whole game.
        _ = bob.link.request(.gameJoin(GameJoin(game: game, role: "alice")))
        #expect(bob.wait(timeout: 5) { $0.receivedErrors.count == 6 })
        #expect(bob.receivedErrors.last?.code == .wrongRole)
        #expect(bob.receivedErrors.last?.message.contains("you play bob") == true)
        // Bob still plays: after Alice sends, his measurement is accepted.
        let alice = await student(server, "alice")
        alice.act(GameJSON.encode(GameAction.send(preparations: [])))
        func phase(_ s: GameSeat) -> Phase? { s.latestView.flatMap { GameJSON.decode(RoleView.self, $0.view) }?.phase }
        #expect(bob.wait(timeout: 5) { phase($0) == .measuring })
        bob.act(GameJSON.encode(GameAction.measure(bases: [])))
        #expect(bob.wait(timeout: 5) { phase($0) == .announcingBases })
        #expect(bob.receivedErrors.count == 6)
        await stopAll(server, [alice, bob, eve, projector])
    }

    /// A curious Alice probing with role eve learns nothing: a game without Eve
    /// and a secret-Eve game with an Eve code refuse her with the same line;
    /// the Eve team with the code gets Eve's view.
    @Test func probingForASecretEveTellsNothing() async throws {
        let (server, projector, offGame) = try await startGame(GameConfig(photons: 8, eve: .off, seed: 1))
        projector.link.enqueue(.gameStart(GameStart(kind: "bb84", config: GameJSON.encode(GameConfig(photons: 8, eve: .secret, seed: 2)), eveCode: "owl")))
        #expect(projector.link.flush(timeout: 5) == 0)
        let secretGame = offGame + 1
        var refusals: [String] = []
        for (game, code) in [(offGame, nil), (secretGame, nil), (secretGame, "cat")] as [(Int64, String?)] {
            let probe = await student(server, "eve", name: "probe-\(game)-\(code ?? "none")", game: game, eveCode: code)
            #expect(probe.latestView == nil)
            let e = try #require(probe.receivedErrors.first)
            #expect(e.code == .wrongRole)
            refusals.append(e.message.replacingOccurrences(of: "game \(game)", with: "game N"))
            probe.link.stop()
        }
        #expect(Set(refusals).count == 1, "\(refusals)")
        let eve = await student(server, "eve", name: "Eve team", game: secretGame, eveCode: "owl")
        #expect(eve.latestView.flatMap { GameJSON.decode(RoleView.self, $0.view) }?.role == .eve)
        let store = try SQLiteClassStore(path: server.dbPath)
        #expect(try store.game(secretGame)?.eveCodeHash == Secrets.hash("owl"))
        await stopAll(server, [eve, projector])
    }

    /// Two Bobs share the role; the server restarts mid-game; everyone
    /// reconnects, takes its role back, and the game goes on to the end.
    @Test func aTeamSharesARoleAndSeatsRejoinAfterARestart() async throws {
        let (server, projector, _) = try await startGame(GameConfig(photons: 32, eve: .off, seed: 5))
        let alice = await student(server, "alice"), bob1 = await student(server, "bob", name: "Bo"), bob2 = await student(server, "bob", name: "Bea")
        func phase(_ s: GameSeat) -> Phase? { s.latestView.flatMap { GameJSON.decode(RoleView.self, $0.view) }?.phase }
        alice.act(GameJSON.encode(GameAction.send(preparations: [])))
        #expect(bob2.wait(timeout: 5) { phase($0) == .measuring })
        // Bea measures for the team: Bo sees the same view.
        bob2.act(GameJSON.encode(GameAction.measure(bases: [])))
        #expect(bob1.wait(timeout: 5) { phase($0) == .announcingBases })
        #expect(bob1.latestView?.view == bob2.latestView?.view)
        #expect(bob1.latestView?.seq == bob2.latestView?.seq)
        // The projector lists who took each role; a player who leaves counts as not connected.
        #expect(projector.wait(timeout: 5) { $0.latestProjector?.seats == [GameSeatNames(role: "alice", names: ["alice"], connected: 1),
                                                                           GameSeatNames(role: "bob", names: ["Bo", "Bea"], connected: 2)] })
        let bob3 = await student(server, "bob", name: "Bix")
        #expect(projector.wait(timeout: 5) { $0.latestProjector?.seats?.last == GameSeatNames(role: "bob", names: ["Bo", "Bea", "Bix"], connected: 3) })
        bob3.link.stop()
        #expect(projector.wait(timeout: 5) { $0.latestProjector?.seats?.last == GameSeatNames(role: "bob", names: ["Bo", "Bea", "Bix"], connected: 2) })
        #expect(projector.latestProjector?.seats?.last?.line == "bob: Bo, Bea, Bix (2 of 3 connected)")
        let port = server.port
        await server.stop()
        try await server.start(port: port)
        for s in [alice, bob1, bob2, projector] { #expect(s.link.wait(timeout: 15) { $0.reconnects > 0 && $0.isConnected }) }
        let end = play([(alice, .alice), (bob1, .bob)], projector: projector)
        let r = try reveal(end)
        #expect(r.qber.errors == 0)
        #expect(r.photons.count == 32)
        await stopAll(server, [alice, bob1, bob2, projector])
    }
}}
