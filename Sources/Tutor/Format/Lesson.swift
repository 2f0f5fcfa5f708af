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
    public static let formatVersion = 2
    public static let maxFileBytes = 2 * 1024 * 1024
    public static let maxLineBytes = 4096

    public var file: String
    public var formatVersion: Int
    public var metadata: Metadata
    public var steps: [Step]
    /// FNV-1a 64 of the file's bytes: progress notices an edited lesson by it.
    public var contentHash: String
    /// `$ command as NAME`: the snapshot name of the command at that location.
    public var snapshots: [SourceLocation: String] = [:]
    /// Steps named by an `on-wrong:`: played only as remediation.
    public var remedial: Set<String> = []
    /// Every question, in order (computed once).
    public var questions: [Question] = []
    var stepIndexes: [String: Int] = [:]

    init(file: String, formatVersion: Int, metadata: Metadata, steps: [Step], contentHash: String) {
        self.file = file; self.formatVersion = formatVersion; self.metadata = metadata; self.steps = steps
        self.contentHash = contentHash
        questions = steps.flatMap { $0.items.compactMap { if case .question(let q) = $0 { return q } else { return nil } } }
        for (i, s) in steps.enumerated() where stepIndexes[s.id] == nil { stepIndexes[s.id] = i }
        for q in questions { if let r = q.onWrong { remedial.insert(r.value) } }
    }

    public func stepIndex(_ id: String) -> Int? { stepIndexes[id] }

    /// Values in text (`{…}`) are a version 2 feature; version 1 text is literal.
    public var interpolates: Bool { formatVersion >= 2 }
    public var paramNames: Set<String> { Set(metadata.params.map(\.name)) }
}

/// `param: NAME = choice(V1, V2, …)`: one value per learner.
public struct Param: Sendable {
    public var name: String
    public var choices: [ExpressionValue]
    public var location: SourceLocation

    /// The value for a seed: SplitMix64 of the seed and the name (fixed, so a resume draws the same).
    public func value(seed: UInt64) -> ExpressionValue {
        var z = seed ^ name.hashValueStable
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        return choices[Int(z % UInt64(choices.count))]
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
    public var params: [Param] = []
    public var requiresLocation: SourceLocation?
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
    /// `require: CONDITION | message` lines of a task, in order.
    public var requirements: [Requirement] = []
    /// `on-wrong: STEP`: the remediation step after a reveal.
    public var onWrong: Located<String>?
    /// `prediction: EXPR`: the textbook value, for feedback.
    public var prediction: Expression?
    /// Decimals the screen shows for the answer (`display:` or the ask's `{…:.Nf}`).
    public var display: Int?
    /// Every text field (ask, hints, explain, options, items) with its location, for `{…}` checks.
    public var texts: [Located<String>] = []
    public var body: QuestionBody

    public var kind: String { body.kind }
}

public struct Requirement: Sendable {
    public var condition: Expression
    public var message: String
    public var location: SourceLocation
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
