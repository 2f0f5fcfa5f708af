import CNcurses
import ClassProtocol
import ClassServer
import Commands
import Foundation
import RolePlay
import Studio
import Synchronization

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
        views = steps.map { ReplayProjector.roomView($0.game.projectorView(), gameOver: over) }
        let moves = steps.count - 1
        captions = steps.map { s in
            guard let role = s.role, let a = s.action else { return "move 0 of \(moves): the start" }
            return "move \(s.seq) of \(moves): " + ReplayProjector.moveName(role: role, action: a, in: s.game, gameOver: over)
                + (s.at.map { " (\(CSV.timestamp($0)))" } ?? "")
        }
        screen = RolePlayProjectorScreen(view: views[0], theme: theme)
    }

    /// The room reads the projector: while the game is not over a secret Eve reads
    /// exactly like no Eve (as `ClassRoleStudio.projectorView` does live). A
    /// finished game's replay comes after its reveal, so it shows her throughout.
    static func roomView(_ p: ProjectorView, gameOver: Bool) -> ProjectorView {
        var v = p
        if v.eve == .secret, !gameOver { v.eve = .off }
        return v
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

    /// The caption, the screen's lines for the current step, the hint (also what tests read).
    func lines(width: Int, height: Int) -> [String] {
        [caption] + screen.lines(width: width, height: max(1, height - 2)).prefix(max(1, height - 2)) + [hint]
    }

    func draw(into canvas: Canvas) {
        canvas.clear()
        let h = canvas.size.rows
        let body = screen.lines(width: canvas.size.cols, height: h - 2)
        canvas.put(caption, 0, 0, .bold)
        for (i, line) in body.prefix(h - 2).enumerated() {
            let warn = line.contains("ERR") || line.contains("TAMPERED") || line.contains("ABORTED") || line.contains("REJECTED")
            canvas.put(line, i + 1, 0, i == 0 ? .bold : (warn ? .warn : .normal))
        }
        canvas.put(hint, h - 1, 0, .dim)
    }

    /// Runs until q/Esc, Ctrl-C or the end of input; with `delay`, steps on by
    /// itself every `delay` seconds (keys still work). False when there is no
    /// usable terminal (the caller prints text then).
    func run(delay: Double?) -> Bool {
        let tick = delay.map { max(0.2, min($0, 60)) }
        var nextStep = tick.map { Date().addingTimeInterval($0) }
        return ProjectorTerminal.run(theme: theme, draw: draw(into:), handle: handle) {
            if let t = tick, let due = nextStep, Date() >= due {
                if !atEnd { _ = handle(.right) }
                nextStep = Date().addingTimeInterval(t)
            }
            return nil
        }
    }
}

/// The key loop of the class's projector screens (replay and live): draw,
/// wait up to 150 ms for a key, poll; until q, Ctrl-C, the end of input or a
/// `poll` that returns a closing line. (The studio's own loop is internal to
/// it; asked of rp-engine2: a public one, or a caption in `runProjector`.)
enum ProjectorTerminal {
    /// False, having drawn nothing, when there is no usable terminal.
    static func run(theme: Theme, draw: (Canvas) -> Void, handle: (RolePlayKey) -> Bool, poll: () -> String?,
                    closing: ((String) -> Void)? = nil) -> Bool {
        guard let terminal = Terminal.open(theme: theme) else { return false }
        // Ctrl-C leaves the screen (the Terminal's own handler stays for SIGTERM/SIGHUP).
        replayInterrupt.store(0, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in replayInterrupt.store(1, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        var reason: String?
        loop: while true {
            let canvas = terminal.canvas
            if canvas.size.rows < Terminal.minimum.rows || canvas.size.cols < Terminal.minimum.cols {
                canvas.clear()
                canvas.put("terminal too small (need \(Terminal.minimum.cols)x\(Terminal.minimum.rows)); q leaves", 0, 0, .bold)
            } else {
                draw(canvas)
            }
            terminal.present()
            wtimeout(stdscr, 150)
            var ch: wint_t = 0
            let r = wget_wch(stdscr, &ch)
            let e = errno
            if replayInterrupt.load(ordering: .relaxed) != 0 { break }
            if let closed = poll() { reason = closed; break }
            if r == ERR {
                if e == EINTR { break }   // a signal: SIGTERM/SIGHUP are finished by terminal.close()
                if e == EAGAIN || e == 0 || isatty(STDIN_FILENO) == 1 { continue }
                break
            }
            if r == KEY_CODE_YES && Int32(ch) == KEY_RESIZE { continue }
            guard let key = key(ch, functionKey: r == KEY_CODE_YES) else { continue }
            if !handle(key) { break loop }
        }
        terminal.close()
        if let reason { closing?(RolePlayText.safe(reason)) }
        return true
    }

    /// One `wget_wch` result as a key (as the studio's role-play loop reads them).
    static func key(_ ch: wint_t, functionKey: Bool) -> RolePlayKey? {
        if functionKey {
            switch Int32(ch) {
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE, KEY_UP: return .pageUp
            case KEY_NPAGE, KEY_DOWN: return .pageDown
            case KEY_ENTER: return .enter
            default: return nil
            }
        }
        switch ch {
        case 0x0D, 0x0A: return .enter
        case 0x1B: return .escape
        default: return Unicode.Scalar(UInt32(ch)).map { .char(Character($0)) }
        }
    }
}

/// Set by SIGINT while the replay screen is up.
let replayInterrupt = Atomic<Int32>(0)
