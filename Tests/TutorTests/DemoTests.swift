import Commands
import Foundation
import Testing
@testable import Tutor

/// Keys fed to the demo as if the presenter pressed them.
final class ScriptedKeys: PresenterInput {
    var keys: [PresenterKey]
    init(_ keys: [PresenterKey]) { self.keys = keys }
    func nextKey(timeout: Double?) -> PresenterKey? { keys.isEmpty ? (timeout == nil ? .quit : nil) : keys.removeFirst() }
    func readLine(prompt: String) -> String? { nil }
}

@Suite("Classroom demo")
struct DemoTests {
    static let style = TextStyle(color: false, unicode: true, plain: false, width: 80)

    func play(_ id: String, seed: UInt64? = nil, keys: PresenterInput? = nil, realTime: Bool = false)
        throws -> (ending: LessonPlayer.Ending, io: DemoIO, screen: String) {
        let lesson = try LessonLibrary.find(id)
        var options = DemoOptions()
        options.realTime = realTime
        options.speed = 1000
        options.pauseAt = keys == nil ? .never : .steps
        let s = seed ?? lesson.metadata.seed
        var screen = ""
        let io = DemoIO(style: Self.style, options: options, keys: keys,
                        recorder: AsciicastRecorder(width: 80, height: 30, title: lesson.metadata.title),
                        seed: s, screen: { screen += $0 })
        let ending = LessonPlayer(lesson: lesson, io: io, mode: .demo, seed: s).play()
        return (ending, io, screen)
    }

    static var bundled: [String] { LessonLibrary.bundled().compactMap { $0.lesson?.metadata.id } }

    @Test("Every bundled lesson plays unattended to the end", arguments: DemoTests.bundled)
    func autoPlay(id: String) throws {
        let r = try play(id)
        #expect(r.ending == .completed)
        #expect(r.screen.contains("Lesson complete."))
        #expect(!r.screen.contains("error:"), "a lesson command failed during the demo")
    }

    @Test("The same seed replays the same screen, recording and handout")
    func identicalReplays() throws {
        let a = try play("bb84"), b = try play("bb84")
        #expect(a.screen == b.screen)
        #expect(a.io.transcript.markdown == b.io.transcript.markdown)
        #expect(a.io.recorder!.serialized() == b.io.recorder!.serialized())
        let c = try play("bb84", seed: 99)
        #expect(c.io.transcript.markdown != a.io.transcript.markdown)
    }

    @Test("The asciicast is valid v2: header, event shapes, monotonic time, the narration")
    func asciicast() throws {
        let r = try play("polarization")
        let lines = r.io.recorder!.serialized().split(separator: "\n").map(String.init)
        let header = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 80)
        #expect(header["height"] as? Int == 30)
        var last = -1.0
        var output = ""
        var markers = 0
        for line in lines.dropFirst() {
            let event = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            #expect(event.count == 3)
            let t = try #require(event[0] as? Double)
            let code = try #require(event[1] as? String)
            let data = try #require(event[2] as? String)
            #expect(t >= last)
            last = t
            #expect(code == "o" || code == "m")
            if code == "o" { output += data } else { markers += 1 }
        }
        let lesson = try LessonLibrary.find("polarization")
        #expect(markers == lesson.steps.count)
        let firstWords = try #require(lesson.steps.first?.items.compactMap { item -> String? in
            if case .narration(let t) = item { return t.value } else { return nil }
        }.first).split(separator: " ").prefix(6).joined(separator: " ")
        #expect(output.replacingOccurrences(of: "\r\n  ", with: " ").contains(firstWords))
    }

    @Test("The handout has narration, commands with output, answers and sources")
    func handout() throws {
        let md = try play("bb84").io.transcript.markdown
        #expect(md.hasPrefix("# "))
        #expect(md.contains("```console\n$ bb84"))
        #expect(md.contains("*Answer:*"))
        #expect(md.contains("*Why:*"))
        #expect(md.contains("## Sources cited"))
    }

    @Test("Presenter keys: ] skips a step, q quits")
    func presenterKeys() throws {
        // Wait points see ']' (skip step 1), then Space, then 'q'.
        let r = try play("polarization", keys: ScriptedKeys([.nextStep, .pauseResume, .quit]), realTime: true)
        #expect(r.ending == .quit)
        #expect(!r.screen.contains("Lesson complete."))
        #expect(r.screen.contains("Demo stopped at step"))
        #expect(!r.screen.contains("Progress saved"), "a demo keeps no progress")
    }
}
