// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation

public struct SessionRecord: Sendable, Equatable {
    public var id: Int64
    public var code: String
    public var teacherTokenHash: String
    public var lesson: String?
    public var createdAt: Date
    public var closedAt: Date?
}

public struct StudentRecord: Sendable, Equatable {
    public var id: Int64
    public var sessionID: Int64
    public var name: String
    public var expiresAt: Date
}

/// What a student sent, as stored.
public enum StudentEvent: Sendable, Equatable {
    case step(StepEvent)
    case hint(HintEvent)
    case answer(AnswerEvent)
}

/// Storage of sessions, students, attempts and answers. The server calls it
/// from one actor; every write returns only after its transaction committed.
public protocol ClassStore: AnyObject, Sendable {
    /// The newest session not closed, if any (a restarted server resumes it).
    func openSession() throws -> SessionRecord?
    func createSession(code: String, teacherTokenHash: String, now: Date) throws -> SessionRecord
    func closeSession(_ id: Int64, now: Date) throws
    func setLesson(_ lesson: String?, session: Int64, now: Date) throws
    /// Lessons opened in this session, ever.
    func lessons(session: Int64) throws -> Set<String>
    func addStudent(session: Int64, name: String, tokenHash: String, expiresAt: Date, now: Date) throws -> StudentRecord
    func student(tokenHash: String) throws -> StudentRecord?
    func renew(student: Int64, expiresAt: Date) throws
    func studentCount(session: Int64) throws -> Int
    /// Stores an event once per (student, message id); false when it was already stored.
    func record(_ event: StudentEvent, student: Int64, messageID: String, now: Date) throws -> Bool
    func tally(session: Int64, lesson: String, question: String) throws -> Tally
    func roster(session: Int64, lesson: String?) throws -> [(id: Int64, entry: RosterEntry)]
    func export(session: Int64) throws -> [AttemptRow]

    // Role play (issue 15): a game is its config and its ordered actions; the engine replays it.
    func createGame(session: Int64, kind: String, config: String, eveCodeHash: String?, now: Date) throws -> Int64
    /// Appends the game's next action; with a student, once per (student, message id) like `record`.
    /// Returns false for a resent message already stored (nothing is appended).
    func appendGameAction(game: Int64, seq: Int, role: String, action: String, student: Int64?, messageID: String, now: Date) throws -> Bool
    /// Gives a student `role` in a game unless they already hold one; returns the role they hold.
    func seat(game: Int64, student: Int64, role: String) throws -> String
    /// Whether a student's message id is already stored (a resent action).
    func received(student: Int64, messageID: String) throws -> Bool
    func endGame(_ game: Int64, now: Date) throws
    func game(_ id: Int64) throws -> StoredGame?
    /// The session's games, newest first (without their actions).
    func games(session: Int64?) throws -> [StoredGame]
}

/// One stored game: enough to replay it exactly (config + ordered actions).
public struct StoredGame: Sendable, Equatable {
    public struct Action: Sendable, Equatable {
        public var seq: Int
        public var role: String
        /// The engine's `GameAction` as JSON.
        public var action: String
        public var at: Date
        public init(seq: Int, role: String, action: String, at: Date) { self.seq = seq; self.role = role; self.action = action; self.at = at }
    }
    public var id: Int64
    public var sessionID: Int64
    public var kind: String
    /// The engine's `GameConfig` as JSON.
    public var config: String
    public var createdAt: Date
    public var endedAt: Date?
    public var actions: [Action]
    /// SHA-256 of the Eve code the teacher set, if any.
    public var eveCodeHash: String?

    public init(id: Int64, sessionID: Int64, kind: String, config: String, createdAt: Date, endedAt: Date? = nil,
                actions: [Action] = [], eveCodeHash: String? = nil) {
        self.id = id; self.sessionID = sessionID; self.kind = kind; self.config = config; self.createdAt = createdAt
        self.endedAt = endedAt; self.actions = actions; self.eveCodeHash = eveCodeHash
    }
}
