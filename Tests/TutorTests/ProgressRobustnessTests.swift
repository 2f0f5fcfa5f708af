import Foundation
import Testing
@testable import Tutor

/// Issue 18: progress is never lost.
@Suite struct ProgressRobustnessTests {
    let lessonText = { (id: String) in
        """
        qkdtutor-lesson 2
        id: \(id)
        title: Lesson \(id)

        == a: A
        ? numeric q
        ask: 1 + 1?
        answer: 2 ± 0
        explain: Two.

        == b: B
        Done.
        """
    }

    func attempt(_ lesson: String, _ student: StudentIdentity, answers: [String]) -> Attempt {
        var a = Attempt(lesson: Fixtures.lesson(lessonText(lesson)), student: student)
        var r = QuestionRecord()
        r.answers = answers.map { AnswerRecord(answer: $0, right: $0 == "2", time: Date(timeIntervalSince1970: 0)) }
        r.correct = answers.last == "2"
        a.questions["q"] = r
        return a
    }

    /// Two instances (each with its own lesson attempt, saved again and again)
    /// and a reset of a third lesson, in 20 random orders: every record survives.
    @Test func twentyRandomInterleavingsKeepEveryRecord() throws {
        var rng = SplitMix(seed: 18)
        let me = StudentIdentity(name: "Ada", id: "anon-1")
        for round in 0..<20 {
            let dir = Fixtures.temporaryDirectory()
            let a = ProgressStore(directory: dir), b = ProgressStore(directory: dir), resetter = ProgressStore(directory: dir)
            // Each instance loads at start (the old bug: each wrote back this snapshot).
            _ = a.load(); _ = b.load()
            try resetter.save(attempt("gone", me, answers: ["1"]))
            var attemptA = attempt("alpha", me, answers: [])
            var attemptB = attempt("beta", me, answers: [])
            var ops = Array(repeating: "a", count: 5) + Array(repeating: "b", count: 5) + ["reset"]
            ops.shuffle(using: &rng)
            for op in ops {
                switch op {
                case "a": attemptA.questions["q"]!.answers.append(AnswerRecord(answer: "1", right: false, time: Date.wholeSeconds())); try a.save(attemptA)
                case "b": attemptB.questions["q"]!.answers.append(AnswerRecord(answer: "2", right: true, time: Date.wholeSeconds())); try b.save(attemptB)
                default: #expect(try resetter.reset(lesson: "gone"))
                }
            }
            let final = ProgressStore(directory: dir).load()
            #expect(final.lessons["alpha"]?.attempts == [attemptA], "round \(round): \(ops)")
            #expect(final.lessons["beta"]?.attempts == [attemptB], "round \(round): \(ops)")
            #expect(final.lessons["gone"] == nil, "round \(round)")
            #expect(final.student == me)
        }
    }

