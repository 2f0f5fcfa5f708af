// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import RolePlay

/// The RolePlay engine's BB84 game as the hub hosts it: JSON in, JSON and
/// text lines out. The game (with the photons' states) stays in here.
public struct HostedBB84: HostedGame {
    public private(set) var game: BB84Game
    public let configJSON: String

    public init(config: GameConfig) throws(GameRefusal) {
        guard config.photons <= GameProtocol.maxPhotons else {
            throw GameRefusal(.badField, "\(config.photons) photons; a class game has at most \(GameProtocol.maxPhotons)")
        }
        do { game = try BB84Game(config: config) } catch { throw GameRefusal(.badField, "\(error.description) (\(error.hint))") }
        configJSON = GameJSON.encode(config)
    }

    /// `class serve`'s factory: the only kind is "bb84".
    public static let factory: GameFactory = { kind, config in
        guard kind == "bb84" else { throw GameRefusal(.badField, "unknown game '\(ClassText.printable(kind, limit: 32))'; the class plays bb84") }
        guard let c = GameJSON.decode(GameConfig.self, config) else { throw GameRefusal(.badField, "the game config is not a bb84 GameConfig") }
        return try HostedBB84(config: c)
    }

    public var kind: String { "bb84" }
    public var photons: Int { game.config.photons }
    public var isOver: Bool { game.phase.isOver }
    public var eveAnnounced: Bool { game.config.eve == .on }

    static func role(_ r: String) -> RolePlay.Role? { RolePlay.Role(rawValue: r) }

    public func hasRole(_ role: String) -> Bool {
        guard let r = Self.role(role) else { return false }
        return r != .eve || game.config.eve != .off
    }

    public mutating func apply(action: String, role: String) throws -> String {
        guard let r = Self.role(role) else { throw GameRefusal(.wrongRole, "no role '\(ClassText.printable(role, limit: 20))'") }
        guard let a = GameJSON.decode(GameAction.self, action) else { throw GameRefusal(.badField, "not a bb84 move") }
        do { _ = try game.apply(a, by: r) } catch { throw GameRefusal(.refused, "\(error.description) (\(error.hint))") }
        return GameJSON.encode(a)
    }

    public func view(role: String) -> RenderedView {
        guard let r = Self.role(role) else { return RenderedView(json: "{}", lines: [], channel: []) }
        let v = game.view(for: r)
        return RenderedView(json: GameJSON.encode(v), lines: GameLines.view(v), channel: GameLines.channel(v.channel))
    }

    public func projector() -> RenderedView {
        var p = game.projectorView()
        p.reveal = nil   // the reveal has its own field, sent once the game is over
        return RenderedView(json: GameJSON.encode(p), lines: GameLines.projector(p), channel: GameLines.channel(p.channel))
    }

    public func reveal() -> (json: String, lines: [String])? {
        game.reveal().map { (GameJSON.encode($0), GameLines.reveal($0)) }
    }
}

/// `class replay`: a stored game rebuilt by the engine, step by step.
public enum GameReplay {
    public struct Step: Sendable {
        /// 0: before the first move.
        public var seq: Int
        public var role: String?
        public var action: GameAction?
        public var at: Date?
        public var game: BB84Game
    }

    public static func steps(_ stored: StoredGame) throws(GameRefusal) -> [Step] {
        guard stored.kind == "bb84", let config = GameJSON.decode(GameConfig.self, stored.config) else {
            throw GameRefusal(.badField, "game \(stored.id) is not a bb84 game this qkdtutor can read")
        }
        var log: [RecordedAction] = []
        for a in stored.actions {
            guard let r = RolePlay.Role(rawValue: a.role), let act = GameJSON.decode(GameAction.self, a.action) else {
                throw GameRefusal(.badField, "game \(stored.id): move \(a.seq) cannot be read")
            }
            log.append(RecordedAction(role: r, action: act))
        }
        let games: [BB84Game]
        do { games = try BB84Game.replay(config: config, actions: log) } catch {
            throw GameRefusal(.refused, "game \(stored.id) does not replay: \(error.description)")
        }
        return games.enumerated().map { i, g in
            i == 0 ? Step(seq: 0, game: g)
                   : Step(seq: i, role: stored.actions[i - 1].role, action: log[i - 1].action, at: stored.actions[i - 1].at, game: g)
        }
    }
}

extension GameReplay {
    /// One stored game in `class replay`'s list: when, how big, Eve's mode, and
    /// (rebuilt by the engine from the stored moves) the outcome of its reveal.
    public struct Summary: Sendable, Equatable {
        public var id: Int64
        /// The stored kind, printable only (it came from a file).
        public var kind: String
        public var startedAt: Date
        public var moves: Int
        public var photons: Int?
        public var eve: EveMode?
        public var authentication: Bool?
        /// The reveal's outcome (`finished` or `aborted`); nil while the game is not over.
        public var outcome: Phase?
        public var qber: Double?
        /// Eve played and the sample made Alice and Bob abort; nil when no Eve played or the game is not over.
        public var caught: Bool?
        /// Why the game cannot be read or replayed, if it cannot.
        public var problem: String?

        /// One line, every field labelled; no stored string reaches it unescaped.
        public var line: String {
            var f = ["game \(id)", CSV.timestamp(startedAt), kind]
            if let photons { f.append("\(photons) photons") }
            if let eve { f.append("Eve \(eve.rawValue)") }
            if let authentication { f.append("authentication \(authentication ? "on" : "off")") }
            f.append("\(moves) move\(moves == 1 ? "" : "s")")
            if let problem {
                f.append(problem)
            } else if let outcome {
                f.append(outcome.rawValue + (qber.map { String(format: ", QBER %.1f%%", 100 * $0) } ?? ""))
                f.append(caught.map { $0 ? "Eve caught: yes (they aborted)" : "Eve caught: no" } ?? "no Eve")
            } else {
                f.append("not finished")
            }
            return f.joined(separator: " | ")
        }
    }

    /// The summary of a stored game (with its moves: `store.game(id)`).
    public static func summary(_ stored: StoredGame) -> Summary {
        var s = Summary(id: stored.id, kind: ClassText.printable(stored.kind, limit: 16), startedAt: stored.createdAt, moves: stored.actions.count)
        let config = GameJSON.decode(GameConfig.self, stored.config)
        s.photons = config?.photons
        s.eve = config?.eve
        s.authentication = config?.authentication
        do {
            let last = try steps(stored)[stored.actions.count].game
            if let r = last.reveal() {
                s.outcome = r.outcome
                s.qber = r.qber.sifted > 0 ? r.qber.qber : nil
                s.caught = r.config.eve == .off ? nil : r.qber.aborted
            }
        } catch {
            s.problem = "cannot be replayed: " + ClassText.printable(error.message, limit: 120)
        }
        return s
    }
}
