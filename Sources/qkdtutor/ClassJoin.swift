import ArgumentParser
import ClassClient
import ClassProtocol
import Commands
import Foundation
import RolePlay
import Studio
import Tutor

struct ClassJoin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Join a teacher's class: play the lesson they open, here, with answers sent as you go.",
        discussion: """
        Your simulations run on this machine; each step, hint and graded answer is sent to the \
        class server as it happens. If the link drops, answers wait in a local queue \
        ($XDG_STATE_HOME/qkdtutor/class-queue.json) and are resent when it is back; \
        if the teacher stops, you finish alone and your progress is kept as usual. \
        Role play: with --role alice|bob|eve you take that role in the teacher's BB84 game \
        ('class game') instead: a studio screen on a terminal, or a line session with --plain \
        ('help' lists its commands); you keep that role for the whole game.
        """)

    @Argument(help: "The teacher's machine: HOST[:PORT] (port 7384 by default).") var server: String
    @Option(help: "The six-character join code the teacher shows.") var code: String
    @Option(help: "Your name as the teacher will see it (1 to 64 characters).") var name: String
    @Option(help: "Seconds to wait for the teacher to open a lesson.") var wait = 600.0
    @Option(help: "Colour: auto, always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines for screen readers.") var plain = false
    @Option(help: "Role play: take this role in the teacher's game (alice, bob or eve) instead of a lesson.") var role: String?
    @Option(help: "Role play: the game number (default: the newest game).") var game: Int64?
    @Flag(help: "Role play: the role plays by itself (the honest protocol; Eve intercepts every photon).") var auto = false
    @Option(help: "Role play: the Eve code the teacher gave your team (when the game has one).") var eveCode: String?

    func run() throws {
        let url = try ClassAddress.url(server)
        let code = self.code.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 6, code.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw RequestError("--code must be the six letters and digits the teacher shows (got '\(ClassText.printable(self.code, limit: 20))')")
        }
        guard let name = ClassText.name(self.name) else {
            throw RequestError("--name must have 1 to \(ClassProtocol.maxNameLength) characters (control characters are removed)")
        }
        let playing: RolePlay.Role?
        if let role {
            guard let r = RolePlay.Role(rawValue: role.lowercased()) else {
                throw RequestError("--role must be alice, bob or eve (got '\(ClassText.printable(role, limit: 20))')")
            }
            playing = r
        } else {
            playing = nil
            if auto || game != nil || eveCode != nil { throw RequestError("--auto, --game and --eve-code go with --role alice|bob|eve") }
        }
        // The same server and code: reconnect as the same student.
        let saved = JoinFile.load().flatMap { $0.url == url && $0.code == code && $0.name == name ? $0 : nil }
        // A role's moves belong to this game: they are not kept in the lesson queue file.
        let link = ClassLink(.init(url: url, hello: Hello(role: .student, code: code, name: name, token: saved?.token),
                                   queueFile: playing == nil ? JoinFile.queue : nil))
        let seat = playing.map { GameSeat(link: link, role: $0.rawValue, game: game, eveCode: $0 == .eve ? eveCode : nil) }
        link.start()
        defer { link.stop() }
        // A stale saved token is refused once; the link then joins afresh with the code and name.
        let stale: Set<ErrorCode> = [.badToken, .expiredToken]
        guard link.wait(timeout: 15, until: { $0.isConnected || ($0.lastError.map { !stale.contains($0.code) } ?? false) }), link.isConnected else {
            if let e = link.lastError {
                let hint = e.code == .wrongCode ? " (check the code on the teacher's screen)" : ""
                throw RequestError("the class refused to let you join: \(ClassText.printable(e.message, limit: 200))\(hint)")
            }
            throw RequestError("cannot reach \(ClassAddress.display(url)); is the teacher's 'qkdtutor class serve' running, and is --bind set there?")
        }
        if let token = link.token {
            do { try JoinFile(url: url, code: code, name: name, token: token).save() } catch { warnClass("\(error)") }
        }
        let style = TextStyle.detect(color: color, plain: plain)
        print("Joined class \(code) as \(link.welcome?.name ?? name).")
        if let seat, let playing {
            fflush(nil)
            return try RoleSession.run(seat: seat, role: playing, game: game, auto: auto, wait: wait, style: style)
        }
        if link.lesson == nil {
            print("Waiting for the teacher to open a lesson… (Ctrl-C to leave)")
            fflush(nil)
        }
        guard link.wait(timeout: wait, until: { $0.lesson != nil }), let ref = link.lesson else {
            throw RequestError("the teacher has not opened a lesson within \(Int(wait)) s; join again later")
        }
        let lesson: Lesson
        do { lesson = try LessonLibrary.find(ref.id) } catch {
            throw RequestError("the teacher opened lesson '\(ClassText.printable(ref.id, limit: 64))', which this qkdtutor does not have: \(error.description)")
        }
        // Progress is kept locally as usual, so a student can finish alone.
        let store = ProgressStore(directory: Paths.stateDirectory())
        let stored = store.load()
        if let w = store.warning { warnClass(w) }
        let studio = StudioLessonIO.open(style: style)
        let io = ClassLessonIO(wrapping: studio ?? LineIO(style: style), link: link, lesson: lesson.metadata.id)
        let record = stored.lessons[lesson.metadata.id] ?? LessonRecord()
        // A lesson with params gives each student their own numbers: a seed from the class code and the name.
        let studentSeed: UInt64? = lesson.metadata.params.isEmpty ? nil : studentSeed(code: code, name: name)
        var existing = record.current
        if let e = existing, let s = studentSeed, s != e.seed { existing = nil }
        let (start, note) = LessonPlayer.resumePoint(lesson, existing)
        let player = LessonPlayer(lesson: lesson, io: io, progress: existing, seed: studentSeed,
                                  student: store.student(stored), number: record.nextNumber) { attempt in
            guard !store.readOnly else { return }
            do { try store.save(attempt) } catch { warnClass("cannot save progress: \(error)") }
        }
        player.isSaving = { !store.readOnly }
        if let studio { player.executionContext = studio.executionContext }
        _ = player.play(from: start, resumeNote: note)
        if let studio { studio.close(); for line in studio.farewell { print(line) } }
        let left = link.flush(timeout: 10)
        if left == 0 {
            print("All your answers reached the class.")
        } else {
            print("\(left) message\(left == 1 ? "" : "s") could not be delivered yet (the server is unreachable); "
                  + "they are kept in \(JoinFile.queue.path) and sent the next time you join.")
        }
    }
}

/// FNV-1a over "code/name": stable across machines and runs, so a student who
/// rejoins gets the same numbers, and different students get different ones.
func studentSeed(code: String, name: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in "\(code.uppercased())/\(name)".utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    return h & 0xFFFF_FFFF
}

func warnClass(_ s: String) { FileHandle.standardError.write(Data(("warning: " + s + "\n").utf8)) }
