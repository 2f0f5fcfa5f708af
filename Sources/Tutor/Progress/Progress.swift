import Foundation

/// Who did the work: the name set with `progress --student` (or
/// `QKDTUTOR_STUDENT`), and an id that stays the same on this machine.
/// A learner who gives no name is recorded by the id alone.
public struct StudentIdentity: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var id: String
    public init(name: String, id: String) { self.name = name; self.id = id }

    /// A fresh anonymous id, e.g. `anon-3f9a1c20`.
    public static func anonymousId() -> String {
        var g = SystemRandomNumberGenerator()
        return "anon-" + String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &g))
    }
}

/// One answer the learner gave, right or wrong, and when.
public struct AnswerRecord: Codable, Sendable, Equatable {
    public var answer: String
    public var right: Bool
    public var time: Date
    public init(answer: String, right: Bool, time: Date) { self.answer = answer; self.right = right; self.time = time }
}

/// One question within one attempt.
public struct QuestionRecord: Codable, Sendable, Equatable {
    /// Every graded answer, in order. Unreadable input is not kept.
    public var answers: [AnswerRecord] = []
    /// Hints shown (the highest rung of the ladder reached).
    public var hints = 0
    /// Answered right in the end, without a reveal.
    public var correct = false
    public var revealed = false
    public var skipped = false
    public init() {}

    /// The first graded answer was right. `:back` and re-answering never change it.
    public var firstTryRight: Bool { answers.first?.right == true }
    /// Wrong answers, in the order given.
    public var wrongAnswers: [String] { answers.filter { !$0.right }.map(\.answer) }
    /// Graded answers given (the version 1 `attempts` count).
    public var attempts: Int { answers.count }

    enum CodingKeys: String, CodingKey { case answers, hints, correct, revealed, skipped, firstTryRight }
    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        answers = try c.decodeIfPresent([AnswerRecord].self, forKey: .answers) ?? []
        hints = try c.decodeIfPresent(Int.self, forKey: .hints) ?? 0
        correct = try c.decodeIfPresent(Bool.self, forKey: .correct) ?? false
        revealed = try c.decodeIfPresent(Bool.self, forKey: .revealed) ?? false
        skipped = try c.decodeIfPresent(Bool.self, forKey: .skipped) ?? false
    }
    public func encode(to e: any Encoder) throws {
        var c = e.container(keyedBy: CodingKeys.self)
        try c.encode(answers, forKey: .answers); try c.encode(hints, forKey: .hints)
        try c.encode(correct, forKey: .correct); try c.encode(revealed, forKey: .revealed)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(firstTryRight, forKey: .firstTryRight)   // for readers; recomputed on load
    }
}

/// ✓ every question of the objective right at the first try, ~ some, ✗ none.
public enum ObjectiveResult: String, Codable, Sendable {
    case met = "✓", partly = "~", notMet = "✗"
}

/// An objective as the lesson stated it when the attempt was made, with the
/// questions that evidence it, so an export needs no lesson file.
public struct ObjectiveRecord: Codable, Sendable, Equatable {
    public var id: String
    public var text: String
    public var questions: [String]
    public init(id: String, text: String, questions: [String]) { self.id = id; self.text = text; self.questions = questions }
}

/// One play-through of a lesson (or of its quiz) by one student. Restarting
/// a lesson starts a new attempt; finished attempts stay in the history.
public struct Attempt: Codable, Sendable, Equatable {
    public enum Mode: String, Codable, Sendable { case lesson, quiz }

    /// Unique across machines: the student id, the lesson, the start time and a random part.
    public var id: String
    /// 1, 2, … within this student's history of this lesson.
    public var number: Int
    public var mode: Mode
    public var student: StudentIdentity
    public var lesson: String
    public var title: String
    public var contentHash: String
    /// The session seed every command ran with (the lesson's, or `lesson --seed`).
    public var seed: UInt64
    /// `param:` values drawn for this learner, as shown.
    public var params: [String: String] = [:]
    /// The step id to resume at: ids, never line numbers, so edits keep it.
    public var step: String
    /// Question ids in lesson order (exports keep this order).
    public var questionOrder: [String] = []
    public var questions: [String: QuestionRecord] = [:]
    public var objectives: [ObjectiveRecord] = []
    public var skippedSteps: [String] = []
    public var started: Date
    public var updated: Date
    public var completed: Date?

    public init(lesson: Lesson, student: StudentIdentity, number: Int = 1, mode: Mode = .lesson,
                seed: UInt64? = nil, now: Date = Date.wholeSeconds()) {
        self.lesson = lesson.metadata.id
        self.number = number; self.mode = mode; self.student = student
        title = lesson.metadata.title
        contentHash = lesson.contentHash
        self.seed = seed ?? lesson.metadata.seed
        step = lesson.steps.first?.id ?? ""
        started = now; updated = now
        id = "\(student.id)/\(lesson.metadata.id)/\(Int(now.timeIntervalSince1970))-\(String(format: "%04x", UInt16.random(in: 0...UInt16.max)))"
        adopt(lesson)
    }

    /// Takes the lesson's current question order and objectives.
    public mutating func adopt(_ lesson: Lesson) {
        title = lesson.metadata.title
        contentHash = lesson.contentHash
        questionOrder = lesson.questions.map(\.id)
        objectives = lesson.metadata.objectives.map { o in
            ObjectiveRecord(id: o.id, text: o.text, questions: lesson.questions.filter { $0.objective?.value == o.id }.map(\.id))
        }
    }

