// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The wire protocol of a live class: one JSON object per WebSocket text
/// message, `{"v":1,"id":"…","type":"…", …fields}`. The id is chosen by the
/// sender and is unique per student, so a resent message is recognised and
/// acknowledged again without being stored twice. docs/class-protocol.md.
public enum ClassProtocol {
    public static let version = 1
    /// Limits the server enforces (named with their value in error frames).
    public static let maxFrameBytes = 96 * 1024
    public static let maxMessagesPerSecond = 20
    public static let maxStudents = 500
    public static let maxNameLength = 64
    public static let maxIdLength = 64
    public static let maxFieldLength = 1024
    /// The WebSocket path on the server.
    public static let path = "/class"
    public static let defaultPort = 7384
}

public enum Role: String, Codable, Sendable { case student, teacher }

/// A reference to the lesson the teacher opened; students play it locally.
public struct LessonRef: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

// MARK: client → server

public struct Hello: Codable, Sendable, Equatable {
    public var role: Role
    /// Students: the join code (first join) and/or their token (reconnect).
    public var code: String?
    public var name: String?
    public var token: String?
    public init(role: Role, code: String? = nil, name: String? = nil, token: String? = nil) {
        self.role = role; self.code = code; self.name = name; self.token = token
    }
}

public struct StepEvent: Codable, Sendable, Equatable {
    public var lesson: String
    public var step: String
    public var index: Int
    public init(lesson: String, step: String, index: Int) { self.lesson = lesson; self.step = step; self.index = index }
}

public struct HintEvent: Codable, Sendable, Equatable {
    public var lesson: String
    public var question: String
    public var number: Int
    public init(lesson: String, question: String, number: Int) { self.lesson = lesson; self.question = question; self.number = number }
}

/// One graded attempt. The student's own simulation graded it; the server
/// keeps what was answered and the verdict.
public struct AnswerEvent: Codable, Sendable, Equatable {
    public var lesson: String
    public var question: String
    public var attempt: Int
    public var answer: String
    public var correct: Bool
    /// The attempts ran out and the answer was shown.
    public var revealed: Bool
    /// Chosen option indices (choice questions), for the projector's bars.
    public var choices: [Int]?
    /// The number read (numeric questions), for the projector's histogram.
    public var value: Double?
    public init(lesson: String, question: String, attempt: Int, answer: String, correct: Bool, revealed: Bool,
                choices: [Int]? = nil, value: Double? = nil) {
        self.lesson = lesson; self.question = question; self.attempt = attempt; self.answer = answer
        self.correct = correct; self.revealed = revealed; self.choices = choices; self.value = value
    }
}

public struct OpenLesson: Codable, Sendable, Equatable {
    public var lesson: String
    public init(lesson: String) { self.lesson = lesson }
}

public enum ClientBody: Sendable, Equatable {
    case hello(Hello)
    case step(StepEvent)
    case hint(HintEvent)
    case answer(AnswerEvent)
    /// Teacher only.
    case open(OpenLesson)
    case close
    case roster
    case export
    /// Role play (GameFrames.swift): teacher starts, anyone takes a role, roles act.
    case gameStart(GameStart)
    case gameJoin(GameJoin)
    case gameAction(GameActionFrame)

    public var type: String {
        switch self {
        case .gameStart: "game-start"
        case .gameJoin: "game-join"
        case .gameAction: "game-action"
        case .hello: "hello"
        case .step: "step"
        case .hint: "hint"
        case .answer: "answer"
        case .open: "open"
        case .close: "close"
        case .roster: "roster"
        case .export: "export"
        }
    }
}

public struct ClientMessage: Sendable, Equatable {
    public var v: Int
    public var id: String
    public var body: ClientBody
    public init(id: String, body: ClientBody, v: Int = ClassProtocol.version) { self.v = v; self.id = id; self.body = body }
}

// MARK: server → client

public struct Welcome: Codable, Sendable, Equatable {
    public var role: Role
    /// Students: keep it to reconnect as the same student.
    public var token: String?
    public var name: String?
    public var lesson: LessonRef?
    public init(role: Role, token: String? = nil, name: String? = nil, lesson: LessonRef? = nil) {
        self.role = role; self.token = token; self.name = name; self.lesson = lesson
    }
}

