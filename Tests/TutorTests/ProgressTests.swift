import Foundation
import Testing
@testable import Tutor

@Suite struct ProgressTests {
    let v1 = """
    qkdtutor-lesson 1
    id: p
    title: Progress
    seed: 2

    == a: A
    $ polarization --photons 100
    ? choice qa
    ask: Pick.
    correct: yes
    option: no
    explain: Yes.

    == b: B
    ? choice qb
    ask: Pick.
    correct: yes
    option: no
    explain: Yes.

    == c: C
    Done.
    """

    func play(_ lesson: Lesson, _ store: ProgressStore, _ lines: [String]) -> LessonPlayer {
        let file = store.load()
        let existing = file.lessons[lesson.metadata.id]?.current
        let (start, note) = LessonPlayer.resumePoint(lesson, existing)
        let player = LessonPlayer(lesson: lesson, io: ScriptIO(lines), progress: existing, student: store.student(file)) { p in
            try! store.save(p)
        }
        _ = player.play(from: start, resumeNote: note)
        return player
    }

    @Test func survivesAKillMidLesson() throws {
        let dir = Fixtures.temporaryDirectory()
        let lesson = Fixtures.lesson(v1)
        // The learner answers qa, reaches step b, and the process dies (input ends, nothing else runs).
        _ = play(lesson, ProgressStore(directory: dir), ["a", ""])
        // A fresh process: a new store reads what was written.
        let fresh = ProgressStore(directory: dir)
        let p = try #require(fresh.load().lessons["p"]?.current)
        #expect(fresh.warning == nil)
        #expect(p.step == "b" && p.questions["qa"]?.correct == true && p.score == 1)
        let (start, note) = LessonPlayer.resumePoint(lesson, p)
        #expect(start == 1 && note?.contains("'B' (step 2 of 3)") == true)
        // No temp files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.sorted() == ["progress.json", "progress.json.lock"])
    }

    @Test func writesAreAtomicAndVersioned() throws {
        let dir = Fixtures.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        let a = Attempt(lesson: Fixtures.lesson(v1), student: StudentIdentity(name: "Ada", id: "anon-1"))
        try store.save(a)
        let json = try String(contentsOf: store.url, encoding: .utf8)
        #expect(json.contains("\"version\" : 2") && json.contains("\"contentHash\""))
        #expect(store.load().lessons["p"]?.attempts == [a])
    }

    @Test func aCorruptFileIsMovedAsideWithAWarning() throws {
        let dir = Fixtures.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try Data("{ not json".utf8).write(to: store.url)
        let f = store.load()
        #expect(f.lessons.isEmpty)
        #expect(store.warning?.contains("moved it to progress.json.corrupt-") == true)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let aside = try #require(names.first { $0.hasPrefix("progress.json.corrupt-") })
        #expect(try String(contentsOf: dir.appendingPathComponent(aside), encoding: .utf8) == "{ not json")
        #expect(!names.contains("progress.json"))
    }

    @Test func aNewerVersionIsMovedAsideNotOverwritten() throws {
        let dir = Fixtures.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try Data(#"{"version": 99, "lessons": {}}"#.utf8).write(to: store.url)
        _ = store.load()
        #expect(store.warning?.contains("newer qkdtutor") == true)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.contains { $0.hasPrefix("progress.json.corrupt-") })
    }

    @Test func resumesAtTheSameStepAfterAnEdit() throws {
        let dir = Fixtures.temporaryDirectory()
        _ = play(Fixtures.lesson(v1), ProgressStore(directory: dir), ["a", ""])
        // The teacher inserts a step before 'b' and rewords things.
        let edited = v1.replacingOccurrences(of: "== b: B", with: "== new: New\nInserted.\n\n== b: B (reworded)")
        let lesson = Fixtures.lesson(edited)
        let p = ProgressStore(directory: dir).load().lessons["p"]?.current
        let (start, note) = LessonPlayer.resumePoint(lesson, p)
        #expect(lesson.steps[start].id == "b")
        #expect(note?.contains("edited") == true)
    }

    @Test func saysWhenTheStepIsGone() throws {
        let dir = Fixtures.temporaryDirectory()
        _ = play(Fixtures.lesson(v1), ProgressStore(directory: dir), ["a", ""])
        let edited = v1.replacingOccurrences(of: "== b: B", with: "== bee: B")
        let p = ProgressStore(directory: dir).load().lessons["p"]?.current
        let (start, note) = LessonPlayer.resumePoint(Fixtures.lesson(edited), p)
        #expect(start == 0)
        #expect(note?.contains("is gone") == true)
    }

    @Test func completionIsRecorded() throws {
        let dir = Fixtures.temporaryDirectory()
        _ = play(Fixtures.lesson(v1), ProgressStore(directory: dir), ["a", "", "a", "", ""])
        let p = try #require(ProgressStore(directory: dir).load().lessons["p"]?.lastCompleted)
        #expect(p.completed != nil && p.score == 2 && p.total == 2)
    }
}