    public var total: Int { questionOrder.count }
    /// Questions right at the first try: the score. Hints and reveals are counted apart.
    public var score: Int { questionOrder.filter { questions[$0]?.firstTryRight == true }.count }
    public var hintsUsed: Int { questions.values.reduce(0) { $0 + $1.hints } }
    public var revealedCount: Int { questions.values.filter(\.revealed).count }
    public var skippedCount: Int { questions.values.filter(\.skipped).count }

    public func result(of objective: ObjectiveRecord) -> ObjectiveResult {
        let right = objective.questions.filter { questions[$0]?.firstTryRight == true }.count
        if !objective.questions.isEmpty && right == objective.questions.count { return .met }
        return right > 0 ? .partly : .notMet
    }
}

/// Every attempt at one lesson, oldest first.
public struct LessonRecord: Codable, Sendable, Equatable {
    public var attempts: [Attempt] = []
    public init(attempts: [Attempt] = []) { self.attempts = attempts }

    /// The lesson attempt to resume: the newest unfinished one.
    public var current: Attempt? { attempts.last { $0.mode == .lesson && $0.completed == nil } }
    /// The newest finished lesson attempt.
    public var lastCompleted: Attempt? { attempts.last { $0.mode == .lesson && $0.completed != nil } }
    public var nextNumber: Int { (attempts.map(\.number).max() ?? 0) + 1 }

    /// The attempt a summary shows: the one in progress, else the last finished one.
    public var shown: Attempt? { current ?? lastCompleted }
    // Read-only views of `shown`, so code written for version 1 progress
    // (`p.completed`, `p.score`, `p.step`, `p.questions`) reads the same.
    public var completed: Date? { current == nil ? lastCompleted?.completed : nil }
    public var score: Int { shown?.score ?? 0 }
    public var step: String { shown?.step ?? "" }
    public var questions: [String: QuestionRecord] { shown?.questions ?? [:] }

    /// Puts an attempt in, replacing the stored one with the same id.
    public mutating func merge(_ a: Attempt) {
        if let i = attempts.firstIndex(where: { $0.id == a.id }) { attempts[i] = a } else { attempts.append(a) }
        attempts.sort { ($0.started, $0.number) < ($1.started, $1.number) }
    }
}

/// Everything the tutor remembers about a learner, one JSON file (version 2).
/// Version 1 files are read and converted.
public struct ProgressFile: Codable, Sendable, Equatable {
    public static let currentVersion = 2
    public var version = ProgressFile.currentVersion
    public var student: StudentIdentity?
    /// By lesson id.
    public var lessons: [String: LessonRecord] = [:]
    public init() {}

    enum CodingKeys: String, CodingKey { case version, student, lessons }
    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        student = try c.decodeIfPresent(StudentIdentity.self, forKey: .student)
        if version == 1 {
            let old = try c.decode([String: LegacyLessonProgress].self, forKey: .lessons)
            let who = student ?? StudentIdentity(name: "", id: "anon-v1")
            lessons = old.mapValues { LessonRecord(attempts: [$0.attempt(student: who)]) }
            for (id, r) in lessons { lessons[id]!.attempts[0].lesson = id; lessons[id]!.attempts[0].id = "\(who.id)/\(id)/v1"; _ = r }
            version = Self.currentVersion
        } else {
            lessons = try c.decode([String: LessonRecord].self, forKey: .lessons)
        }
    }
    public func encode(to e: any Encoder) throws {
        var c = e.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(student, forKey: .student)
        try c.encode(lessons, forKey: .lessons)
    }

    /// Every attempt in the file, by lesson id then start time.
    public var allAttempts: [Attempt] {
        lessons.keys.sorted().flatMap { lessons[$0]!.attempts }
    }
}

/// A version 1 lesson entry, read once and turned into an attempt.
struct LegacyLessonProgress: Decodable {
    struct Q: Decodable { var attempts = 0; var hints = 0; var correct = false; var revealed = false; var skipped = false }
    var title: String
    var contentHash: String
    var seed: UInt64
    var step: String
    var questions: [String: Q]?
    var skippedSteps: [String]?
    var started: Date
    var updated: Date
    var completed: Date?

    func attempt(student: StudentIdentity) -> Attempt {
        var a = Attempt(lessonId: "", title: title, contentHash: contentHash, seed: seed, step: step,
                        student: student, started: started)
        a.updated = updated; a.completed = completed
        a.skippedSteps = skippedSteps ?? []
        for (id, q) in (questions ?? [:]).sorted(by: { $0.key < $1.key }) {
            var r = QuestionRecord()
            r.hints = q.hints; r.correct = q.correct; r.revealed = q.revealed; r.skipped = q.skipped
            // Version 1 kept counts, not answers: a right answer at the first attempt is the only first-try evidence.
            if q.correct && !q.revealed && q.attempts == 1 { r.answers = [AnswerRecord(answer: "", right: true, time: updated)] }
            else if q.attempts > 0 { r.answers = [AnswerRecord(answer: "", right: false, time: updated)] }
            a.questions[id] = r
            a.questionOrder.append(id)
        }
        return a
    }
}

extension Attempt {
    /// A bare attempt, for converting version 1 files and for tests.
    init(lessonId: String, title: String, contentHash: String, seed: UInt64, step: String, student: StudentIdentity, started: Date) {
        id = "\(student.id)/\(lessonId)/\(Int(started.timeIntervalSince1970))"
        number = 1; mode = .lesson; self.student = student; lesson = lessonId
        self.title = title; self.contentHash = contentHash; self.seed = seed; self.step = step
        self.started = started; updated = started
    }
}

extension Date {
    /// Now, to the second: the JSON keeps ISO 8601 seconds, so a saved
    /// file reads back equal.
    public static func wholeSeconds() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}
