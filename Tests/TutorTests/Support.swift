import Commands
import Foundation
@testable import Tutor

enum Fixtures {
    static var root: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
    static func files(_ folder: String) -> [URL] { Linter.expand([root.appendingPathComponent(folder).path]) }
    static func text(_ url: URL) -> String { try! String(contentsOf: url, encoding: .utf8) }
    static var bundledLessons: [URL] {
        guard let dir = Paths.lessonDirectory() else { return [] }
        return Linter.expand([dir.path])
    }
    static func lesson(_ text: String) -> Lesson {
        let r = LessonParser.parse(text)
        precondition(r.lesson != nil, "\(r.diagnostics)")
        return r.lesson!
    }
    static func temporaryDirectory() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}

/// Gives scripted lines, then end of input: a learner who stops (or is killed).
final class ScriptIO: LessonIO {
    var lines: [String]
    var events: [LessonEvent] = []
    init(_ lines: [String]) { self.lines = lines }
    func emit(_ event: LessonEvent) { events.append(event) }
    func read(_ request: InputRequest) -> String? { lines.isEmpty ? nil : lines.removeFirst() }
    var grades: [Grade] { events.compactMap { if case .feedback(let g) = $0 { return g } else { return nil } } }
    var infos: [String] { events.compactMap { if case .info(let s) = $0 { return s } else { return nil } } }
    var reveals: Int { events.filter { if case .reveal = $0 { return true } else { return false } }.count }
}

/// Fixed session values for expression tests.
struct Values: ValueSource {
    var values: [String: ExpressionValue]
    init(_ values: [String: ExpressionValue]) { self.values = values }
    func resolve(_ path: String) -> ExpressionValue? { values[path] }
}
