// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation

/// A move the game refuses, or a config it cannot build: one error frame
/// with this code and message; the client carries on.
public struct GameRefusal: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String
    public init(_ code: ErrorCode = .refused, _ message: String) { self.code = code; self.message = message }
}

/// What the hub needs from a game engine. The server holds the game (so the
/// photons' states never leave it) and sends each role only `view(role:)`.
/// `RolePlayHosting.swift` adapts the RolePlay engine; tests may supply others.
public protocol HostedGame: Sendable {
    var kind: String { get }
    var photons: Int { get }
    /// The engine config as JSON, as stored (the replay starts from it).
    var configJSON: String { get }
    /// Whether a student may take this role (eve only if the game has an Eve).
    func hasRole(_ role: String) -> Bool
    /// Applies one move of `role`; returns the action as JSON to store
    /// (canonical: what replay decodes). Throws `GameRefusal`.
    mutating func apply(action: String, role: String) throws -> String
    /// What that role may see now: JSON, text lines, and the public channel
    /// as this role sees it (a sender sees what it sent, the others what
    /// arrived; tampering stays hidden).
    func view(role: String) -> RenderedView
    /// The projector: public channel and progress, never a hidden value before the end.
    func projector() -> RenderedView
    var isOver: Bool { get }
    /// The hidden truth; nil until the game is over.
    func reveal() -> (json: String, lines: [String])?
    /// Whether the room may know that Eve plays (false for a secret Eve, and for no Eve).
    var eveAnnounced: Bool { get }
}

/// One role's view, rendered once for its two frames (view and public channel).
public struct RenderedView: Sendable {
    public var json: String
    public var lines: [String]
    public var channel: [String]
    public init(json: String, lines: [String], channel: [String]) { self.json = json; self.lines = lines; self.channel = channel }
}

extension HostedGame {
    public var eveAnnounced: Bool { false }
}

/// Builds a game from the teacher's `game-start` (kind and config JSON); throws `GameRefusal`.
public typealias GameFactory = @Sendable (_ kind: String, _ config: String) throws -> any HostedGame

struct LiveGame {
    var id: Int64
    var game: any HostedGame
    /// Actions applied (and stored) so far.
    var seq: Int
    /// SHA-256 of the Eve code, when the teacher set one.
    var eveCodeHash: String? = nil
    /// Per role (and "projector"): the last view sent and its version. A
    /// frame goes out only when a role's view changed, and its `seq` counts
    /// that role's versions, not all moves: a move that changes nothing a
    /// role may see (a secret Eve's) sends that role nothing at all.
    var shown: [String: (view: String, publicLines: [String], version: Int)] = [:]
    /// Who took each role (student id and name, in join order); in memory: after
    /// a restart it fills again as the students rejoin.
    var seated: [String: [(student: Int64, name: String)]] = [:]
}

extension ClassHub {
    public func setGameFactory(_ f: GameFactory?) { gameFactory = f }

    func refuse(_ id: Int, _ ref: String, _ r: GameRefusal) { fail(id, ref: ref, r.code, r.message) }

    func startGame(_ id: Int, _ ref: String, _ g: GameStart, now: Date) throws {
        guard let factory = gameFactory else { return fail(id, ref: ref, .refused, "this server has no game engine") }
        guard g.config.utf8.count <= GameProtocol.maxPayloadBytes else {
            return fail(id, ref: ref, .badField, "game config over \(GameProtocol.maxPayloadBytes) bytes")
        }
        let game: any HostedGame
        do { game = try factory(g.kind, g.config) } catch let r as GameRefusal { return refuse(id, ref, r) } catch {
            return fail(id, ref: ref, .badField, "cannot start a '\(ClassText.printable(g.kind, limit: 32))' game: \(ClassText.printable("\(error)", limit: 200))")
        }
        guard game.photons <= GameProtocol.maxPhotons else {
            return fail(id, ref: ref, .badField, "\(game.photons) photons; a game has at most \(GameProtocol.maxPhotons)")
        }
        let code = g.eveCode.map { ClassText.printable($0, limit: ClassProtocol.maxNameLength) }
        if let code, code.isEmpty { return fail(id, ref: ref, .badField, "an Eve code needs 1 to \(ClassProtocol.maxNameLength) printable characters") }
        let codeHash = code.map(Secrets.hash)
        let gid = try store.createGame(session: session.id, kind: game.kind, config: game.configJSON, eveCodeHash: codeHash, now: now)
        games[gid] = LiveGame(id: gid, game: game, seq: 0, eveCodeHash: codeHash)
        newestGame = gid
        send(id, .ack(Ack(ref: ref)))
        let opened = GameOpened(game: gid, kind: game.kind, photons: game.photons)
        for (cid, c) in connections where c.role != nil { send(cid, .gameOpened(opened)) }
        log?("game \(gid) (\(game.kind), \(game.photons) photons) started")
    }

