import ArgumentParser
import ClassClient
import ClassProtocol
import ClassServer
import Commands
import Foundation
import RolePlay

extension EveMode: ExpressibleByArgument {}

enum OnOff: String, ExpressibleByArgument, CaseIterable { case on, off }

/// `class game bb84`: the teacher starts a role-play game on the running
/// session; this terminal then is the projector: the public channel as it
/// runs, and the hidden truth at the end.
struct ClassGame: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "game",
        abstract: "Start a BB84 role-play game on the class session; this terminal becomes the projector.",
        discussion: """
        Students take roles with 'qkdtutor class join HOST --code CODE --name NAME --role alice|bob|eve' \
        (a team may share a role). The server holds the photons; each role sees only its own view, \
        everyone sees the public channel, and this projector shows the reveal photon by photon at \
        the end. With --eve secret, Alice and Bob are not told that Eve plays. With \
        --authentication off, Eve can alter public messages in transit. --depolarization D adds \
        channel noise (QBER D/2 without Eve; the reveal marks those errors "ERR noise"). --auto ROLES plays those \
        roles from this machine (e.g. --auto alice,bob,eve for a demo with nobody else). \
        The game is stored in the class database: 'qkdtutor class replay GAME'.
        """)

    @Argument(help: "The game: bb84.") var kind: String
    @Argument(help: "The server, HOST[:PORT] (default: the one 'class serve' saved).") var server: String?
    @Option(help: "Photons Alice sends (1 to \(GameProtocol.maxPhotons)).") var photons = 24
    @Option(help: "Eve: on, off, or secret (she plays, Alice and Bob are not told).") var eve: EveMode = .off
    @Option(help: "Authentication of the public channel: on or off (off lets Eve alter messages).") var authentication: OnOff = .on
    @Option(help: "Seed of every random choice in the game (the game replays exactly from it).") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Channel noise D, 0 to 1: each photon is depolarized with probability D (QBER D/2 without Eve).", valueName: "D")) var depolarization = "0"
    @Option(help: "Alice's message for the one-time pad (printable ASCII, at most \(GameConfig.messageLimit) characters).") var message: String?
    @Option(help: "Roles this machine plays by itself, comma-separated (alice,bob,eve).") var auto: String?
    @Option(help: "A code students need to take Eve's role (tell it only to the Eve team; with --eve secret, nobody can then probe whether Eve plays).") var eveCode: String?
    @Option(help: "The teacher token (default: the saved one).") var token: String?
    @Flag(help: "Print the reveal as JSON at the end (the engine's Reveal).") var json = false
    @Option(help: "Colour: auto, always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines: no screen clearing; new public messages as they arrive.") var plain = false

    func run() throws {
        guard kind.lowercased() == "bb84" else { throw RequestError("unknown game '\(ClassText.printable(kind, limit: 20))'; the class plays bb84") }
        guard (1...GameProtocol.maxPhotons).contains(photons) else { throw RequestError("--photons must be 1 to \(GameProtocol.maxPhotons) (got \(photons))") }
        guard let d = Double(depolarization), d.isFinite, (0...1).contains(d) else {
            throw RequestError("--depolarization must be 0 to 1 (got '\(ClassText.printable(depolarization, limit: 20))'); 0.05 gives a QBER of 2.5% without Eve")
        }
        // A depolarizing channel, rho -> (1-d) rho + d I/2 (Nielsen & Chuang 2000, 8.3.4); 0 stores no noise at all.
        var config = GameConfig(photons: photons, eve: eve, authentication: authentication == .on, seed: seed, depolarization: d > 0 ? d : nil)
        if let message {
            do { try GameConfig.validateMessage(message) } catch { throw RequestError("--message: \(error.description)") }
            config.message = message
        }
        let autoRoles = try (auto ?? "").split(separator: ",").map { s -> RolePlay.Role in
            guard let r = RolePlay.Role(rawValue: s.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw RequestError("--auto takes alice, bob and/or eve (got '\(ClassText.printable(String(s), limit: 20))')")
            }
            if r == .eve, eve == .off { throw RequestError("--auto eve needs --eve on or secret") }
            return r
        }
        let link = try TeacherLink.connect(server: server, token: token)
        defer { link.stop() }
        let seat = GameSeat(link: link, role: GameProtocol.projector)
        let ref = link.enqueue(.gameStart(GameStart(kind: "bb84", config: GameJSON.encode(config), eveCode: eveCode)))
        guard link.flush(timeout: 10) == 0, link.lastError?.ref != ref, seat.wait(timeout: 10, until: { $0.announced != nil }),
              let opened = seat.announced else {
            throw RequestError("the server did not start the game" + (link.lastError.map { ": " + ClassText.printable($0.message, limit: 200) } ?? ""))
        }
        let file = TeacherFile.load()
        let host = ClassAddress.display(file?.url ?? "HOST")
        let style = TextStyle.detect(color: color, plain: plain || json)
        // This terminal is the projector: a secret Eve is not named on it (nor is her absence).
        // With --json, stdout carries the JSON alone; the teacher still needs the code, on stderr.
        ProjectorLoop.say(toStandardError: json, [style.bold("Game \(opened.game): BB84, \(photons) photons\(eve == .on ? ", Eve on" : ""), authentication \(authentication.rawValue)\(d > 0 ? ", depolarization \(RolePlayText.percent(d))" : ""), seed \(seed)."),
                    "Students run: qkdtutor class join \(host) --code \(file?.code ?? "CODE") --name NAME --role alice|bob|eve",
                    "Replay later: qkdtutor class replay \(opened.game)"])
        var players: [AutoSeat] = []
        for r in autoRoles {
            guard let file else { throw RequestError("--auto needs the join code that 'class serve' saved on this machine") }
            players.append(try AutoSeat(url: file.url, code: file.code, role: r, game: opened.game, eveCode: r == .eve ? eveCode : nil))
        }
        defer { for p in players { p.stop() } }
        if !plain, !json, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, ClassRoleStudio.projector(seat, style: style) { return }
        if let refused = ProjectorLoop.run(seat, game: opened.game, style: style, plain: plain, json: json,
                                           refused: { players.lazy.compactMap(\.refusal).first }) {
            throw RequestError(refused)
        }
    }
}