public struct Ack: Codable, Sendable, Equatable {
    /// The id of the acknowledged message; it is stored (committed).
    public var ref: String
    public var duplicate: Bool
    public init(ref: String, duplicate: Bool = false) { self.ref = ref; self.duplicate = duplicate }
}

public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case malformed, unknownType = "unknown-type", version, wrongCode = "wrong-code", badToken = "bad-token"
    case expiredToken = "expired-token", wrongLesson = "wrong-lesson", forbidden, rateLimited = "rate-limited"
    case full, badField = "bad-field", notJoined = "not-joined", noLesson = "no-lesson", binary
    /// Role play: no such game; a role the game does not have or the connection does not hold;
    /// a move the rules refuse now (out of turn, already done, bad value).
    case unknownGame = "unknown-game", wrongRole = "wrong-role", refused
}

public struct ErrorFrame: Codable, Sendable, Equatable {
    /// The offending message's id when it could be read.
    public var ref: String?
    public var code: ErrorCode
    public var message: String
    public init(ref: String?, code: ErrorCode, message: String) { self.ref = ref; self.code = code; self.message = message }
}

/// Aggregates for one question: never a name, never one student's answer.
public struct Tally: Codable, Sendable, Equatable {
    public var lesson: String
    public var question: String
    /// Students with at least one graded attempt.
    public var answered: Int
    /// Students whose first attempt was right.
    public var firstTryRight: Int
    /// First attempts per option index (choice questions).
    public var options: [Int]
    /// First-attempt numbers (numeric questions), sorted; anonymous.
    public var values: [Double]
    public init(lesson: String, question: String, answered: Int = 0, firstTryRight: Int = 0, options: [Int] = [], values: [Double] = []) {
        self.lesson = lesson; self.question = question; self.answered = answered
        self.firstTryRight = firstTryRight; self.options = options; self.values = values
    }
}

public struct RosterEntry: Codable, Sendable, Equatable {
    public var name: String
    public var connected: Bool
    public var step: String?
    public var stepIndex: Int?
    /// Questions right without a reveal (as the player scores).
    public var score: Int
    public var answered: Int
    public var hints: Int
    /// Took a hint on a question not yet right or revealed.
    public var stuckOn: String?
    public init(name: String, connected: Bool, step: String?, stepIndex: Int?, score: Int, answered: Int, hints: Int, stuckOn: String?) {
        self.name = name; self.connected = connected; self.step = step; self.stepIndex = stepIndex
        self.score = score; self.answered = answered; self.hints = hints; self.stuckOn = stuckOn
    }
}

public struct Roster: Codable, Sendable, Equatable {
    public var code: String
    public var lesson: String?
    public var students: [RosterEntry]
    public init(code: String, lesson: String?, students: [RosterEntry]) { self.code = code; self.lesson = lesson; self.students = students }
}

public struct ExportRows: Codable, Sendable, Equatable {
    public var rows: [AttemptRow]
    public init(rows: [AttemptRow]) { self.rows = rows }
}

public enum ServerBody: Sendable, Equatable {
    case welcome(Welcome)
    case ack(Ack)
    case error(ErrorFrame)
    /// The lesson the teacher opened (nil: closed).
    case lesson(LessonRef?)
    case tally(Tally)
    case roster(Roster)
    case export(ExportRows)
    case gameOpened(GameOpened)
    case gameView(GameView)
    case gamePublic(GamePublic)
    case gameProjector(GameProjector)

    public var type: String {
        switch self {
        case .gameOpened: "game"
        case .gameView: "game-view"
        case .gamePublic: "game-public"
        case .gameProjector: "game-projector"
        case .welcome: "welcome"
        case .ack: "ack"
        case .error: "error"
        case .lesson: "lesson"
        case .tally: "tally"
        case .roster: "roster"
        case .export: "export"
        }
    }
}

public struct ServerMessage: Sendable, Equatable {
    public var v: Int
    public var body: ServerBody
    public init(_ body: ServerBody, v: Int = ClassProtocol.version) { self.v = v; self.body = body }
}
