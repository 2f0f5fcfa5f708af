// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Crypto
import Foundation

/// Random secrets and their stored form. Tokens are 128-bit random hex from
/// the system generator (getrandom); the database keeps only SHA-256 hashes.
public enum Secrets {
    /// No 0/O, 1/I/L: a code read off a projector should not be ambiguous.
    static let codeAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    public static func joinCode() -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in codeAlphabet[Int(g.next(upperBound: UInt64(codeAlphabet.count)))] })
    }

    public static func token() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(format: "%016llx", g.next() as UInt64) }.joined()
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Per-connection rate limit: a token bucket of 20 messages refilled at 20/s.
struct RateLimiter {
    var tokens = Double(ClassProtocol.maxMessagesPerSecond)
    var last: ContinuousClock.Instant
    init(now: ContinuousClock.Instant) { last = now }
    mutating func allow(now: ContinuousClock.Instant) -> Bool {
        let rate = Double(ClassProtocol.maxMessagesPerSecond)
        let dt = now - last
        last = now
        tokens = min(rate, tokens + rate * (Double(dt.components.seconds) + Double(dt.components.attoseconds) * 1e-18))
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

/// The class session's state, one actor: who is connected, in which role,
/// and the store. Frames go out through each connection's own queue, so the
/// actor never waits on a slow socket.
public actor ClassHub {
    public typealias Outbox = AsyncStream<String>.Continuation
    struct Connection {
        var outbox: Outbox
        var role: Role?
        var student: StudentRecord?
        var limiter: RateLimiter
        /// Role play: the game and role this connection holds.
        var game: (id: Int64, role: String)?
    }

    let store: any ClassStore
    public private(set) var session: SessionRecord
    var connections: [Int: Connection] = [:]
    var nextConnection = 0
    var lessons: Set<String>
    /// Role play: the games being played, by id, and how to build one.
    var games: [Int64: LiveGame] = [:]
    var newestGame: Int64?
    public var gameFactory: GameFactory?
    let clock = ContinuousClock()
    /// How long a student token stays valid after its last use.
    public var tokenLifetime: TimeInterval = 12 * 3600
    /// Set to print one line per event (serve --verbose).
    public var log: (@Sendable (String) -> Void)?

    init(store: any ClassStore, session: SessionRecord) throws {
        self.store = store
        self.session = session
        lessons = try store.lessons(session: session.id)
    }

    /// Resumes the store's open session (a restarted server), or starts a new
    /// one; only a new session's teacher token is returned (the token file keeps it).
    public static func start(store: any ClassStore, newSession: Bool = false, now: Date = Date()) throws -> (ClassHub, teacherToken: String?) {
        if !newSession, let s = try store.openSession() {
            return (try ClassHub(store: store, session: s), nil)
        }
        if let s = try store.openSession() { try store.closeSession(s.id, now: now) }
        let token = Secrets.token()
        let s = try store.createSession(code: Secrets.joinCode(), teacherTokenHash: Secrets.hash(token), now: now)
        return (try ClassHub(store: store, session: s), token)
    }

    public var code: String { session.code }

    public func connect(_ outbox: Outbox) -> Int {
        nextConnection += 1
        connections[nextConnection] = Connection(outbox: outbox, limiter: RateLimiter(now: clock.now))
        return nextConnection
    }

    public func disconnect(_ id: Int) {
        let held = connections[id]?.game
        connections[id]?.outbox.finish()
        connections[id] = nil
        // A player left: the projector's list of seats shows one fewer connected.
        if let held, held.role != GameProtocol.projector, let live = games[held.id] { pushSeats(live) }
    }

    func send(_ id: Int, _ body: ServerBody) {
        connections[id]?.outbox.yield(ServerMessage(body).encoded())
    }

    func fail(_ id: Int, ref: String?, _ code: ErrorCode, _ message: String) {
        log?("error \(code.rawValue) on connection \(id): \(message)")
        send(id, .error(ErrorFrame(ref: ref, code: code, message: message)))
    }

    /// One text frame from a connection: exactly one reply for a request
    /// (ack, welcome, roster, export or one error frame).
    public func receive(_ id: Int, text: String, now: Date = Date()) {
        guard var c = connections[id] else { return }
        guard c.limiter.allow(now: clock.now) else {
            connections[id] = c
            fail(id, ref: nil, .rateLimited, "more than \(ClassProtocol.maxMessagesPerSecond) messages a second; this one was dropped, send it again")
            return
        }
        connections[id] = c
        let message: ClientMessage
        switch ClientMessage.decode(text) {
        case .failure(let f): fail(id, ref: f.ref, f.code, f.message); return
        case .success(let m): message = m
        }
        do {
            try handle(id, message, now: now)
        } catch {
            fail(id, ref: message.id, .malformed, "the server could not store this message (\(error)); send it again")
        }
    }

    public func binaryFrame(_ id: Int) {
        fail(id, ref: nil, .binary, "binary frames are not part of the protocol; send JSON text")
    }

    func handle(_ id: Int, _ m: ClientMessage, now: Date) throws {
        guard let c = connections[id] else { return }
        if case .hello(let h) = m.body { return try hello(id, m.id, h, now: now) }
        guard let role = c.role else { return fail(id, ref: m.id, .notJoined, "send hello first") }
        switch (m.body, role) {
        case (.step(let s), .student): try studentEvent(id, m.id, lesson: s.lesson, .step(s), now: now)
        case (.hint(let h), .student): try studentEvent(id, m.id, lesson: h.lesson, .hint(h), now: now)
        case (.answer(let a), .student): try studentEvent(id, m.id, lesson: a.lesson, .answer(a), now: now)
        case (.open(let o), .teacher):
            let lesson = ClassText.printable(o.lesson, limit: ClassProtocol.maxIdLength)
            guard !lesson.isEmpty, lesson == o.lesson else { return fail(id, ref: m.id, .badField, "lesson id must be 1 to \(ClassProtocol.maxIdLength) printable characters") }
            try store.setLesson(lesson, session: session.id, now: now)
            session.lesson = lesson
            lessons.insert(lesson)
            send(id, .ack(Ack(ref: m.id)))
            broadcastLesson()
            log?("lesson \(lesson) opened")
        case (.close, .teacher):
            try store.setLesson(nil, session: session.id, now: now)
            session.lesson = nil
            send(id, .ack(Ack(ref: m.id)))
            broadcastLesson()
        case (.roster, .teacher): send(id, .roster(try roster()))
        case (.export, .teacher): send(id, .export(ExportRows(rows: try store.export(session: session.id))))
        case (.step, .teacher), (.hint, .teacher), (.answer, .teacher):
            fail(id, ref: m.id, .forbidden, "'\(m.body.type)' is a student message")
        case (.open, .student), (.close, .student), (.roster, .student), (.export, .student):
            fail(id, ref: m.id, .forbidden, "'\(m.body.type)' needs the teacher token")
        case (.gameStart(let g), .teacher): try startGame(id, m.id, g, now: now)
        case (.gameStart, .student): fail(id, ref: m.id, .forbidden, "'game-start' needs the teacher token")
        case (.gameJoin(let j), _): try joinGame(id, m.id, j, as: role)
        case (.gameAction(let a), _): try gameAction(id, m.id, a, now: now)
        case (.hello, _): break
        }
    }

    func hello(_ id: Int, _ ref: String, _ h: Hello, now: Date) throws {
        guard connections[id]?.role == nil else { return fail(id, ref: ref, .badField, "already joined on this connection") }
        switch h.role {
        case .teacher:
            guard let t = h.token, Secrets.hash(t) == session.teacherTokenHash else {
                return fail(id, ref: ref, .badToken, "wrong teacher token")
            }
            connections[id]?.role = .teacher
            send(id, .welcome(Welcome(role: .teacher, lesson: session.lesson.map(LessonRef.init))))
        case .student:
            if let t = h.token {
                guard let s = try store.student(tokenHash: Secrets.hash(t)) else {
                    return fail(id, ref: ref, .badToken, "unknown student token; join again with the code")
                }
                guard s.sessionID == session.id, s.expiresAt > now else {
                    return fail(id, ref: ref, .expiredToken, "this token belongs to a closed or expired session; join again with the code")
                }
                try store.renew(student: s.id, expiresAt: now.addingTimeInterval(tokenLifetime))
                connections[id]?.role = .student
                connections[id]?.student = s
                send(id, .welcome(Welcome(role: .student, token: t, name: s.name, lesson: session.lesson.map(LessonRef.init))))
                log?("\(s.name) reconnected")
                return
            }
            guard let code = h.code, code.uppercased() == session.code else {
                return fail(id, ref: ref, .wrongCode, "wrong join code")
            }
            guard let raw = h.name, let name = ClassText.name(raw) else {
                return fail(id, ref: ref, .badField, "a name of 1 to \(ClassProtocol.maxNameLength) characters is needed (control characters are removed)")
            }
            guard try store.studentCount(session: session.id) < ClassProtocol.maxStudents else {
                return fail(id, ref: ref, .full, "this session has its limit of \(ClassProtocol.maxStudents) students")
            }
            let token = Secrets.token()
            let s = try store.addStudent(session: session.id, name: name, tokenHash: Secrets.hash(token),
                                         expiresAt: now.addingTimeInterval(tokenLifetime), now: now)
            connections[id]?.role = .student
            connections[id]?.student = s
            send(id, .welcome(Welcome(role: .student, token: token, name: name, lesson: session.lesson.map(LessonRef.init))))
            log?("\(name) joined")
        }
    }

    func studentEvent(_ id: Int, _ ref: String, lesson: String, _ event: StudentEvent, now: Date) throws {
        guard let s = connections[id]?.student else { return }
        guard lessons.contains(lesson) else {
            return fail(id, ref: ref, .wrongLesson, "lesson '\(ClassText.printable(lesson, limit: 64))' was not opened in this session")
        }
        if let bad = check(event) { return fail(id, ref: ref, .badField, bad) }
        // Committed before acknowledged: record returns after the transaction.
        let fresh = try store.record(event, student: s.id, messageID: ref, now: now)
        send(id, .ack(Ack(ref: ref, duplicate: !fresh)))
        if fresh, case .answer(let a) = event { publishTally(lesson: a.lesson, question: a.question) }
    }

    func check(_ e: StudentEvent) -> String? {
        let limit = ClassProtocol.maxFieldLength
        func ok(_ s: String) -> Bool { !s.isEmpty && s.count <= limit }
        switch e {
        case .step(let s): return ok(s.step) && s.index >= 0 ? nil : "step needs an id of 1 to \(limit) characters and an index ≥ 0"
        case .hint(let h): return ok(h.question) && h.number >= 1 ? nil : "hint needs a question id and a number ≥ 1"
        case .answer(let a):
            guard ok(a.question), a.attempt >= 1, a.answer.count <= limit else { return "answer needs a question id, an attempt ≥ 1 and at most \(limit) characters" }
            if let c = a.choices, c.count > 64 || c.contains(where: { $0 < 0 || $0 >= 64 }) { return "choices are option indices 0 to 63" }
            return nil
        }
    }

    /// Teachers (the projector) get the question's aggregates after each new answer.
    func publishTally(lesson: String, question: String) {
        let teachers = connections.filter { $0.value.role == .teacher }.map(\.key)
        guard !teachers.isEmpty, let t = try? store.tally(session: session.id, lesson: lesson, question: question) else { return }
        for id in teachers { send(id, .tally(t)) }
    }

    func broadcastLesson() {
        for (id, c) in connections where c.role != nil { send(id, .lesson(session.lesson.map(LessonRef.init))) }
    }

    func roster() throws -> Roster {
        let online = Set(connections.values.compactMap { $0.student?.id })
        let rows = try store.roster(session: session.id, lesson: session.lesson)
        return Roster(code: session.code, lesson: session.lesson, students: rows.map { r in
            var e = r.entry
            e.connected = online.contains(r.id)
            return e
        })
    }

    public var connectionCount: Int { connections.count }

    public func setLog(_ log: (@Sendable (String) -> Void)?) { self.log = log }
}
