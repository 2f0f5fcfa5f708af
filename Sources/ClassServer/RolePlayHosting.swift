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

    public func view(role: String) -> (json: String, lines: [String]) {
        guard let r = Self.role(role) else { return ("{}", []) }
        let v = game.view(for: r)
        return (GameJSON.encode(v), RolePlayText.view(v))
    }

    public func publicLines(role: String) -> [String] {
        if let r = Self.role(role) { return RolePlayText.channel(game.view(for: r).channel) }
        return RolePlayText.channel(game.projectorView().channel)
    }

    public func projector() -> (json: String, lines: [String]) {
        var p = game.projectorView()
        p.reveal = nil   // the reveal has its own field, sent once the game is over
        return (GameJSON.encode(p), RolePlayText.projector(p))
    }

    public func reveal() -> (json: String, lines: [String])? {
        game.reveal().map { (GameJSON.encode($0), RolePlayText.reveal($0)) }
    }
}

/// Deterministic JSON for engine values (sorted keys), and lenient decoding.
public enum GameJSON {
    public static func encode<T: Encodable>(_ v: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return (try? e.encode(v)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public static func decode<T: Decodable>(_ t: T.Type, _ s: String) -> T? {
        try? JSONDecoder().decode(t, from: Data(s.utf8))
    }
}
