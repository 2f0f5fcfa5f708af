import Commands
import Foundation
import Testing
@testable import Tutor

/// Notes what a stage is asked to show.
final class RecordingStage: DemoStage {
    var events: [String] = []
    var rows: [String] = []
    var keys: PresenterInput? { nil }
    func show(_ event: LessonEvent) { events.append("\(event)".prefix(20).description) }
    func commandLine(_ text: String) { rows.append(text) }
    func paused(_ on: Bool) {}
    func live(_ outcome: Outcome) {}
}

@Suite("Demo stage")
struct DemoStageTests {
    func play(stage: DemoStage?) throws -> (io: DemoIO, screen: String) {
        let lesson = try LessonLibrary.find("bb84")
        var options = DemoOptions()
        options.realTime = false
        options.pauseAt = .never
        options.typingSeed = lesson.metadata.seed
        var screen = ""
        let io = DemoIO(style: DemoTests.style, options: options, keys: nil,
                        recorder: AsciicastRecorder(width: 80, height: 30, title: lesson.metadata.title),
                        stage: stage, seed: lesson.metadata.seed, screen: { screen += $0 })
        _ = LessonPlayer(lesson: lesson, io: io, mode: .demo, seed: lesson.metadata.seed).play()
        return (io, screen)
    }

    @Test("A stage changes neither the handout, the text stream nor the recording")
    func sameOutputs() throws {
        let stage = RecordingStage()
        let plain = try play(stage: nil)
        let staged = try play(stage: stage)
        #expect(plain.io.transcript.markdown == staged.io.transcript.markdown)
        #expect(plain.screen == staged.screen)
        #expect(plain.io.clock == staged.io.clock)
        #expect(plain.io.recorder?.serialized() == staged.io.recorder?.serialized())
    }

    @Test("The stage sees each command typed one character at a time, and the countdown")
    func typedRow() throws {
        let stage = RecordingStage()
        _ = try play(stage: stage)
        #expect(stage.rows.contains("$ b"))
        #expect(stage.rows.contains("$ bb"))
        #expect(stage.rows.contains { $0.hasPrefix("Answer in 5 4") })
        #expect(stage.events.contains { $0.hasPrefix("stepStart") })
    }
}
