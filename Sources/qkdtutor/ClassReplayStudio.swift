import ClassProtocol
import ClassServer
import Commands
import Foundation
import RolePlay
import Studio

/// `class replay` on a terminal: the studio projector screen
/// (`RolePlayProjectorScreen`, rp-engine's) fed with the replayed states, one
/// per stored move. Space/→ steps forward through the moves and, at the last
/// one, on into the reveal photon by photon; ←/b steps back; q leaves. A
/// caption line above the screen names the move ("move 5 of 31: bob measure").
final class ReplayProjector {
    let game: Int64
    let views: [ProjectorView]
    let captions: [String]
    let screen: RolePlayProjectorScreen
    let theme: Theme
    /// The replayed state shown: 0 is before the first move.
    private(set) var index = 0

    init(game: Int64, steps: [GameReplay.Step], theme: Theme) {
        self.game = game
        self.theme = theme
        let over = steps.last?.game.phase.isOver ?? false
        views = steps.map { $0.game.projectorView() }   // the engine masks a running secret Eve
        let moves = steps.count - 1
        captions = steps.map { s in
            guard let role = s.role, let a = s.action else { return "move 0 of \(moves): the start" }
            return "move \(s.seq) of \(moves): " + ReplayProjector.moveName(role: role, action: a, in: s.game, gameOver: over)
                + (s.at.map { " (\(CSV.timestamp($0)))" } ?? "")
        }
        screen = RolePlayProjectorScreen(view: views[0], theme: theme)
    }

    /// "bob measure"; a secret Eve's move in a game not over yet is not named.
    static func moveName(role: String, action: GameAction, in game: BB84Game, gameOver: Bool) -> String {
        if role == "eve", game.config.eve == .secret, !gameOver { return "a move the room does not see" }
        return "\(ClassText.printable(role, limit: 12)) \(action.shortName)"
    }

    var atEnd: Bool { index == views.count - 1 && screen.step == screen.steps - 1 }

    private func show(_ i: Int) {
        index = max(0, min(views.count - 1, i))
        screen.update(views[index])
    }

    /// One key; false means leave.
    func handle(_ key: RolePlayKey) -> Bool {
        let last = views.count - 1
        switch key {
        case .escape, .char("q"), .char("Q"): return false
        case .right, .pageDown, .enter, .char(" "), .char("n"), .char("l"):
            if index < last { show(index + 1) } else { _ = screen.handle(key) }
        case .left, .pageUp, .char("b"), .char("h"):
            if index == last, screen.step > 0 { _ = screen.handle(key) } else if index > 0 { show(index - 1) }
        case .home: show(0)
        case .end: show(last); _ = screen.handle(.end)
        default: break
        }
        return true
    }

    var caption: String {
        "Replay of game \(game) | " + captions[index]
            + (index == views.count - 1 && views[index].reveal != nil && screen.step > 0 ? " | the reveal" : "")
    }

    var hint: String {
        let next = index < views.count - 1 ? "next move" : (views[index].reveal == nil ? "(last move)" : "next photon")
        return "Space/\(theme.right) \(next)  \(theme.left)/b back  Home/End  q leave"
    }

    func draw(into canvas: Canvas) { screen.draw(into: canvas, caption: caption, hint: hint) }

    /// Runs until q/Esc, Ctrl-C or the end of input; with `delay`, steps on by
    /// itself every `delay` seconds (keys still work). False when there is no
    /// usable terminal (the caller prints text then).
    func run(delay: Double?) -> Bool {
        let tick = delay.map { max(0.2, min($0, 60)) }
        var nextStep = tick.map { Date().addingTimeInterval($0) }
        return RolePlayStudio.run(theme: theme, draw: draw(into:), handle: handle) {
            if let t = tick, let due = nextStep, Date() >= due {
                if !atEnd { _ = handle(.right) }
                nextStep = Date().addingTimeInterval(t)
            }
            return nil
        }
    }
}
