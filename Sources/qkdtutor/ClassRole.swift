import ClassClient
import ClassProtocol
import ClassServer
import Commands
import Foundation
import RolePlay

/// A role's line session (`class join … --role R`): prints the role's view
/// and the public channel as they change, reads commands (or plays by
/// itself with --auto). Plain lines, every field labelled, so a screen
/// reader reads it; every line from the network is stripped of control
/// characters before it is printed.
enum RoleSession {
    /// Serialises printing from the network threads and the input loop.
    static let out = NSLock()

    static func say(_ lines: [String]) {
        out.lock(); defer { out.unlock() }
        ProjectorLoop.say(lines)
    }

    /// What changed since the last print: the whole view when it moved, then new public messages.
    final class Printer: @unchecked Sendable {
        var lastViewSeq = -1
        var publicPrinted = 0
        let lock = NSLock()

        func update(_ seat: GameSeat) -> [String] {
            lock.lock(); defer { lock.unlock() }
            var lines: [String] = []
            var over: Phase?
            if let v = seat.latestView, v.seq > lastViewSeq {
                lastViewSeq = v.seq
                lines.append("--- your view, update \(v.seq) ---")
                lines += v.lines
                over = GameJSON.decode(RoleView.self, v.view).flatMap { $0.phase.isOver ? $0.phase : nil }
            }
            if let p = seat.latestPublic, p.lines.count > publicPrinted {
                if publicPrinted == 0 { lines.append("--- public channel ---") }
                lines += p.lines[publicPrinted...].map { "public: " + $0 }
                publicPrinted = p.lines.count
            }
            if let over { lines.append("The game is over (\(over.rawValue)); the projector shows the reveal. Type quit to leave.") }
            return lines
        }
    }

    static func run(seat: GameSeat, role: RolePlay.Role, game wanted: Int64?, auto: Bool, wait: Double, style: TextStyle) throws {
        let printer = Printer()
        // A named game that does not exist, or a role the game lacks, ends the wait at once;
        // with no game named, "none started yet" means: wait for the teacher's.
        let fatal: (ErrorFrame) -> Bool = { $0.code == .wrongRole || ($0.code == .unknownGame && wanted != nil) }
        let ready: (GameSeat) -> Bool = { ($0.gameID != nil && $0.latestView != nil) || $0.receivedErrors.contains(where: fatal) }
        if !seat.wait(timeout: 2, until: { ready($0) || !$0.receivedErrors.isEmpty }) || seat.gameID == nil && !seat.receivedErrors.contains(where: fatal) {
            say(["Waiting for the teacher to start a game… (Ctrl-C to leave)"])
        }
        _ = seat.wait(timeout: wait, until: ready)
        if let e = seat.receivedErrors.first(where: fatal) {
            throw RequestError("cannot take the role: \(ClassText.printable(e.message, limit: 200))" + (e.code == .wrongRole ? (role == .eve ? " (ask the teacher for the Eve code: --eve-code CODE)" : "") : " ('qkdtutor class replay' lists the games on the teacher's machine)"))
        }
        guard let game = seat.latestView else {
            throw RequestError("no game started within \(Int(wait)) s; ask the teacher to run 'qkdtutor class game bb84'")
        }
        seat.onError = { e in say(["error: " + ClassText.printable(e.message, limit: 300)]) }
        if !auto, !style.plain, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, ClassRoleStudio.role(seat, style: style) { return }
        say(["You play \(role.rawValue.uppercased()) in game \(game.game)."] + (auto ? ["--auto: this seat plays by itself."] : ["Type 'help' for your commands."]))
        seat.onUpdate = { s in say(printer.update(s)) }
        say(printer.update(seat))
        if auto { return try autoPlay(seat: seat, role: role) }
        let photons = seat.receivedFrames.lazy.compactMap { if case .gameOpened(let g) = $0.body { g.photons } else { nil } }.last ?? 0
        while true {
            out.lock(); print("\(role.rawValue)> ", terminator: ""); fflush(nil); out.unlock()
            guard let line = readLine() else { return }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            do {
                switch try RoleCommands.parse(line, role: role, photons: photons) {
                case .local("quit"): return
                case .local("show"):
                    if let v = seat.latestView { say(v.lines) }
                    if let p = seat.latestPublic { say(p.lines.map { "public: " + $0 }) }
                case .local: say(RoleCommands.help(role) + RoleCommands.common)
                case .action(let a):
                    seat.act(GameJSON.encode(a))
                    // The server's verdict (an error line, or the new view) before the next prompt.
                    _ = seat.link.flush(timeout: 3)
                    Thread.sleep(forTimeInterval: 0.05)
                }
            } catch {
                say(["error: \(error.description) (\(error.hint))"])
            }
            // The printer has said the game is over; nothing is left to type.
            if let v = seat.latestView.flatMap({ GameJSON.decode(RoleView.self, $0.view) }), v.phase.isOver { return }
        }
    }

    /// Plays the role with `AutoPlayer` (the engine's) until the game is over.
    static func autoPlay(seat: GameSeat, role: RolePlay.Role) throws {
        let player = AutoPlayer(role: role, seed: AutoSeatPlayer.seed(game: seat.gameID ?? 0, role: role))
        AutoSeatPlayer.play(seat, player: player, onMove: { a in say(["auto \(role.rawValue): \(a.shortName)"]) })
        _ = seat.link.flush(timeout: 5)
        say(["The game is over; the projector shows the reveal."])
    }
}

extension GameAction {
    /// The move in a few words ("send", "announce bases"), from the case name
    /// the engine encodes, so a move the engine adds later is named too.
    var shortName: String {
        let json = GameJSON.encode(self)
        guard let data = json.data(using: .utf8), let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let key = obj.keys.first else { return "move" }
        if key == "disclose" { return "sample" }
        var words = ""
        for c in key.prefix(40) {
            if c.isUppercase { words += " " + c.lowercased() } else if c.isLetter || c.isNumber { words.append(c) }
        }
        return words
    }
}
