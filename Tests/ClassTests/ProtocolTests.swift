import ClassProtocol
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
        ("{\"v\":1,\"id\":\"a\",\"type\":\"close\",\"pad\":\"" + String(repeating: "x", count: 17_000) + "\"}", .malformed),
    ]

    @Test func badFramesAreRefusedWithTheirCode() {
        for (text, code) in Self.corpus {
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