    /// The same with real concurrency: two threads saving at once through the lock.
    @Test func concurrentSavesKeepBothRecords() throws {
        let dir = Fixtures.temporaryDirectory()
        let me = StudentIdentity(name: "", id: "anon-2")
        let attempts = [attempt("alpha", me, answers: ["2"]), attempt("beta", me, answers: ["1"])]
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            let store = ProgressStore(directory: dir)
            try? store.save(attempts[i % 2])
        }
        let f = ProgressStore(directory: dir).load()
        #expect(f.lessons["alpha"]?.attempts.count == 1 && f.lessons["beta"]?.attempts.count == 1)
    }

    /// A read error other than "no such file" (here: the path is a directory)
    /// makes the store read-only, warns in one line, and touches nothing.
    @Test func anUnreadableFileMakesTheStoreReadOnly() throws {
        let dir = Fixtures.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try FileManager.default.createDirectory(at: store.url, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: store.url.appendingPathComponent("inside"))
        let f = store.load()
        #expect(f.lessons.isEmpty && store.readOnly)
        #expect(store.warning?.contains("cannot read") == true && store.warning?.contains("\n") == false)
        #expect(throws: ProgressStore.StoreError.self) { try store.save(attempt("alpha", StudentIdentity(name: "", id: "x"), answers: [])) }
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: store.url.path, isDirectory: &isDir) && isDir.boolValue)
        #expect(try String(contentsOf: store.url.appendingPathComponent("inside"), encoding: .utf8) == "keep")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!names.contains { $0.contains("corrupt") })
    }

    /// chmod 000: only meaningful as a non-root user (root reads anything).
    @Test(.enabled(if: getuid() != 0, "root ignores file permissions; the directory case above covers read errors"))
    func aFileWithoutReadPermissionIsLeftAlone() throws {
        let dir = Fixtures.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try store.save(attempt("alpha", StudentIdentity(name: "", id: "x"), answers: ["2"]))
        let before = try Data(contentsOf: store.url)
        chmod(store.url.path, 0)
        defer { chmod(store.url.path, 0o600) }
        _ = ProgressStore(directory: dir).load()
        let s2 = ProgressStore(directory: dir)
        _ = s2.load()
        #expect(s2.readOnly)
        chmod(store.url.path, 0o600)
        #expect(try Data(contentsOf: store.url) == before)
    }

    /// Bytes that are not UTF-8 JSON are damage, not a read error: moved aside, as before.
    @Test func invalidUTF8IsMovedAside() throws {
        let dir = Fixtures.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try Data([0xFF, 0xFE, 0x00, 0x7B]).write(to: store.url)
        _ = store.load()
        #expect(!store.readOnly && store.warning?.contains("moved it to") == true)
    }

    @Test func aSymlinkedFileIsWrittenThrough() throws {
        let dir = Fixtures.temporaryDirectory()
        let elsewhere = Fixtures.temporaryDirectory().appendingPathComponent("real.json")
        let store = ProgressStore(directory: dir)
        try FileManager.default.createSymbolicLink(at: store.url, withDestinationURL: elsewhere)
        try store.save(attempt("alpha", StudentIdentity(name: "", id: "x"), answers: ["2"]))
        let attrs = try FileManager.default.attributesOfItem(atPath: store.url.path)
        #expect(attrs[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOf: elsewhere, encoding: .utf8).contains("alpha"))
    }

    @Test func aVersion1FileIsConverted() throws {
        let dir = Fixtures.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try Data(#"""
        {"version": 1, "lessons": {"polarization": {"title": "P", "contentHash": "h", "seed": 1, "step": "malus",
         "questions": {"q1": {"attempts": 1, "hints": 0, "correct": true, "revealed": false, "skipped": false},
                       "q2": {"attempts": 3, "hints": 1, "correct": false, "revealed": true, "skipped": false}},
         "skippedSteps": [], "started": "2026-11-30T10:00:00Z", "updated": "2026-11-30T10:05:00Z"}}}
        """#.utf8).write(to: store.url)
        let f = store.load()
        let a = try #require(f.lessons["polarization"]?.current)
        #expect(store.warning == nil)
        #expect(a.step == "malus" && a.score == 1 && a.questions["q2"]?.revealed == true && a.lesson == "polarization")
    }

    @Test func restartingAFinishedLessonKeepsTheCompletedAttempt() throws {
        let dir = Fixtures.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        let lesson = Fixtures.lesson(lessonText("alpha"))
        let me = StudentIdentity(name: "Ada", id: "anon-3")
        let first = LessonPlayer(lesson: lesson, io: ScriptIO(["2", "", ""]), student: me) { try! store.save($0) }
        #expect(first.play() == .completed)
        let record = store.load().lessons["alpha"]!
        let second = LessonPlayer(lesson: lesson, io: ScriptIO(["3", ":quit"]), student: me, number: record.nextNumber) { try! store.save($0) }
        _ = second.play()
        let after = store.load().lessons["alpha"]!
        #expect(after.attempts.count == 2)
        #expect(after.lastCompleted?.number == 1 && after.lastCompleted?.score == 1)
        #expect(after.current?.number == 2 && after.current?.questions["q"]?.answers.map(\.answer) == ["3"])
    }

    @Test func aQuizIsRecordedAsAQuizAttempt() throws {
        let dir = Fixtures.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        let lesson = Fixtures.lesson(lessonText("alpha"))
        let quiz = LessonPlayer(lesson: lesson, io: ScriptIO(["2"]), mode: .quiz) { try! store.save($0) }
        #expect(quiz.play() == .completed)
        let a = try #require(store.load().lessons["alpha"]?.attempts.first)
        #expect(a.mode == .quiz && a.completed != nil && a.score == 1)
    }
}

/// A fixed-seed generator for the interleavings.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
