import ArgumentParser
import ClassProtocol
import ClassServer
import Commands
import Foundation
import RolePlay
import Studio

/// `class replay GAME`: a stored role-play game, rebuilt by the engine from its
/// config and moves, shown on the projector step by step, then the reveal.
struct ClassReplay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a stored role-play game step by step on the projector, then its reveal.",
        discussion: """
        Reads the class database directly (default: the one 'class serve' used). On a terminal, \
        the studio projector: Space or Right steps to the next move and, after the last, through \
        the reveal photon by photon; Left or b steps back; q leaves. --plain (or no terminal) \
        prints every step as lines; --delay S steps on every S seconds; --json prints the game \
        (config, moves) and its reveal. Without GAME: the newest \
        stored games (date, photons, Eve's mode, the outcome and whether they caught her).
        """)

    @Argument(help: "The game number ('class game' prints it; omit to list the games).") var game: Int64?
    @Option(help: "The class database (default: the one 'class serve' used).") var db: String?
    @Option(help: "Seconds between steps: the screen steps on by itself (keys still work).") var delay: Double?
    @Flag(help: "The stored game and its reveal as JSON (without GAME: the list).") var json = false
    @Option(help: "Colour: auto, always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines: every step, no pauses (screen readers, logs).") var plain = false

    /// How many games the list rebuilds and shows (the newest first).
    static let listLimit = 50

    func run() throws {
        let (store, path) = try ClassDatabase.open(db)
        guard let game else {
            // The newest games, each rebuilt by the engine for its outcome; stored text is escaped.
            let games = try store.games(session: nil)
            let shown = try games.prefix(Self.listLimit).compactMap { try store.game($0.id) }.map(GameReplay.summary)
            if json {
                let list: [[String: Any]] = shown.map { g in
                    var o: [String: Any] = ["game": g.id, "kind": g.kind, "started": CSV.timestamp(g.startedAt), "moves": g.moves]
                    o["photons"] = g.photons ?? NSNull(); o["eve"] = g.eve?.rawValue ?? NSNull()
                    o["authentication"] = g.authentication ?? NSNull(); o["outcome"] = g.outcome?.rawValue ?? NSNull()
                    o["qber"] = g.qber ?? NSNull(); o["caught"] = g.caught ?? NSNull(); o["problem"] = g.problem ?? NSNull()
                    return o
                }
                let data = try JSONSerialization.data(withJSONObject: ["games": list, "total": games.count], options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            if games.isEmpty { print("No role-play game in \(ClassText.printable(path, limit: 300)) yet ('qkdtutor class game bb84' starts one).") }
            for g in shown { print(g.line) }
            if games.count > shown.count { print("(\(games.count - shown.count) older games not listed; 'class replay GAME' opens any of them)") }
            return
        }
        guard let stored = try store.game(game) else {
            let ids = try store.games(session: nil).prefix(10).map { String($0.id) }
            throw RequestError("no game \(game) in \(path)" + (ids.isEmpty ? "" : "; stored games: \(ids.joined(separator: ", "))"))
        }
        let steps: [GameReplay.Step]
        do { steps = try GameReplay.steps(stored) } catch { throw RequestError(error.message) }
        let last = steps[steps.count - 1].game
        if json {
            var obj: [String: Any] = ["game": stored.id, "kind": stored.kind,
                                      "config": (try? JSONSerialization.jsonObject(with: Data(stored.config.utf8))) ?? NSNull()]
            obj["moves"] = stored.actions.map { a -> [String: Any] in
                ["seq": a.seq, "role": a.role, "at": CSV.timestamp(a.at), "action": (try? JSONSerialization.jsonObject(with: Data(a.action.utf8))) ?? NSNull()]
            }
            obj["reveal"] = last.reveal().flatMap { try? JSONSerialization.jsonObject(with: Data(GameJSON.encode($0).utf8)) } ?? NSNull()
            let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let style = TextStyle.detect(color: color, plain: plain)
        if !plain, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 {
            var theme = Theme(style)
            theme.projector = true
            if ReplayProjector(game: stored.id, steps: steps, theme: theme).run(delay: delay) { return }
        }
        // Text: each move, the status line and the public messages it added; --delay S between moves.
        let say = { ProjectorLoop.say($0) }
        say([style.bold("Replay of game \(stored.id): \(stored.actions.count) moves.")])
        var printedChannel = 0
        let over = last.phase.isOver
        for step in steps {
            let p = step.game.projectorView()
            let head: String
            if let role = step.role, let a = step.action {
                head = "Move \(step.seq): " + ReplayProjector.moveName(role: role, action: a, in: step.game, gameOver: over)
                    + (step.at.map { "  (\(CSV.timestamp($0)))" } ?? "")
            } else {
                head = "Start."
            }
            let channel = GameLines.channel(p.channel)
            say([head] + GameLines.projector(p).prefix(1) + channel.dropFirst(printedChannel).map { "  " + $0 })
            printedChannel = channel.count
            if step.seq < steps.count - 1, let delay, delay > 0 { Thread.sleep(forTimeInterval: min(delay, 60)) }
        }
        if let r = last.reveal() { say([""] + GameLines.reveal(r)) } else { say(["", "Game \(stored.id) is not over yet (phase \(last.phase.rawValue)): no reveal."]) }
    }
}
