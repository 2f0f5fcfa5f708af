import Commands
import Foundation

/// Headless driver: answers every question with the lesson's own answer
/// key (tasks with their solution commands) and keeps a transcript.
/// Tests and `lint` play lessons to the end with it.
public final class AnswerKeyIO: LessonIO, LessonContextReceiver {
    public var currentContext: (() -> EvalContext)?
    public private(set) var transcript: [String] = []
    public private(set) var events: [LessonEvent] = []
    /// Lines given before the key is used, e.g. navigation to test.
    public var scripted: [String]
    var taskLines: [String: Int] = [:]

    public init(scripted: [String] = []) { self.scripted = scripted }

    public func emit(_ event: LessonEvent) {
        events.append(event)
        switch event {
        case .stepStart(_, _, let s): transcript.append("== \(s.id)")
        case .command(let c): transcript.append("$ \(c)")
        case .commandError(let e): transcript.append("error: \(e)")
        case .question(let q, _, _): transcript.append("? \(q.id)")
        case .feedback(let g): transcript.append("grade: \(g)")
        case .info(let t): transcript.append("info: \(t)")
        case .reveal(let t): transcript.append("reveal: \(t)")
        case .summary(let s): transcript.append("summary: \(s.correct)/\(s.questions)")
        default: break
        }
    }

    public func read(_ request: InputRequest) -> String? {
        if !scripted.isEmpty { let l = scripted.removeFirst(); transcript.append("> \(l)"); return l }
        let line: String
        switch request {
        case .pause, .endOfStep: line = ""
        case .confirm: line = "n"
        case .answer(let q, _, _, let session):
            line = (currentContext.map { Grader.reference(q, context: $0()) } ?? Grader.reference(q, session: session)) ?? ":next"
        case .task(let q, _):
            guard case .task(_, let solution) = q.body else { return ":next" }
            let i = taskLines[q.id, default: 0]
            taskLines[q.id] = i + 1
            line = i < solution.count ? solution[i].value : ":next"
        }
        transcript.append("> \(line)")
        return line
    }

    /// The grades given, in order.
    public var grades: [Grade] {
        events.compactMap { if case .feedback(let g) = $0 { return g } else { return nil } }
    }
}
