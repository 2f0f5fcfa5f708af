import ArgumentParser
import Commands
import Foundation
import Studio
import Tutor

extension PauseAt: ExpressibleByArgument {}
extension DemoTheme: ExpressibleByArgument {}

/// A lesson played for a class: unattended (--auto) or presenter-paced.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play a lesson for a class: commands typed as if live, questions revealed after a countdown.",
        discussion: """
        On a terminal of at least 80×24 the demo plays in the studio: narration in \
        the narration pane, reports in the view pane, each command typed at the \
        bottom row before it runs, the question's countdown on that row. With \
        --plain, or when the output is not such a terminal, it plays in line mode. \
        --record and --transcript capture the same line-mode text and handout either way.

        Presenter keys (clicker-safe): Space, Enter, → or PageDown go on; ← or PageUp \
        the previous step; b or . blank the screen until the next key; p pause/resume; \
        r the report pane (studio); ] next step, [ restart the step; + and - speed; \
        Tab live typing (an empty line returns); only q and Ctrl-C quit.

        --transcript writes the handout with answers, --worksheet the same without \
        them. Every output path is checked before the demo plays.

        Example: qkdtutor demo bb84 --auto --record bb84.cast --transcript bb84.md
        """)

    @Argument(help: "A lesson id (see 'qkdtutor lessons') or a path to a .lesson file.") var lesson: String
    @Flag(help: "Play the whole lesson with no keyboard, then exit 0 (kiosks, CI).") var auto = false
    @Option(help: "Speed factor: 2 plays twice as fast (0.1 to 1000).") var speed = 1.0
    @Option(name: .customLong("pause-at"), help: "Wait for the presenter at: steps, questions or never.") var pauseAt: PauseAt?
    @Option(help: "Seconds a question is shown before its answer (0 to 60).") var countdown = 5
    @Option(help: "Theme: default or projector (high contrast).") var theme: DemoTheme = .standard
    @Option(help: "Seed for the lesson's simulations (default: the lesson's own).") var seed: UInt64?
    @Option(help: "Write an asciicast v2 recording (asciinema) to this file.") var record: String?
    @Option(help: "Write a Markdown handout to this file (the answer key).") var transcript: String?
    @Option(help: "Write the handout without answers, for students, to this file.") var worksheet: String?
    @Option(help: "Colour: auto, always or never.") var color: ColorChoice = .auto
    @Flag(help: "Plain lines for screen readers.") var plain = false

    func run() throws {
        guard speed >= 0.1, speed <= 1000 else { throw RequestError("--speed must be between 0.1 and 1000 (got \(speed))") }
        guard (0...60).contains(countdown) else { throw RequestError("--countdown must be between 0 and 60 seconds") }
        // Every output is checked before the class watches anything.
        var outputs = OutputFiles()
        do { for path in [record, transcript, worksheet].compactMap({ $0 }) { try outputs.add(path) } }
        catch { throw RequestError(String(describing: error)) }
        let lesson: Lesson
        do { lesson = try LessonLibrary.find(self.lesson) } catch { throw RequestError(error.description) }
        var style = TextStyle.detect(color: color, plain: plain)
        style.width = min(style.width, 100)
        var options = DemoOptions()
        options.speed = speed
        options.pauseAt = pauseAt ?? (auto ? .never : .steps)
        options.theme = theme
        options.countdown = countdown
        let seed = seed ?? lesson.metadata.seed
        options.typingSeed = seed
        let recorder = record.map { _ in AsciicastRecorder(width: max(80, style.width), height: 24 + 6, title: lesson.metadata.title) }
        let stage = StudioDemoStage.open(style: style, projector: theme == .projector)
        if let stage {
            // --auto never waits for the presenter, but q and Ctrl-C still stop it.
            if auto { options.pauseAt = .never }
            stage.tick = max(0.005, 0.15 / speed)
            // The cast is the studio screen at its real size.
            let screenRecorder = record.map { _ in AsciicastRecorder(width: stage.size.cols, height: stage.size.rows, title: lesson.metadata.title) }
            let io = DemoIO(style: style, options: options, keys: stage.keys, recorder: screenRecorder, stage: stage,
                            seed: seed, screen: { _ in })
            if record != nil {
                io.recordsLineStream = false
                stage.onFrame = { [unowned io] frame in io.recordScreen(frame) }
            }
            _ = LessonPlayer(lesson: lesson, io: io, mode: .demo, seed: seed).play()
            stage.close()
            for line in stage.farewell { print(line) }
            try save(io, &outputs)
        } else {
            let keys: PresenterInput? = auto ? nil : TerminalKeys()
            let io = DemoIO(style: style, options: options, keys: keys, recorder: recorder, seed: seed)
            _ = LessonPlayer(lesson: lesson, io: io, mode: .demo, seed: seed).play()
            TerminalKeys.restore()
            try save(io, &outputs)
        }
        // A stopped demo: the player has said "Demo stopped at step …" once; nothing more here.
    }

    /// Writes the outputs; the first failure removes the others of this run.
    func save(_ io: DemoIO, _ outputs: inout OutputFiles) throws {
        do {
            if let record, let r = io.recorder { try outputs.write(r.serialized(), to: record) }
            if let transcript { try outputs.write(io.transcript.markdown, to: transcript) }
            if let worksheet { try outputs.write(io.worksheet.markdown, to: worksheet) }
        } catch {
            throw RequestError(String(describing: error))
        }
    }
}
