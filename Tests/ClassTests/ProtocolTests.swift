import ClassClient
import ClassProtocol
import RolePlay
import Foundation
import Testing

@Suite struct ProtocolTests {
    @Test func clientMessagesRoundTrip() throws {
        let bodies: [ClientBody] = [
            .hello(Hello(role: .student, code: "ABC234", name: "Ann")),
            .step(StepEvent(lesson: "bb84", step: "sift", index: 2)),
            .hint(HintEvent(lesson: "bb84", question: "q1", number: 1)),
            .answer(AnswerEvent(lesson: "bb84", question: "q1", attempt: 2, answer: "b", correct: false, revealed: true, choices: [1], value: nil)),
            .open(OpenLesson(lesson: "bb84")), .close, .roster, .export,
            .gameStart(GameStart(kind: "bb84", config: "{\"photons\":24}")),
            .gameJoin(GameJoin(role: "eve")), .gameJoin(GameJoin(game: 3, role: "alice")),
            .gameAction(GameActionFrame(game: 3, action: "{\"sift\":{}}")),
        ]
        for b in bodies {
            let m = ClientMessage(id: "x-1", body: b)
            let text = m.encoded()
            #expect(text.contains("\"v\":1") && text.contains("\"type\":\"\(b.type)\""))
            guard case .success(let back) = ClientMessage.decode(text) else { Issue.record("cannot decode \(text)"); continue }
            #expect(back == m)
        }
    }

    @Test func serverMessagesRoundTrip() {
        let bodies: [ServerBody] = [
            .welcome(Welcome(role: .student, token: "t", name: "Ann", lesson: LessonRef(id: "bb84"))),
            .ack(Ack(ref: "x-1", duplicate: true)),
            .error(ErrorFrame(ref: nil, code: .wrongCode, message: "wrong join code")),
            .lesson(LessonRef(id: "bb84")), .lesson(nil),
            .tally(Tally(lesson: "bb84", question: "q1", answered: 3, firstTryRight: 2, options: [1, 2], values: [0.5])),
            .roster(Roster(code: "ABC234", lesson: nil, students: [RosterEntry(name: "Ann", connected: true, step: "s", stepIndex: 0, score: 1, answered: 1, hints: 0, stuckOn: nil)])),
            .gameOpened(GameOpened(game: 2, kind: "bb84", photons: 24)), .gameOpened(GameOpened(game: 2, kind: "bb84", photons: 24, role: "bob")),
            .gameView(GameView(game: 2, role: "bob", seq: 4, view: "{\"phase\":\"measuring\"}", lines: ["You are BOB."])),
            .gamePublic(GamePublic(game: 2, seq: 4, lines: ["msg 1 from bob: Bob's bases: + x"])),
            .gameProjector(GameProjector(game: 2, seq: 9, view: "{}", lines: ["Phase: finished."], over: true, reveal: "{\"qber\":{}}", revealLines: ["REVEAL."],
                                           seats: [GameSeatNames(role: "alice", names: ["Ann", "Ben"], connected: 1)])),
        ]
        for b in bodies {
            let m = ServerMessage(b)
            #expect(ServerMessage.decode(m.encoded()) == m, "\(m.encoded())")
        }
    }

    /// The bad-frame corpus: each is refused with the code that names its fault.
    static let corpus: [(String, ErrorCode)] = [
        ("", .malformed),
        ("not json", .malformed),
        ("{", .malformed),
        ("[1,2,3]", .malformed),
        ("{\"v\":1,\"type\":\"hello\"}", .malformed),                              // no id
        ("{\"v\":1,\"id\":\"\",\"type\":\"hello\"}", .malformed),                  // empty id
        ("{\"v\":1,\"id\":\"\(String(repeating: "i", count: 65))\",\"type\":\"close\"}", .malformed),
        ("{\"v\":1,\"id\":\"a\\u001b[2J\",\"type\":\"close\"}", .malformed),       // escape in id
        ("{\"v\":2,\"id\":\"a\",\"type\":\"close\"}", .version),
        ("{\"id\":\"a\",\"type\":\"close\"}", .version),
        ("{\"v\":1,\"id\":\"a\"}", .malformed),
        ("{\"v\":1,\"id\":\"a\",\"type\":\"teleport\"}", .unknownType),
        ("{\"v\":1,\"id\":\"a\",\"type\":\"answer\"}", .malformed),
        ("{\"v\":1,\"id\":\"a\",\"type\":\"answer\",\"lesson\":\"bb84\",\"question\":\"q1\",\"attempt\":\"one\",\"answer\":\"b\",\"correct\":true,\"revealed\":false}", .malformed),
        ("{\"v\":1,\"id\":\"a\",\"type\":\"hello\",\"role\":\"admin\"}", .malformed),
        ("{\"v\":\"1\",\"id\":\"a\",\"type\":\"close\"}", .malformed),
        ("{\"v\":1,\"id\":\"a\",\"type\":\"close\",\"pad\":\"" + String(repeating: "x", count: ClassProtocol.maxFrameBytes + 600) + "\"}", .malformed),
    ]

