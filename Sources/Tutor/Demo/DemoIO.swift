import Commands
import Foundation
import QuantumSim

/// When a presenter-paced demo stops and waits for a key.
public enum PauseAt: String, CaseIterable, Sendable {
    case steps, questions, never
}

public enum DemoTheme: String, CaseIterable, Sendable {
    case standard = "default"
    /// High contrast for projectors: bold prose, framed step titles; still
    /// readable with NO_COLOR because the frames are characters, not colours.
    case projector
}

public struct DemoOptions: Sendable {
    public var speed = 1.0
    public var pauseAt: PauseAt = .steps
    public var theme: DemoTheme = .standard
    /// Really wait between beats; tests switch it off and keep the virtual clock.
    public var realTime = true
    /// Seconds a question is shown to the room before its answer.
    public var countdown = 5
    public var typingSeed: UInt64 = 1
    public init() {}
}

/// The classroom driver: the same lesson, played with commands typed as if
/// live, questions shown to the room with a countdown before the answer, and
/// presenter keys. Everything it writes goes through `write`, which the
/// recorder and transcript observe; the virtual clock makes replays identical.
public final class DemoIO: LessonIO {
    let line: LineIO
    var options: DemoOptions
    let keys: PresenterInput?
    /// nil: line mode, where the text stream is all there is.
    let stage: DemoStage?
    public private(set) var clock = 0.0
    public private(set) var recorder: AsciicastRecorder?
    public let transcript = DemoTranscript()
    /// The same handout without answers (--worksheet).
    public let worksheet = DemoTranscript(worksheet: true)
    var typing: RandomStream
    var paused = false
    var pendingNavigation: String?
    var live = false
    var liveInterpreter: Interpreter
    var taskLines: [String: Int] = [:]
    /// Forward to the screen; the recorder sees the same bytes.
    let screen: (String) -> Void

    public init(style: TextStyle, options: DemoOptions, keys: PresenterInput?, recorder: AsciicastRecorder? = nil,
                stage: DemoStage? = nil, seed: UInt64, screen: @escaping (String) -> Void = { print($0, terminator: ""); fflush(nil) }) {
        self.options = options
        self.keys = keys
        self.stage = stage
        self.recorder = recorder
        self.screen = screen
        typing = RandomStream(seed: options.typingSeed, name: "demo.typing")
        liveInterpreter = Interpreter(session: Session(seed: seed))
        line = LineIO(style: style, read: { nil }, echoInput: false)
        line.write = { [unowned self] in self.write($0) }
    }

    var style: TextStyle { line.style }

    /// Asides (hints, the typed `$`): dim normally; bold on a projector, where dim text cannot be read.
    func aside(_ s: String) -> String { options.theme == .projector ? style.bold(s) : style.dim(s) }

    func write(_ text: String) {
        // A projector shows no dim text (LineIO's asides included): faint grey is unreadable from the back.
        let s = options.theme == .projector ? text.replacingOccurrences(of: "\u{1B}[2m", with: "\u{1B}[1m") : text
        screen(s)
        if recordsLineStream { recorder?.output(s, at: clock) }
    }

    /// False when the stage records its own screen (the studio): then the cast is what the class saw.
    public var recordsLineStream = true

    /// A frame of the stage's screen, for --record in the studio.
    public func recordScreen(_ s: String) { recorder?.output(s, at: clock) }

    // MARK: pacing

    /// Lets `seconds` of demo time pass, answering presenter keys meanwhile;
    /// an advance key (Space, →, PageDown, Enter) cuts the wait short.
    func beat(_ seconds: Double) {
        clock += seconds
        guard options.realTime, pendingNavigation != ":quit" else { return }
        if pendingNavigation != nil { return }   // hurrying to a step marker
        var remaining = seconds / options.speed
        let deadline = Date().addingTimeInterval(remaining)
        repeat {
            if paused { waitWhilePaused(); return }
            guard let keys else { Thread.sleep(forTimeInterval: max(0, remaining)); return }
            if let key = keys.nextKey(timeout: max(0, remaining)) {
                if key == .advance { return }
                handle(key)
            }
            remaining = deadline.timeIntervalSinceNow
        } while remaining > 0 && pendingNavigation == nil
    }

    /// Blocks until the presenter resumes (p or an advance key) or navigates.
    func waitWhilePaused() {
        guard let keys else { paused = false; return }
        while paused && pendingNavigation == nil {
            guard let key = keys.nextKey(timeout: nil) else { continue }
            if key == .advance { unpause(); return }
            handle(key)
        }
    }

    /// Waits for a key that moves on (presenter-paced points): an advance
    /// key or any key without a meaning of its own.
    func waitForPresenter() {
        guard options.realTime, let keys, pendingNavigation == nil else { return }
        while true {
            guard let key = keys.nextKey(timeout: nil) else { continue }
            switch key {
            case .advance, .other: unpause(); return
            default: handle(key); if pendingNavigation != nil { return }
            }
        }
    }

    func handle(_ key: PresenterKey) {
        switch key {
        case .advance: unpause()
        case .pauseResume: paused.toggle(); stage?.paused(paused)
        case .back: pendingNavigation = ":back"; unpause()
        case .blank: blankScreen()
        case .report: stage?.toggleReport()
        case .nextStep: pendingNavigation = ":skip"; unpause()
        case .restartStep: pendingNavigation = ":repeat"; unpause()
        case .faster: options.speed = min(16, options.speed * 1.5)
        case .slower: options.speed = max(0.1, options.speed / 1.5)
        case .quit: pendingNavigation = ":quit"; unpause()
        case .live: liveTyping()
        case .other: break
        }
    }

