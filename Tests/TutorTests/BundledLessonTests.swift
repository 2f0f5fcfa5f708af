import Foundation
import Testing
@testable import Tutor

@Suite struct BundledLessonTests {
    @Test func theRequiredLessonsShip() {
        let ids = Fixtures.bundledLessons.compactMap { LessonParser.load($0).lesson?.metadata.id }
        #expect(ids.contains("polarization") && ids.contains("bb84"))
    }

    @Test(arguments: Fixtures.bundledLessons)
    func lintsClean(_ url: URL) {
        let r = Linter.lint(url: url)
        #expect(r.diagnostics.isEmpty, "\(r.rendered().joined(separator: "\n"))")
    }

    @Test(arguments: Fixtures.bundledLessons + Fixtures.files("valid"))
    func playsHeadlessToTheEndWithItsAnswerKey(_ url: URL) throws {
        let lesson = try #require(LessonParser.load(url).lesson)
        let io = AnswerKeyIO()
        let player = LessonPlayer(lesson: lesson, io: io)
        #expect(player.play() == .completed)
        #expect(io.grades.count == lesson.questions.count)
        #expect(io.grades.allSatisfy { $0.isCorrect }, "\(io.transcript.joined(separator: "\n"))")
        let s = player.summary()
        #expect(s.correct == lesson.questions.count && s.revealed == 0 && s.hints == 0)
        #expect(s.objectives.allSatisfy { $0.met })
        #expect(player.progress.completed != nil)
        // Every command a lesson runs works when a learner types it.
        #expect(!io.transcript.contains { $0.hasPrefix("error:") }, "\(io.transcript)")
    }

    @Test(arguments: Fixtures.bundledLessons)
    func quizAsksOnlyTheQuestions(_ url: URL) throws {
        let lesson = try #require(LessonParser.load(url).lesson)
        let io = AnswerKeyIO()
        #expect(LessonPlayer(lesson: lesson, io: io, mode: .quiz).play() == .completed)
        #expect(io.grades.filter(\.isCorrect).count == lesson.questions.count)
        #expect(!io.events.contains { if case .narration = $0 { return true } else { return false } })
    }
}
