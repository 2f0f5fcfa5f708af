// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import GRDB

/// The class database: SQLite through GRDB, in WAL mode with synchronous=FULL,
/// so a commit is on disk before `record` returns and an acknowledged answer
/// survives a kill -9 (and a power cut). Schema changes are GRDB migrations;
/// `PRAGMA user_version` carries the schema version for outside tools.
public final class SQLiteClassStore: ClassStore, @unchecked Sendable {
    public static let schemaVersion = 2
    let db: DatabasePool
    public let path: String

    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL comes with DatabasePool; FULL makes each commit durable before we acknowledge it.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(5)
        db = try DatabasePool(path: path, configuration: config)
        try Self.migrator.migrate(db)
        let version = try db.read { try Int.fetchOne($0, sql: "PRAGMA user_version") ?? 0 }
        guard version <= Self.schemaVersion else {
            throw StoreError("\(path) has schema version \(version); this qkdtutor reads up to \(Self.schemaVersion)")
        }
    }

    public var journalMode: String { ((try? db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }) ?? nil) ?? "?" }
    public var schemaVersionOnDisk: Int { ((try? db.read { try Int.fetchOne($0, sql: "PRAGMA user_version") }) ?? nil) ?? 0 }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: sessions, students, attempts") { db in
            try db.execute(sql: """
            CREATE TABLE session (
              id INTEGER PRIMARY KEY,
              code TEXT NOT NULL UNIQUE,
              teacher_token_hash TEXT NOT NULL,
              lesson TEXT,
              created_at DOUBLE NOT NULL,
              closed_at DOUBLE
            );
            CREATE TABLE session_lesson (
              session_id INTEGER NOT NULL REFERENCES session(id),
              lesson TEXT NOT NULL,
              opened_at DOUBLE NOT NULL,
              PRIMARY KEY (session_id, lesson)
            );
            CREATE TABLE student (
              id INTEGER PRIMARY KEY,
              session_id INTEGER NOT NULL REFERENCES session(id),
              name TEXT NOT NULL,
              token_hash TEXT NOT NULL UNIQUE,
              joined_at DOUBLE NOT NULL,
              expires_at DOUBLE NOT NULL,
              lesson TEXT,
              step TEXT,
              step_index INTEGER
            );
            CREATE INDEX student_session ON student(session_id);
            -- Every stored message id, once: a resend is recognised here.
            CREATE TABLE received (
              student_id INTEGER NOT NULL REFERENCES student(id),
              message_id TEXT NOT NULL,
              PRIMARY KEY (student_id, message_id)
            ) WITHOUT ROWID;
            -- One row per graded attempt.
            CREATE TABLE attempt (
              id INTEGER PRIMARY KEY,
              student_id INTEGER NOT NULL REFERENCES student(id),
              lesson TEXT NOT NULL,
              question TEXT NOT NULL,
              attempt INTEGER NOT NULL,
              answer TEXT NOT NULL,
              correct INTEGER NOT NULL,
              revealed INTEGER NOT NULL,
              choices TEXT,
              value DOUBLE,
              hints INTEGER NOT NULL,
              at DOUBLE NOT NULL
            );
            CREATE INDEX attempt_question ON attempt(lesson, question, student_id);
            CREATE TABLE hint (
              student_id INTEGER NOT NULL REFERENCES student(id),
              lesson TEXT NOT NULL,
              question TEXT NOT NULL,
              number INTEGER NOT NULL,
              at DOUBLE NOT NULL
            );
            CREATE INDEX hint_question ON hint(student_id, lesson, question);
            PRAGMA user_version = 1;
            """)
        }
        m.registerMigration("v2: role-play games") { db in
            try db.execute(sql: """
            -- A game: its engine config (JSON); the engine replays it from the actions.
            CREATE TABLE game (
              id INTEGER PRIMARY KEY,
              session_id INTEGER NOT NULL REFERENCES session(id),
              kind TEXT NOT NULL,
              config TEXT NOT NULL,
              eve_code_hash TEXT,
              created_at DOUBLE NOT NULL,
              ended_at DOUBLE
            );
            CREATE INDEX game_session ON game(session_id);
            -- The accepted actions, in the order the server applied them.
            CREATE TABLE game_action (
              game_id INTEGER NOT NULL REFERENCES game(id),
              seq INTEGER NOT NULL,
              role TEXT NOT NULL,
              action TEXT NOT NULL,
              student_id INTEGER REFERENCES student(id),
              at DOUBLE NOT NULL,
              PRIMARY KEY (game_id, seq)
            ) WITHOUT ROWID;
            -- The role each student took in a game: kept for the whole game.
            CREATE TABLE game_seat (
              game_id INTEGER NOT NULL REFERENCES game(id),
              student_id INTEGER NOT NULL REFERENCES student(id),
              role TEXT NOT NULL,
              PRIMARY KEY (game_id, student_id)
            ) WITHOUT ROWID;
            PRAGMA user_version = 2;
            """)
        }
        return m
    }

    public func openSession() throws -> SessionRecord? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM session WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1").map(Self.session)
        }
    }

    static func session(_ r: Row) -> SessionRecord {
        SessionRecord(id: r["id"], code: r["code"], teacherTokenHash: r["teacher_token_hash"], lesson: r["lesson"],
                      createdAt: Date(timeIntervalSince1970: r["created_at"]),
                      closedAt: (r["closed_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    public func createSession(code: String, teacherTokenHash: String, now: Date) throws -> SessionRecord {
        try db.write { db in
            try db.execute(sql: "INSERT INTO session (code, teacher_token_hash, created_at) VALUES (?, ?, ?)",
                           arguments: [code, teacherTokenHash, now.timeIntervalSince1970])
            return SessionRecord(id: db.lastInsertedRowID, code: code, teacherTokenHash: teacherTokenHash, lesson: nil, createdAt: now, closedAt: nil)
        }
    }

    public func closeSession(_ id: Int64, now: Date) throws {
        try db.write { try $0.execute(sql: "UPDATE session SET closed_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id]) }
    }

    public func setLesson(_ lesson: String?, session: Int64, now: Date) throws {
        try db.write { db in
            try db.execute(sql: "UPDATE session SET lesson = ? WHERE id = ?", arguments: [lesson, session])
            if let lesson {
                try db.execute(sql: "INSERT OR IGNORE INTO session_lesson VALUES (?, ?, ?)", arguments: [session, lesson, now.timeIntervalSince1970])
            }
        }
    }

    public func lessons(session: Int64) throws -> Set<String> {
        Set(try db.read { try String.fetchAll($0, sql: "SELECT lesson FROM session_lesson WHERE session_id = ?", arguments: [session]) })
    }

    public func addStudent(session: Int64, name: String, tokenHash: String, expiresAt: Date, now: Date) throws -> StudentRecord {
        try db.write { db in
            try db.execute(sql: "INSERT INTO student (session_id, name, token_hash, joined_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [session, name, tokenHash, now.timeIntervalSince1970, expiresAt.timeIntervalSince1970])
            return StudentRecord(id: db.lastInsertedRowID, sessionID: session, name: name, expiresAt: expiresAt)
        }
    }

    public func student(tokenHash: String) throws -> StudentRecord? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT id, session_id, name, expires_at FROM student WHERE token_hash = ?", arguments: [tokenHash]).map {
                StudentRecord(id: $0["id"], sessionID: $0["session_id"], name: $0["name"], expiresAt: Date(timeIntervalSince1970: $0["expires_at"]))
            }
        }
    }

    public func renew(student: Int64, expiresAt: Date) throws {
        try db.write { try $0.execute(sql: "UPDATE student SET expires_at = ? WHERE id = ?", arguments: [expiresAt.timeIntervalSince1970, student]) }
    }

    public func studentCount(session: Int64) throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM student WHERE session_id = ?", arguments: [session]) ?? 0 }
    }

    public func record(_ event: StudentEvent, student: Int64, messageID: String, now: Date) throws -> Bool {
        let t = now.timeIntervalSince1970
        return try db.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO received VALUES (?, ?)", arguments: [student, messageID])
            guard db.changesCount == 1 else { return false }
            switch event {
            case .step(let s):
                try db.execute(sql: "UPDATE student SET lesson = ?, step = ?, step_index = ? WHERE id = ?",
                               arguments: [s.lesson, s.step, s.index, student])
            case .hint(let h):
                try db.execute(sql: "INSERT INTO hint VALUES (?, ?, ?, ?, ?)", arguments: [student, h.lesson, h.question, h.number, t])
            case .answer(let a):
                let hints = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM hint WHERE student_id = ? AND lesson = ? AND question = ?",
                                             arguments: [student, a.lesson, a.question]) ?? 0
                let choices = a.choices.map { $0.map(String.init).joined(separator: " ") }
                try db.execute(sql: """
                    INSERT INTO attempt (student_id, lesson, question, attempt, answer, correct, revealed, choices, value, hints, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [student, a.lesson, a.question, a.attempt, a.answer, a.correct, a.revealed, choices, a.value, hints, t])
            }
            return true
        }
    }

    public func tally(session: Int64, lesson: String, question: String) throws -> Tally {
        try db.read { db in
            // Each student's first graded attempt at the question: the room's first vote.
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.correct, a.choices, a.value FROM attempt a
                WHERE a.id IN (SELECT MIN(a2.id) FROM attempt a2 JOIN student s ON s.id = a2.student_id
                               WHERE s.session_id = ? AND a2.lesson = ? AND a2.question = ? GROUP BY a2.student_id)
                """, arguments: [session, lesson, question])
            var t = Tally(lesson: lesson, question: question)
            t.answered = rows.count
            for r in rows {
                if (r["correct"] as Bool?) == true { t.firstTryRight += 1 }
                if let c: String = r["choices"] {
                    for i in c.split(separator: " ").compactMap({ Int($0) }) where (0..<64).contains(i) {
                        if t.options.count <= i { t.options += Array(repeating: 0, count: i + 1 - t.options.count) }
                        t.options[i] += 1
                    }
                }
                if let v: Double = r["value"], v.isFinite { t.values.append(v) }
            }
            t.values.sort()
            return t
        }
    }

    public func roster(session: Int64, lesson: String?) throws -> [(id: Int64, entry: RosterEntry)] {
        try db.read { db in
            let students = try Row.fetchAll(db, sql: "SELECT id, name, lesson, step, step_index FROM student WHERE session_id = ? ORDER BY name, id", arguments: [session])
            return try students.map { s in
                let id: Int64 = s["id"]
                let l: String? = lesson ?? s["lesson"]
                let onLesson = (s["lesson"] as String?) == l
                let score = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT question) FROM attempt WHERE student_id = ? AND lesson = ? AND correct = 1 AND revealed = 0", arguments: [id, l]) ?? 0
                let answered = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT question) FROM attempt WHERE student_id = ? AND lesson = ?", arguments: [id, l]) ?? 0
                let hints = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(m), 0) FROM (SELECT MAX(number) AS m FROM hint WHERE student_id = ? AND lesson = ? GROUP BY question)", arguments: [id, l]) ?? 0
                // Stuck: the last hint taken is on a question still not right nor revealed.
                var stuck: String?
                if let q = try String.fetchOne(db, sql: "SELECT question FROM hint WHERE student_id = ? AND lesson = ? ORDER BY rowid DESC LIMIT 1", arguments: [id, l]) {
                    let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempt WHERE student_id = ? AND lesson = ? AND question = ? AND (correct = 1 OR revealed = 1)", arguments: [id, l, q]) ?? 0
                    if done == 0 { stuck = q }
                }
                let entry = RosterEntry(name: s["name"], connected: false, step: onLesson ? s["step"] : nil, stepIndex: onLesson ? s["step_index"] : nil,
                                        score: score, answered: answered, hints: hints, stuckOn: stuck)
                return (id, entry)
            }
        }
    }

    public func export(session: Int64) throws -> [AttemptRow] {
        try db.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.id AS sid, s.name, a.lesson, a.question, a.attempt, a.answer, a.correct, a.revealed, a.hints, a.at,
                  (SELECT f.correct FROM attempt f WHERE f.student_id = a.student_id AND f.lesson = a.lesson AND f.question = a.question
                   ORDER BY f.id LIMIT 1) AS first_right
                FROM attempt a JOIN student s ON s.id = a.student_id
                WHERE s.session_id = ?
                ORDER BY s.name, s.id, a.id
                """, arguments: [session])
            return rows.map { r in
                var row = AttemptRow(student: r["name"], lesson: r["lesson"], question: r["question"], attempt: r["attempt"], answer: r["answer"],
                                     correct: r["correct"], firstTryRight: r["first_right"], hints: r["hints"], revealed: r["revealed"],
                                     time: Date(timeIntervalSince1970: (r["at"] as Double).rounded(.down)))
                row.studentID = r["sid"]
                return row
            }
        }
    }

    /// Students of a session with when they joined, and the most hints each took per (lesson, question).
    public func students(session: Int64) throws -> [ClassStudent] {
        try db.read { db in
            let hints = try Row.fetchAll(db, sql: """
                SELECT h.student_id, h.lesson, h.question, MAX(h.number) AS n FROM hint h JOIN student s ON s.id = h.student_id
                WHERE s.session_id = ? GROUP BY h.student_id, h.lesson, h.question
                """, arguments: [session])
            var byStudent: [Int64: [String: Int]] = [:]
            for h in hints { byStudent[h["student_id"], default: [:]][(h["lesson"] as String) + "/" + (h["question"] as String)] = h["n"] }
            return try Row.fetchAll(db, sql: "SELECT id, name, joined_at FROM student WHERE session_id = ? ORDER BY name, id", arguments: [session]).map {
                ClassStudent(id: $0["id"], name: $0["name"], joined: Date(timeIntervalSince1970: ($0["joined_at"] as Double).rounded(.down)),
                             hints: byStudent[$0["id"]] ?? [:])
            }
        }
    }

    public func createGame(session: Int64, kind: String, config: String, eveCodeHash: String?, now: Date) throws -> Int64 {
        try db.write { db in
            try db.execute(sql: "INSERT INTO game (session_id, kind, config, eve_code_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [session, kind, config, eveCodeHash, now.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    public func appendGameAction(game: Int64, seq: Int, role: String, action: String, student: Int64?, messageID: String, now: Date) throws -> Bool {
        try db.write { db in
            if let student {
                try db.execute(sql: "INSERT OR IGNORE INTO received VALUES (?, ?)", arguments: [student, messageID])
                guard db.changesCount == 1 else { return false }
            }
            try db.execute(sql: "INSERT INTO game_action VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [game, seq, role, action, student, now.timeIntervalSince1970])
            return true
        }
    }

    public func received(student: Int64, messageID: String) throws -> Bool {
        try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM received WHERE student_id = ? AND message_id = ?", arguments: [student, messageID]) ?? 0 } > 0
    }

    public func seat(game: Int64, student: Int64, role: String) throws -> String {
        try db.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO game_seat VALUES (?, ?, ?)", arguments: [game, student, role])
            return try String.fetchOne(db, sql: "SELECT role FROM game_seat WHERE game_id = ? AND student_id = ?", arguments: [game, student]) ?? role
        }
    }

    public func endGame(_ game: Int64, now: Date) throws {
        try db.write { try $0.execute(sql: "UPDATE game SET ended_at = ? WHERE id = ? AND ended_at IS NULL", arguments: [now.timeIntervalSince1970, game]) }
    }

    static func storedGame(_ r: Row, actions: [StoredGame.Action]) -> StoredGame {
        StoredGame(id: r["id"], sessionID: r["session_id"], kind: r["kind"], config: r["config"],
                   createdAt: Date(timeIntervalSince1970: r["created_at"]),
                   endedAt: (r["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)), actions: actions,
                   eveCodeHash: r["eve_code_hash"])
    }

    public func game(_ id: Int64) throws -> StoredGame? {
        try db.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM game WHERE id = ?", arguments: [id]) else { return nil }
            let actions = try Row.fetchAll(db, sql: "SELECT seq, role, action, at FROM game_action WHERE game_id = ? ORDER BY seq", arguments: [id]).map {
                StoredGame.Action(seq: $0["seq"], role: $0["role"], action: $0["action"], at: Date(timeIntervalSince1970: $0["at"]))
            }
            return Self.storedGame(r, actions: actions)
        }
    }

    public func games(session: Int64?) throws -> [StoredGame] {
        try db.read { db in
            let rows = if let session {
                try Row.fetchAll(db, sql: "SELECT * FROM game WHERE session_id = ? ORDER BY id DESC", arguments: [session])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM game ORDER BY id DESC")
            }
            return rows.map { Self.storedGame($0, actions: []) }
        }
    }

    /// The sessions in this file, newest first (for export).
    public func sessions() throws -> [SessionRecord] {
        try db.read { try Row.fetchAll($0, sql: "SELECT * FROM session ORDER BY id DESC").map(Self.session) }
    }
}

public struct ClassStudent: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var joined: Date
    /// "LESSON/QUESTION" → the highest hint number taken.
    public var hints: [String: Int]
    public init(id: Int64, name: String, joined: Date, hints: [String: Int]) { self.id = id; self.name = name; self.joined = joined; self.hints = hints }
}

public struct StoreError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