    /// b or .: the projector goes dark until the next key, which only brings it back
    /// (q still quits). The clock stands still meanwhile.
    func blankScreen() {
        guard let keys else { return }
        keys.blank(true)
        var key: PresenterKey?
        while key == nil { key = keys.nextKey(timeout: nil) }
        keys.blank(false)
        if key == .quit { handle(.quit) }
    }

    func unpause() {
        if paused { paused = false; stage?.paused(false) }
    }

    /// Tab hands the prompt to the presenter; an empty line or Tab returns to the script.
    func liveTyping() {
        guard let keys else { return }
        write("\n" + style.yellow("[live]") + " the prompt is yours; an empty line returns to the lesson\n")
        while let text = keys.readLine(prompt: "live> "), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
              text != "\t" {
            recorder?.output("live> " + text + "\n", at: clock)
            let outcome = liveInterpreter.execute(text, context: stage?.liveContext() ?? ExecutionContext())
            stage?.live(outcome)
            switch outcome {
            case .report(let r, let json, _): write(((json ? try? r.json() : nil) ?? r.text(style)) + "\n")
            case .text(let t): write(t + "\n")
            case .failure(let e): write(style.red("error") + ": " + e.description + "\n")
            default: break
            }
        }
        write(aside("[back to the lesson]") + "\n")
    }

    /// Types `text` one character at a time with a seeded, human-like rhythm.
    func type(_ text: String, prompt: String) {
        var shown = prompt
        for ch in text {
            write(String(ch))
            shown.append(ch)
            stage?.commandLine(shown)
            // 45–95 ms a key, a little longer after a space.
            beat(0.045 + 0.05 * typing.nextUniform() + (ch == " " ? 0.04 : 0))
        }
    }

    // MARK: LessonIO

    public func emit(_ event: LessonEvent) {
        transcript.record(event, style: style)
        worksheet.record(event, style: style)
        switch event {
        case .lessonStart:
            line.emit(event)
            stage?.show(event)
            beat(1.5)
        case .stepStart(let i, let n, let step):
            recorder?.marker("step \(i + 1): \(step.title)", at: clock)
            if options.theme == .projector {
                let bar = String(repeating: style.unicode ? "━" : "=", count: min(style.width, 78))
                // The title wraps at words inside the bars, never cut at the terminal's edge.
                let title = TextWrap.wrap("STEP \(i + 1) OF \(n): \(step.title.uppercased())", width: min(style.width, 78), indent: "  ")
                write("\n" + style.bold(bar) + "\n" + title.map { style.bold($0) + "\n" }.joined() + style.bold(bar) + "\n")
            } else {
                line.emit(event)
            }
            stage?.show(event)
            beat(1.0)
        case .narration(let t):
            if options.theme == .projector {
                write("\n")
                for l in TextWrap.wrap(t, width: min(style.width, 80), indent: "  ") { write(style.bold(l) + "\n") }
            } else {
                line.emit(event)
            }
            stage?.show(event)
            beat(min(6, 1 + Double(t.count) / 60))
        case .command(let c):
            write("\n" + aside("  $ "))
            type(c, prompt: "$ ")
            write("\n")
            stage?.commandLine("")
            stage?.show(event)
            beat(0.3)
        case .question:
            line.emit(event)
            stage?.show(event)
            if options.pauseAt == .questions && keys != nil && options.realTime {
                write(aside("  (any key reveals the answer)") + "\n")
                stage?.commandLine("(any key reveals the answer)")
                waitForPresenter()
            } else {
                write(aside("  Answer in"))
                var shown = "Answer in"
                for k in stride(from: options.countdown, through: 1, by: -1) {
                    write(" \(k)")
                    shown += " \(k)"
                    stage?.commandLine(shown)
                    beat(1)
                    if pendingNavigation != nil { break }
                }
                write("\n")
            }
            stage?.commandLine("")
        case .report, .show:
            line.emit(event)
            stage?.show(event)
            beat(2)
        case .summary:
            line.emit(event)
            stage?.show(event)
            beat(2)
        default:
            line.emit(event)
            stage?.show(event)
            beat(0.5)
        }
    }

    public func read(_ request: InputRequest) -> String? {
        if let nav = pendingNavigation {
            pendingNavigation = nil
            return nav
        }
        let answer: String
        let prompt: String
        switch request {
        case .pause, .endOfStep(false):
            if options.pauseAt == .steps && keys != nil {
                write(aside("  [Space] next step") + "\n")
                stage?.commandLine("[Space] next step")
                waitForPresenter()
                stage?.commandLine("")
                if let nav = pendingNavigation { pendingNavigation = nil; return nav }
            } else {
                beat(1.5)
            }
            return ""
        case .endOfStep(true):
            beat(1)
            return ""
        case .confirm:
            return "n"
        case .answer(let q, _, _, let session):
            answer = Grader.reference(q, session: session) ?? ":next"
            write("answer> ")
            prompt = "answer> "
        case .task(let q, _):
            guard case .task(_, let solution) = q.body else { return ":next" }
            let i = taskLines[q.id, default: 0]
            taskLines[q.id] = i + 1
            answer = i < solution.count ? solution[i].value : ":next"
            write("task> ")
            prompt = "task> "
        }
        type(answer, prompt: prompt)
        write("\n")
        stage?.commandLine("")
        stage?.show(.progress("> " + answer))   // the room sees the answer in the conversation
        transcript.answer(answer)
        worksheet.answer(answer)
        return answer
    }
}
