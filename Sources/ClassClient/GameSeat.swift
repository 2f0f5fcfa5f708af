// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation

/// One seat at a role-play game: a link that holds a role (alice, bob, eve,
/// or the teacher's projector), the latest frames the server sent it, and
/// the moves it sends. It knows nothing of the engine: views and actions are
/// the engine's JSON; the command layer decodes and renders them.
/// Thread-safe: the link's callbacks run on NIO's threads.
public final class GameSeat: @unchecked Sendable {
    public let link: ClassLink
    public let role: String
    let cond = NSCondition()
    public private(set) var game: GameOpened?
    public private(set) var view: GameView?
    public private(set) var publicChannel: GamePublic?
    public private(set) var projector: GameProjector?
    /// Every game frame received, in order (tests check what a role was told).
    public private(set) var frames: [ServerMessage] = []
    /// Refusals of this seat's messages, newest last.
    public private(set) var errors: [ErrorFrame] = []
    /// Called after each update (on NIO's threads; keep it quick).
    public var onUpdate: (@Sendable (GameSeat) -> Void)?
    public var onError: (@Sendable (ErrorFrame) -> Void)?
    /// Games announced by the server (a student waiting for the teacher's start).
    public private(set) var announced: GameOpened?

    /// Wires `link`'s callbacks (set before `link.start()`); `game` nil: the newest game.
    public init(link: ClassLink, role: String, game: Int64? = nil, eveCode: String? = nil) {
        self.link = link
        self.role = role
        link.rejoin = .gameJoin(GameJoin(game: game, role: role, eveCode: eveCode))
        link.onGameOpened = { [weak self] g in self?.update(ServerMessage(.gameOpened(g))) { s in
            if g.role != nil { s.game = g } else {
                s.announced = g
                // A new game while waiting for one: take the role in it.
                if s.game == nil {
                    let join = GameJoin(game: g.game, role: s.role, eveCode: eveCode)
                    s.link.rejoin = .gameJoin(join)
                    _ = s.link.request(.gameJoin(join))
                }
            }
        } }
        link.onGameView = { [weak self] v in self?.update(ServerMessage(.gameView(v))) { s in if v.seq >= (s.view?.seq ?? -1) { s.view = v } } }
        link.onGamePublic = { [weak self] p in self?.update(ServerMessage(.gamePublic(p))) { s in if p.seq >= (s.publicChannel?.seq ?? -1) { s.publicChannel = p } } }
        link.onGameProjector = { [weak self] p in self?.update(ServerMessage(.gameProjector(p))) { s in if p.seq >= (s.projector?.seq ?? -1) { s.projector = p } } }
        link.onError = { [weak self] e in
            guard let self else { return }
            cond.lock(); errors.append(e); cond.broadcast(); cond.unlock()
            onError?(e)
        }
    }

    func update(_ frame: ServerMessage, _ change: (GameSeat) -> Void) {
        cond.lock()
        frames.append(frame)
        change(self)
        cond.broadcast()
        cond.unlock()
        onUpdate?(self)
    }

    /// The game this seat plays, once the server confirmed the role.
    public var gameID: Int64? { cond.lock(); defer { cond.unlock() }; return game?.game }
    public var seq: Int { cond.lock(); defer { cond.unlock() }; return view?.seq ?? projector?.seq ?? 0 }
    public var latestView: GameView? { cond.lock(); defer { cond.unlock() }; return view }
    public var latestPublic: GamePublic? { cond.lock(); defer { cond.unlock() }; return publicChannel }
    public var latestProjector: GameProjector? { cond.lock(); defer { cond.unlock() }; return projector }
    public var receivedFrames: [ServerMessage] { cond.lock(); defer { cond.unlock() }; return frames }
    public var receivedErrors: [ErrorFrame] { cond.lock(); defer { cond.unlock() }; return errors }

    /// Sends one move (the engine's action JSON); queued until acknowledged.
    /// Nil when the seat holds no game yet.
    @discardableResult public func act(_ actionJSON: String) -> String? {
        guard let g = gameID else { return nil }
        return link.enqueue(.gameAction(GameActionFrame(game: g, action: actionJSON)))
    }

    /// Blocks until `predicate` holds (checked after every frame) or the time is up.
    public func wait(timeout: TimeInterval, until predicate: (GameSeat) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        cond.lock()
        defer { cond.unlock() }
        while true {
            cond.unlock()
            let ok = predicate(self)
            cond.lock()
            if ok { return true }
            if Date() >= deadline { return false }
            _ = cond.wait(until: min(deadline, Date().addingTimeInterval(0.1)))
        }
    }
}
