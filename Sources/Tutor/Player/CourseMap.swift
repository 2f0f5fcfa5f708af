import Commands
import Foundation

/// The course as a map: the bundled lessons in teaching order, their
/// prerequisites, minutes and level, the learner's progress with a mark per
/// objective, and what to do next. The order comes from `course.txt` in the
/// lesson folder (one id a line, `#` comments); lessons it does not list
/// follow, by id. It knows nothing of the progress file's layout: the caller
/// gives a `Status` per lesson.
public enum CourseMap {
    public static let orderFile = "course.txt"

    /// What the learner has done in one lesson.
    public struct Status: Sendable, Equatable {
        public enum State: Sendable, Equatable {
            case notStarted
            case inProgress(step: Int, of: Int)
            case completed(score: Int, total: Int)
        }
        public var state: State
        /// Per question reached: true when answered right without the answer being revealed.
        public var results: [String: Bool]
        public init(state: State, results: [String: Bool] = [:]) { self.state = state; self.results = results }
        public static let notStarted = Status(state: .notStarted)
        public var isCompleted: Bool { if case .completed = state { return true } else { return false } }
    }

    /// How well an objective is shown: every question right (✓), some (~),
    /// none of those answered (✗), or not reached yet.
    public enum Mark: String, Sendable { case met, partial, missed, open }

    public struct Row: Sendable {
        public var position: Int
        public var lesson: Lesson
        public var status: Status
        public var objectives: [(id: String, mark: Mark)]
        /// Prerequisites not completed yet.
        public var missing: [String]
    }

    /// Lesson ids in teaching order, from `course.txt` in `directory`; empty when there is none.
    public static func order(in directory: URL?) -> [String] {
        guard let dir = directory,
              let text = try? String(contentsOf: dir.appendingPathComponent(orderFile), encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// `lessons` sorted by `order`; unlisted lessons follow, by id.
    public static func sorted(_ lessons: [Lesson], order: [String]) -> [Lesson] {
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return lessons.sorted { a, b in
            let ra = rank[a.metadata.id] ?? Int.max, rb = rank[b.metadata.id] ?? Int.max
            return ra != rb ? ra < rb : a.metadata.id < b.metadata.id
        }
    }

    public static func mark(_ objective: String, in lesson: Lesson, _ status: Status) -> Mark {
        let tagged = lesson.questions.filter { $0.objective?.value == objective }
        let reached = tagged.compactMap { status.results[$0.id] }
        if reached.isEmpty { return .open }
        let right = reached.filter { $0 }.count
        if right == tagged.count { return .met }
        return right > 0 ? .partial : .missed
    }

    public static func rows(_ lessons: [Lesson], order: [String], status: (Lesson) -> Status) -> [Row] {
        let sortedLessons = sorted(lessons, order: order)
        let statuses = sortedLessons.map(status)
        let done = Set(zip(sortedLessons, statuses).filter { $0.1.isCompleted }.map { $0.0.metadata.id })
        return sortedLessons.enumerated().map { i, l in
            Row(position: i + 1, lesson: l, status: statuses[i],
                objectives: l.metadata.objectives.map { ($0.id, mark($0.id, in: l, statuses[i])) },
                missing: l.metadata.requires.filter { !done.contains($0) })
        }
    }

    /// The lesson to play next: one in progress, else the first not completed
    /// whose prerequisites are done, else the first not completed.
    public static func next(_ rows: [Row]) -> Row? {
        if let r = rows.first(where: { if case .inProgress = $0.status.state { return true } else { return false } }) { return r }
        let open = rows.filter { !$0.status.isCompleted }
        return open.first { $0.missing.isEmpty } ?? open.first
    }

    static func glyph(_ m: Mark, _ s: TextStyle) -> String {
        switch m {
        case .met: return s.unicode ? "✓" : "+"
        case .partial: return "~"
        case .missed: return s.unicode ? "✗" : "x"
        case .open: return s.unicode ? "·" : "."
        }
    }

    /// The map as lines of at most 80 columns. Marks are symbols, never colour alone.
    public static func render(_ rows: [Row], style s: TextStyle) -> [String] {
        let minutes = rows.reduce(0) { $0 + $1.lesson.metadata.minutes }
        var out = [s.bold("The course: \(rows.count) lesson\(rows.count == 1 ? "" : "s"), about \(minutes) minutes in all")]
        for r in rows {
            let m = r.lesson.metadata
            let state: String
            switch r.status.state {
            case .notStarted: state = "not started"
            case .inProgress(let step, let of): state = "at step \(step) of \(of)"
            case .completed(let score, let total): state = "done, \(score)/\(total) right"
            }
            out.append(Format.padLeft("\(r.position)", 3) + "  " + s.bold(Format.pad(m.id, 13)) + " " + Format.pad(m.title, 41)
                       + " " + Format.pad(m.level.isEmpty ? "-" : m.level, 13) + Format.padLeft("\(m.minutes) min", 6))
            // Each prerequisite with its own mark: done, or not yet.
            let after = m.requires.map { "\($0) \(glyph(r.missing.contains($0) ? .open : .met, s))" }
            var detail = (m.requires.isEmpty ? "no prerequisite" : "after " + after.joined(separator: ", ")) + "; " + state
            if r.status.state != .notStarted {
                detail += "; objectives " + r.objectives.map { "\($0.id) \(glyph($0.mark, s))" }.joined(separator: " ")
            }
            out += wrap(detail, width: 80 - 7).map { s.dim("       " + $0) }
        }
        out.append("")
        out.append("Marks: \(glyph(.met, s)) done or shown, ~ partly shown, \(glyph(.missed, s)) not yet right, \(glyph(.open, s)) not yet reached.")
        if let n = next(rows) {
            let verb: String
            if case .inProgress = n.status.state { verb = "Continue" } else { verb = "Next" }
            out.append("\(verb): qkdtutor lesson \(n.lesson.metadata.id)   (\(n.lesson.metadata.minutes) min)")
        } else if !rows.isEmpty {
            out.append("You have finished every lesson. 'qkdtutor quiz ID' revisits one.")
        }
        return out
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ").map(String.init) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = word
            } else {
                line += line.isEmpty ? word : " " + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