/// The projector's screen until the game is over: on a terminal the whole
/// view redrawn at each move; in line mode the status line and only the new
/// public messages; then the reveal (or its JSON).
enum ProjectorLoop {
    static func say(toStandardError: Bool = false, _ lines: [String]) {
        for l in lines {
            let text = ClassText.line(l, limit: 4000) + "\n"
            if toStandardError { FileHandle.standardError.write(Data(text.utf8)) } else { print(text, terminator: "") }
        }
        fflush(nil)
    }

    /// Returns why it stopped early (an `--auto` seat's move was refused), or nil at the game's end.
    static func run(_ seat: GameSeat, game: Int64, style: TextStyle, plain: Bool, json: Bool,
                    refused: () -> String? = { nil }) -> String? {
        let fullScreen = !plain && !json && isatty(STDOUT_FILENO) == 1
        var printed = 0, lastSeq = -1, lastPublic = -1
        var lastSeats: [GameSeatNames]? = nil
        while true {
            if !json, let seats = seat.latestProjector?.seats, seats != lastSeats {
                // Who holds each role (a secret Eve's players stay unnamed until the end).
                say(["seats: " + (seats.isEmpty ? "none taken" : seats.map(\.line).joined(separator: "; "))])
                lastSeats = seats
            }
            if let r = refused() { return r }
            _ = seat.wait(timeout: 1) { ($0.latestProjector?.seq ?? -1) > lastSeq || ($0.latestPublic?.seq ?? -1) > lastPublic
                || (!json && $0.latestProjector?.seats != lastSeats) }
            guard let p = seat.latestProjector else { continue }
            // The public channel travels in its own frame, sent right after the projector's.
            if p.over { _ = seat.wait(timeout: 2) { ($0.latestPublic?.seq ?? -1) >= p.seq } }
            let channel = seat.latestPublic?.lines ?? []
            let newView = p.seq > lastSeq, newPublic = (seat.latestPublic?.seq ?? -1) > lastPublic
            guard newView || newPublic else { continue }
            lastSeq = p.seq
            lastPublic = seat.latestPublic?.seq ?? lastPublic
            if fullScreen {
                print("\u{1B}[H\u{1B}[2J", terminator: "")
                say([style.bold("Game \(game) · update \(p.seq)")] + p.lines + ["Public channel, \(channel.count) message\(channel.count == 1 ? "" : "s"):"]
                    + channel.map { "  " + $0 })
            } else if !json {
                if newView { say(["update \(p.seq): " + (p.lines.first ?? "")]) }
                say(channel.dropFirst(printed).map { "  " + $0 })
                printed = max(printed, channel.count)
            }
            if p.over {
                if json { print(p.reveal ?? "null") } else { say([""] + (p.revealLines ?? [])) }
                return nil
            }
        }
    }
}

/// A role played by this machine (`class game --auto`): a student link of its
/// own, named after the role, playing `AutoPlayer` (the engine's) on a thread.
final class AutoSeat: @unchecked Sendable {
    let seat: GameSeat
    let thread: Thread

    init(url: String, code: String, role: RolePlay.Role, game: Int64, eveCode: String?) throws {
        let link = ClassLink(.init(url: url, hello: Hello(role: .student, code: code, name: "auto-\(role.rawValue)")))
        seat = GameSeat(link: link, role: role.rawValue, game: game, eveCode: eveCode)
        link.start()
        let seat = self.seat
        let box = refusalBox
        thread = Thread {
            if let message = AutoSeatPlayer.play(seat, player: AutoPlayer(role: role, seed: AutoSeatPlayer.seed(game: game, role: role)),
                                                 stop: { Thread.current.isCancelled }) {
                box.value = "auto-\(role.rawValue): the server refused a move: " + ClassText.printable(message, limit: 200)
            }
        }
        thread.start()
    }

    private let refusalBox = LockedBox<String?>(nil)
    /// Set when the server refused one of this seat's moves: the projector stops waiting then.
    var refusal: String? { refusalBox.value }

    func stop() { thread.cancel(); _ = seat.link.flush(timeout: 2); seat.link.stop() }
}