    /// Role-play frames with a fault (kept apart from `corpus`, which the server
    /// test sends within one second, under the rate limit).
    static let gameCorpus: [(String, ErrorCode)] = [
        ("{\"v\":1,\"id\":\"a\",\"type\":\"game-action\",\"game\":\"one\",\"action\":\"{}\"}", .malformed),
        ("{\"v\":1,\"id\":\"a\",\"type\":\"game-action\",\"game\":1,\"action\":{\"sift\":{}}}", .malformed),   // the action is JSON text
        ("{\"v\":1,\"id\":\"a\",\"type\":\"game-join\"}", .malformed),
    ]

    /// A server line keeps its indentation (reveal tables, channel lines) but no escape reaches the terminal.
    @Test func serverLinesKeepIndentationButLoseEscapes() {
        #expect(ClassText.line(" 15  0 +    H    | meas x  ", limit: 100) == " 15  0 +    H    | meas x")
        #expect(ClassText.line("  #1 bob: \u{1B}[2Jmy bases\u{7}", limit: 100) == "  #1 bob: [2Jmy bases")
        #expect(ClassText.line("\u{202E}abc\r\ndef", limit: 4) == "abcd")
        #expect(ClassText.printable("  name  ", limit: 100) == "name")
    }

    @Test func badFramesAreRefusedWithTheirCode() {
        for (text, code) in Self.corpus + Self.gameCorpus {
            switch ClientMessage.decode(text) {
            case .success(let m): Issue.record("accepted \(text.prefix(80)) as \(m)")
            case .failure(let f): #expect(f.code == code, "\(text.prefix(80)): \(f)")
            }
        }
    }

    @Test func namesLoseControlCharactersAndKeepTheLimit() {
        #expect(ClassText.name("Ann\u{1B}[31m Lee\u{7}") == "Ann[31m Lee")
        #expect(ClassText.name("  \u{1B}\u{0} ") == nil)
        #expect(ClassText.name(String(repeating: "é", count: 64))?.count == 64)
        #expect(ClassText.name(String(repeating: "é", count: 65)) == nil)
        #expect(ClassText.name("a\u{202E}b") == "ab")   // no bidi override
    }

    @Test func csvQuotesAndDefusesFormulas() {
        #expect(CSV.line(["a,b", "say \"hi\"", "=1+1", "-0.5", "line\nbreak"]) == "\"a,b\",\"say \"\"hi\"\"\",'=1+1,-0.5,\"line\nbreak\"")
    }
}

/// The typed commands of a role's line session, read into the engine's moves.
@Suite struct RoleCommandTests {
    func action(_ line: String, _ role: RolePlay.Role, photons: Int = 4) throws -> GameAction? {
        if case .action(let a) = try RoleCommands.parse(line, role: role, photons: photons) { return a }
        return nil
    }

    @Test func eachRoleReadsItsCommands() throws {
        #expect(try action("send random", .alice) == .send(preparations: []))
        #expect(try action("send 01? +x", .alice) == .send(preparations: [Preparation(bit: 0, basis: .rectilinear), Preparation(bit: 1, basis: .diagonal), Preparation()]))
        #expect(try action("sample 3", .alice) == .disclose(.count(3)))
        #expect(try action("sample 0 2", .alice) == .disclose(.positions([0, 2])))
        #expect(try action("bases random", .bob) == .measure(bases: []))
        #expect(try action("measure +x?", .bob) == .measure(bases: [.rectilinear, .diagonal, nil]))
        #expect(try action("post bases", .bob) == .announceBases)
        #expect(try action("post errors", .bob) == .reportErrors)
        #expect(try action("intercept all", .eve) == .intercept(choices: [], strategy: EveStrategy(attack: .interceptResend)))
        #expect(try action("intercept 0.5", .eve) == .intercept(choices: [], strategy: EveStrategy(attack: .interceptResend, fraction: 0.5)))
        #expect(try action("intercept +-b", .eve) == .intercept(choices: [.measure(.rectilinear, resend: .result), .pass, .measure(.breidbart, resend: .result)], strategy: nil))
        #expect(try action("tamper bases ++++", .eve) == .tamper(.replaceNext(.bases([.rectilinear, .rectilinear, .rectilinear, .rectilinear]))))
        #expect(try action("tamper forge HI", .eve) == .tamper(.forgeCiphertext(plaintext: "HI")))
        #expect(try RoleCommands.parse("help", role: .bob, photons: 4) == .local("help"))
    }

    @Test func badCommandsAreOneLineErrors() {
        let bad: [(String, RolePlay.Role)] = [("measure +q", .bob), ("send 012", .alice), ("send 00000", .alice), ("intercept 2", .eve),
                                              ("sift", .bob), ("measure random", .alice), ("tamper bases +?", .eve), ("encrypt \u{1B}[2J", .alice), ("", .eve)]
        for (line, role) in bad {
            do {
                let p = try RoleCommands.parse(line, role: role, photons: 4)
                Issue.record("'\(line)' as \(role) was read as \(p)")
            } catch {
                #expect(!error.description.isEmpty && !error.description.contains("\n"))
            }
        }
    }
}
