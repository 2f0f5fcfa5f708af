import Foundation

/// A place in a lesson file: 1-based line and column.
public struct SourceLocation: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
    public static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }
    /// A column further along the same line.
    public func offset(_ by: Int) -> SourceLocation { SourceLocation(line: line, column: column + by) }
}

/// A text value and where it starts in the file.
public struct Located<T: Sendable>: Sendable {
    public var value: T
    public var location: SourceLocation
    public init(_ value: T, _ location: SourceLocation) { self.value = value; self.location = location }
}

/// A parsed lesson script. The file format is described in docs/lesson-format.md.
public struct Lesson: Sendable {
    public static let formatVersion = 1

    public var file: String
    public var formatVersion: Int
    public var metadata: Metadata
    public var steps: [Step]
    /// FNV-1a 64 of the file's bytes: progress notices an edited lesson by it.
    public var contentHash: String

    public func stepIndex(_ id: String) -> Int? { steps.firstIndex { $0.id == id } }

    public var questions: [Question] {
        steps.flatMap { $0.items.compactMap { if case .question(let q) = $0 { return q } else { return nil } } }
    }
}

public struct Objective: Sendable {
    public var id: String
    public var text: String
    public var location: SourceLocation
}

public struct Metadata: Sendable {
    public var id = ""
    public var title = ""
    public var summary = ""
    public var level = "beginner"
    public var minutes = 0
    public var requires: [String] = []
    public var objectives: [Objective] = []
    public var seed: UInt64 = 1
}

public struct Step: Sendable {
    public var id: String
    public var title: String
    public var location: SourceLocation
    public var items: [StepItem]

    /// The command lines this step runs, task reference solutions included,
    /// in order: replaying them leaves the session as later steps expect.
    public var sessionCommands: [Located<String>] {
        items.flatMap { item -> [Located<String>] in
            switch item {
            case .command(let c): return [c]
            case .question(let q): if case .task(_, let solution) = q.body { return solution } else { return [] }
            default: return []
            }
        }
    }
}

public enum StepItem: Sendable {
    /// A paragraph of prose, wrapped to the screen when shown.
    case narration(Located<String>)
    /// A `|` line shown exactly as written (formulas, small tables).
    case verbatim(Located<String>)
    /// A `$` line: a command in the REPL language.
    case command(Located<String>)
    /// `@show VIEW`: the visual of the last report of that kind.
    case show(Located<String>)
    case pause(SourceLocation)
    case question(Question)
}

public struct Question: Sendable {
    public var id: String
    public var location: SourceLocation
    public var ask: String
    public var hints: [String] = []
    public var attempts = 3
    public var explain = ""
    /// Answers the self-check must see fail (for a task: command lines).
    public var wrong: [Located<String>] = []
    public var objective: Located<String>?
    /// A step to suggest revisiting when the answer is revealed.
    public var review: Located<String>?
    /// Where a task's `check:` expression starts, for located errors.
    public var checkLocation: SourceLocation?
    public var body: QuestionBody

    public var kind: String { body.kind }
}

public struct ChoiceOption: Sendable {
    public var text: String
    public var correct: Bool
    public var feedback: String?
    public var location: SourceLocation
}

public enum Tolerance: Sendable, Equatable {
    case absolute(Double)
    case relative(Double)

    public func accepts(_ value: Double, reference: Double) -> Bool {
        let slack = 1e-12 * max(1, abs(reference))
        switch self {
        case .absolute(let t): return abs(value - reference) <= t + slack
        case .relative(let r): return abs(value - reference) <= r * abs(reference) + slack
        }
    }

    public var description: String {
        switch self {
        case .absolute(let t): return "± " + ExpressionValue.format(t)
        case .relative(let r): return "± " + ExpressionValue.format(r * 100) + "%"
        }
    }
}

public enum QuestionBody: Sendable {
    case choice(options: [ChoiceOption], multiple: Bool)
    case numeric(answer: Expression, answerText: Located<String>, tolerance: Tolerance, unit: String)
    case text(patterns: [Located<String>], reference: String)
    case order(items: [String])
    case task(check: Expression, solution: [Located<String>])

    public var kind: String {
        switch self {
        case .choice: return "choice"
        case .numeric: return "numeric"
        case .text: return "text"
        case .order: return "order"
        case .task: return "task"
        }
    }
}

enum ContentHash {
    /// FNV-1a, 64 bits: enough to notice an edit, not a security measure.
    static func of(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return "fnv1a64:" + String(h, radix: 16)
    }
}
