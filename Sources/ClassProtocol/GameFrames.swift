// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Frames of the role-play game (issue 15): Alice, Bob and Eve at three
/// terminals, the server holding the photons. The engine's values (config,
/// action, a role's view, the projector's view, the reveal) travel as JSON
/// text in a string field: the engine owns their schema, and this protocol
/// does not change when the engine adds a field. docs/class-protocol.md, "Role play".
public enum GameProtocol {
    /// Most photons a game may have; the server refuses larger configs.
    public static let maxPhotons = 1000
    /// A game payload (config or action) from a client, in UTF-8 bytes. Eve's
    /// explicit choices for 1000 photons are about 54 KB (68 KB once framed):
    /// GamePayloadLimitTests checks the largest moves against both limits.
    public static let maxPayloadBytes = 64 * 1024
    /// A server → client game message may span several WebSocket frames; this
    /// bounds what a client accepts (a 1000-photon reveal is about 200 KB).
    public static let maxServerMessageBytes = 2 << 20
    /// Roles a student may take; the projector is the teacher's.
    public static let playerRoles = ["alice", "bob", "eve"]
    public static let projector = "projector"
}

// MARK: client → server

/// Teacher: start a game on the session. `config` is the engine's `GameConfig` as JSON.
public struct GameStart: Codable, Sendable, Equatable {
    public var kind: String
    public var config: String
    /// Optional: students must give this code to take Eve's role (a secret
    /// Eve's team gets it privately). The server keeps only its SHA-256.
    public var eveCode: String?
    public init(kind: String, config: String, eveCode: String? = nil) { self.kind = kind; self.config = config; self.eveCode = eveCode }
}

/// Take a role in a game (nil: the newest game). Students: alice, bob or eve;
/// the teacher: projector. Several connections may share a role.
public struct GameJoin: Codable, Sendable, Equatable {
    public var game: Int64?
    public var role: String
    /// For role eve in a game started with an Eve code.
    public var eveCode: String?
    public init(game: Int64? = nil, role: String, eveCode: String? = nil) { self.game = game; self.role = role; self.eveCode = eveCode }
}

/// One move of the connection's role: the engine's `GameAction` as JSON.
public struct GameActionFrame: Codable, Sendable, Equatable {
    public var game: Int64
    public var action: String
    public init(game: Int64, action: String) { self.game = game; self.action = action }
}

// MARK: server → client

/// A game was started (to everyone joined), or the answer to `game-join`
/// naming the game and role the connection now has.
public struct GameOpened: Codable, Sendable, Equatable {
    public var game: Int64
    public var kind: String
    public var photons: Int
    /// Set in the reply to `game-join`: the role taken.
    public var role: String?
    public init(game: Int64, kind: String, photons: Int, role: String? = nil) {
        self.game = game; self.kind = kind; self.photons = photons; self.role = role
    }
}

/// What one role may see, after every accepted action: the engine's
/// `view(for: role)` as JSON, and its text rendering. Sent only to the
/// connections holding that role.
public struct GameView: Codable, Sendable, Equatable {
    public var game: Int64
    public var role: String
    /// This role's view version (from 1): it grows only when what the role
    /// may see changed, so it does not count moves the role cannot see.
    public var seq: Int
    public var view: String
    /// The engine's text rendering of `view`, one line each (may be empty).
    public var lines: [String]
    public init(game: Int64, role: String, seq: Int, view: String, lines: [String]) {
        self.game = game; self.role = role; self.seq = seq; self.view = view; self.lines = lines
    }
}

/// The public channel, as everyone (the three roles and the projector) sees
/// it: the messages as delivered, after any tampering in transit.
public struct GamePublic: Codable, Sendable, Equatable {
    public var game: Int64
    public var seq: Int
    public var lines: [String]
    public init(game: Int64, seq: Int, lines: [String]) { self.game = game; self.seq = seq; self.lines = lines }
}

/// The projector's view (teacher connections only): the public channel and
/// progress; after the end, `reveal` holds the hidden truth photon by photon.
public struct GameProjector: Codable, Sendable, Equatable {
    public var game: Int64
    public var seq: Int
    public var view: String
    public var lines: [String]
    public var over: Bool
    /// The engine's reveal as JSON, only once the game is over.
    public var reveal: String?
    public var revealLines: [String]?
    /// Who took each role. The projector is the room's screen: a secret Eve's
    /// role (and so her players' names) is left out until the game is over.
    public var seats: [GameSeatNames]?
    public init(game: Int64, seq: Int, view: String, lines: [String], over: Bool, reveal: String? = nil, revealLines: [String]? = nil,
                seats: [GameSeatNames]? = nil) {
        self.game = game; self.seq = seq; self.view = view; self.lines = lines; self.over = over
        self.reveal = reveal; self.revealLines = revealLines; self.seats = seats
    }
}

/// The students who took one role in a game, in the order they took it.
public struct GameSeatNames: Codable, Sendable, Equatable {
    public var role: String
    public var names: [String]
    /// How many of them are connected now.
    public var connected: Int
    public init(role: String, names: [String], connected: Int) { self.role = role; self.names = names; self.connected = connected }

    /// "alice: Ann, Ben" or "bob: (free)", "(1 of 2 connected)" when some are away; names printable only.
    public var line: String {
        let shown = names.prefix(8).map { ClassText.printable($0, limit: 24) }
        var s = "\(role): " + (shown.isEmpty ? "(free)" : shown.joined(separator: ", ") + (names.count > 8 ? ", +\(names.count - 8)" : ""))
        if !names.isEmpty, connected < names.count { s += " (\(connected) of \(names.count) connected)" }
        return s
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
