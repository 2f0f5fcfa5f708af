import Commands
import Foundation

/// What the lesson interpreter tells its driver to present.
public enum LessonEvent {
    case lessonStart(Lesson, resumeNote: String?)
    case stepStart(index: Int, count: Int, Step)
    case narration(String)
    case verbatim(String)
    /// A command about to run, as the learner would type it.
    case command(String)
    case report(Report)
    case output(String)
    case show(view: String, report: Report)
    case commandError(String)
    case question(Question, number: Int, presentation: [Int])
    case hint(number: Int, of: Int, String)
    case feedback(Grade)
    case reveal(String)
    case explanation(String)
    case info(String)
    case progress(String)
    case summary(LessonSummary)
}

/// What the interpreter waits for.
public enum InputRequest {
    case pause
    case endOfStep(isLast: Bool)
    case answer(Question, presentation: [Int], attempt: Int, session: Session)
    /// A task: a command line, or navigation.
    case task(Question, session: Session)
    case confirm(String)
}

/// A driver: line mode, headless with an answer key, and later the
/// full-screen studio. The interpreter never prints or reads by itself.
public protocol LessonIO: AnyObject {
    func emit(_ event: LessonEvent)
    /// One line from the learner; nil at end of input.
    func read(_ request: InputRequest) -> String?
}

/// A driver that wants the full expression context (snapshots, params), not
/// just the `Session` an `InputRequest` carries: the player sets this hook.
/// `Grader.reference(q, context: hook())` then works for `runs.*` answers too.
public protocol LessonContextReceiver: AnyObject {
    var currentContext: (() -> EvalContext)? { get set }
}

/// The end-of-lesson account.
public struct LessonSummary: Sendable {
    public var questions: Int
    /// Right at the first try: the score.
    public var correct: Int
    /// Right after a wrong try (not counted in the score).
    public var rightLater = 0
    public var revealed: Int
    public var skipped: Int
    public var hints: Int
    public var skippedSteps: [String]
    public var objectives: [(text: String, met: Bool)]
}