    /// The game in memory, or a game of this session rebuilt from the store
    /// (a restarted server): the engine replays its actions.
    func liveGame(_ gid: Int64?) throws -> LiveGame? {
        let gid = try gid ?? newestGame ?? store.games(session: session.id).first?.id
        guard let gid else { return nil }
        if let g = games[gid] { return g }
        guard let factory = gameFactory, let stored = try store.game(gid), stored.sessionID == session.id else { return nil }
        var live = LiveGame(id: gid, game: try factory(stored.kind, stored.config), seq: 0, eveCodeHash: stored.eveCodeHash)
        // Replayed move by move, so each role's view version is what it was before the restart.
        let roles = Self.roles(of: live.game)
        for role in roles { push(&live, to: [], role: role, force: false) }
        for a in stored.actions {
            _ = try live.game.apply(action: a.action, role: a.role)
            live.seq += 1
            for role in roles { push(&live, to: [], role: role, force: false) }
        }
        games[gid] = live
        if newestGame == nil { newestGame = gid }
        return live
    }

    func joinGame(_ id: Int, _ ref: String, _ j: GameJoin, as role: Role) throws {
        let wanted = j.role.lowercased()
        switch role {
        case .teacher:
            guard wanted == GameProtocol.projector else { return fail(id, ref: ref, .forbidden, "the teacher's connection is the projector; students take alice, bob or eve") }
        case .student:
            guard GameProtocol.playerRoles.contains(wanted) else {
                return fail(id, ref: ref, .wrongRole, "role '\(ClassText.printable(j.role, limit: 20))': choose alice, bob or eve")
            }
        }
        guard let live = try liveGame(j.game) else {
            return fail(id, ref: ref, .unknownGame, j.game.map { "no game \($0) in this session" } ?? "no game has been started in this session yet")
        }
        if wanted == "eve" {
            // One answer for "no Eve plays" and "wrong Eve code": probing with role eve
            // must not tell Alice's team whether a secret Eve plays.
            let codeOK = live.eveCodeHash.map { h in j.eveCode.map { Secrets.hash(ClassText.printable($0, limit: ClassProtocol.maxNameLength)) == h } ?? false } ?? true
            guard live.game.hasRole("eve"), codeOK else {
                return fail(id, ref: ref, .wrongRole, "cannot take eve in game \(live.id): no Eve plays, or the Eve code is missing or wrong")
            }
        } else if wanted != GameProtocol.projector, !live.game.hasRole(wanted) {
            return fail(id, ref: ref, .wrongRole, "game \(live.id) has no \(wanted)")
        }
        // One role per student for the whole game: Bob cannot look at Eve's screen too.
        if let student = connections[id]?.student {
            let held = try store.seat(game: live.id, student: student.id, role: wanted)
            guard held == wanted else {
                return fail(id, ref: ref, .wrongRole, "you play \(held) in game \(live.id); a student keeps one role for the whole game")
            }
        }
        connections[id]?.game = (live.id, wanted)
        send(id, .gameOpened(GameOpened(game: live.id, kind: live.game.kind, photons: live.game.photons, role: wanted)))
        var l = live
        if let student = connections[id]?.student, !(l.seated[wanted] ?? []).contains(where: { $0.student == student.id }) {
            l.seated[wanted, default: []].append((student.id, student.name))
        }
        push(&l, to: [id], role: wanted, force: true)
        games[l.id] = l
        if wanted != GameProtocol.projector { pushSeats(l) }
        log?("connection \(id) plays \(wanted) in game \(live.id)")
    }

