import ArgumentParser
import ClassClient
import ClassProtocol
import Commands
import Foundation

struct ClassWatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "The teacher's roster, refreshed every second: who is connected, step, score, who is stuck on hints.",
        discussion: "Uses the server and teacher token saved by 'class serve' on this machine. Ctrl-C leaves.")

    @Argument(help: "The server, HOST[:PORT] (default: the one 'class serve' saved).") var server: String?
    @Option(help: "The teacher token (default: the saved one).") var token: String?
    @Flag(help: "Print the roster once and exit.") var once = false
    @Option(help: "Colour: auto, always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines: no screen clearing, a new roster only when it changes.") var plain = false
    @Option(help: "Role play: be the projector of this game (0: the newest) instead of the roster: the studio projector on a terminal, lines with --plain.") var game: Int64?

    func run() throws {
        let link = try TeacherLink.connect(server: server, token: token)
        defer { link.stop() }
        let style = TextStyle.detect(color: color, plain: plain)
        if let game {
            let seat = GameSeat(link: link, role: GameProtocol.projector, game: game == 0 ? nil : game)
            let join = GameJoin(game: game == 0 ? nil : game, role: GameProtocol.projector)
            link.rejoin = .gameJoin(join)
            _ = link.request(.gameJoin(join))
            guard seat.wait(timeout: 10, until: { $0.gameID != nil || !$0.receivedErrors.isEmpty }), let id = seat.gameID else {
                throw RequestError("cannot watch the game: " + (seat.receivedErrors.last.map { ClassText.printable($0.message, limit: 200) } ?? "no answer from the server"))
            }
            if !plain, !once, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, ClassRoleStudio.projector(seat, style: style) { return }
            ProjectorLoop.say([style.bold("Projector of game \(id).")])
            _ = ProjectorLoop.run(seat, game: id, style: style, plain: plain || once, json: false); return
        }
        let latest = LockedBox<Roster?>(nil)
        link.onRoster = { r in latest.value = r }
        let fullScreen = !plain && !once && isatty(STDOUT_FILENO) == 1
        var last: [String] = []
        while true {
            latest.value = nil
            guard link.request(.roster), link.wait(timeout: 5, until: { _ in latest.value != nil }), let r = latest.value else {
                if once { throw RequestError("the server did not send the roster") }
                Thread.sleep(forTimeInterval: 1); continue
            }
            let lines = Self.render(r, style: style)
            if lines != last {
                if fullScreen { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                for l in lines { print(l) }
                fflush(nil)
                last = lines
            }
            if once { return }
            Thread.sleep(forTimeInterval: 1)
        }
    }

    /// One line per student; names are printable text only (control characters stripped).
    static func render(_ r: Roster, style s: TextStyle) -> [String] {
        let on = r.students.filter(\.connected).count
        var out = [s.bold("Class \(r.code)") + "  lesson: \(r.lesson.map { ClassText.printable($0, limit: 64) } ?? "none open")  "
                   + "\(r.students.count) student\(r.students.count == 1 ? "" : "s"), \(on) connected"]
        out.append(Format.pad("name", 24) + Format.pad("link", 8) + Format.pad("step", 18) + Format.pad("score", 7) + Format.pad("answered", 10) + Format.pad("hints", 7) + "stuck on")
        for e in r.students {
            let step = e.step.map { "\(($0.isEmpty ? "" : ClassText.printable($0, limit: 12))) (\((e.stepIndex ?? 0) + 1))" } ?? "-"
            let stuck = e.stuckOn.map { s.yellow("STUCK " + ClassText.printable($0, limit: 20)) } ?? ""
            out.append(Format.pad(ClassText.printable(e.name, limit: 23), 24) + Format.pad(e.connected ? "on" : "off", 8) + Format.pad(step, 18)
                       + Format.pad(String(e.score), 7) + Format.pad(String(e.answered), 10) + Format.pad(String(e.hints), 7) + stuck)
        }
        return out
    }
}