    func gameAction(_ id: Int, _ ref: String, _ a: GameActionFrame, now: Date) throws {
        guard let held = connections[id]?.game, held.id == a.game else {
            return fail(id, ref: ref, .wrongRole, "take a role in game \(a.game) first (game-join)")
        }
        guard held.role != GameProtocol.projector else { return fail(id, ref: ref, .wrongRole, "the projector only watches") }
        guard a.action.utf8.count <= GameProtocol.maxPayloadBytes else {
            return fail(id, ref: ref, .badField, "action over \(GameProtocol.maxPayloadBytes) bytes")
        }
        guard var live = try liveGame(a.game) else { return fail(id, ref: ref, .unknownGame, "no game \(a.game) in this session") }
        let student = connections[id]?.student?.id
        // A resend of a stored move: acknowledged again, not applied twice.
        if let student, try store.received(student: student, messageID: ref) {
            return send(id, .ack(Ack(ref: ref, duplicate: true)))
        }
        let canonical: String
        do { canonical = try live.game.apply(action: a.action, role: held.role) } catch let r as GameRefusal { return refuse(id, ref, r) } catch {
            return fail(id, ref: ref, .refused, ClassText.printable("\(error)", limit: 200))
        }
        // Committed before acknowledged, and before anyone sees its effect.
        _ = try store.appendGameAction(game: live.id, seq: live.seq + 1, role: held.role, action: canonical, student: student, messageID: ref, now: now)
        live.seq += 1
        if live.game.isOver { try store.endGame(live.id, now: now) }
        send(id, .ack(Ack(ref: ref)))
        var byRole: [String: [Int]] = [:]
        for (cid, c) in connections { if let g = c.game, g.id == live.id { byRole[g.role, default: []].append(cid) } }
        // Every role's version moves with its view, seated or not, exactly as a rebuild after a restart counts it.
        for role in Self.roles(of: live.game) { push(&live, to: byRole[role] ?? [], role: role, force: false) }
        games[live.id] = live
    }

    static func roles(of game: any HostedGame) -> [String] {
        GameProtocol.playerRoles.filter { game.hasRole($0) } + [GameProtocol.projector]
    }

    /// Sends these connections (all holding `role`) what that role may see,
    /// if it changed since the role's last version (or always, with `force`):
    /// a player its view and its public channel; the projector its view, and
    /// the reveal once the game is over.
    func push(_ live: inout LiveGame, to ids: [Int], role: String, force: Bool) {
        let g = live.game
        let isProjector = role == GameProtocol.projector
        let v = isProjector ? g.projector() : g.view(role: role)
        let pub = v.channel
        let last = live.shown[role]
        var version = last?.version ?? 0
        let changed = last == nil || last?.view != v.json || last?.publicLines != pub
        if changed {
            version += 1
            live.shown[role] = (v.json, pub, version)
        }
        guard changed || force else { return }
        let frame: ServerBody = isProjector ? .gameProjector(projectorFrame(live, view: v, version: version))
                                            : .gameView(GameView(game: live.id, role: role, seq: version, view: v.json, lines: v.lines))
        for cid in ids {
            send(cid, frame)
            send(cid, .gamePublic(GamePublic(game: live.id, seq: version, lines: pub)))
        }
    }

    /// The projector's frame: its view, the seats, and the reveal once the game is over.
    func projectorFrame(_ live: LiveGame, view v: RenderedView, version: Int) -> GameProjector {
        let r = live.game.isOver ? live.game.reveal() : nil
        return GameProjector(game: live.id, seq: version, view: v.json, lines: v.lines, over: live.game.isOver,
                             reveal: r?.json, revealLines: r?.lines, seats: seats(live))
    }

    /// Who holds each role, for the projector (the room's screen): a secret Eve's
    /// role is left out until the game is over, so her players stay unnamed.
    func seats(_ live: LiveGame) -> [GameSeatNames] {
        let roles = GameProtocol.playerRoles.filter { live.game.hasRole($0) && ($0 != "eve" || live.game.eveAnnounced || live.game.isOver) }
        return roles.map { role in
            let held = live.seated[role] ?? []
            let online = Set(connections.values.compactMap { c -> Int64? in
                guard let g = c.game, g.id == live.id, g.role == role else { return nil }
                return c.student?.id
            })
            return GameSeatNames(role: role, names: held.map(\.name), connected: held.filter { online.contains($0.student) }.count)
        }
    }

    /// The projector frame again (same version), for a change of seats only.
    func pushSeats(_ live: LiveGame) {
        let ids = connections.compactMap { cid, c in c.game.map { $0.id == live.id && $0.role == GameProtocol.projector } == true ? cid : nil }
        guard !ids.isEmpty, let version = live.shown[GameProtocol.projector]?.version else { return }
        let frame = ServerBody.gameProjector(projectorFrame(live, view: live.game.projector(), version: version))
        for cid in ids { send(cid, frame) }
    }
}
