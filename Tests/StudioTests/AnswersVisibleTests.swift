import Commands
import Foundation
import Testing
import Tutor

/// Every figure a bundled lesson's numeric question is computed from appears in
/// the report pane (the run's full text report) when the question is asked,
/// in one of the forms the text uses: a grouped count, a percentage, or a
/// fixed-point number.
final class FigureCheckIO: LessonIO {
    var missing: [String] = []
    var checked = 0
    let key = AnswerKeyIO()

    func emit(_ event: LessonEvent) { key.emit(event) }

    func read(_ request: InputRequest) -> String? {
        if case .answer(let q, _, _, let session) = request, case .numeric(_, let text, _, _) = q.body {
            let refs = text.value.matches(of: #/last\.([a-z0-9]+)\.([A-Za-z0-9.]+)/#)
            for m in refs {
                let kind = String(m.1), name = "last.\(kind).\(m.2)"
                guard let report = session.last[kind], let raw = session.value(name), let v = Double(raw) else {
                    missing.append("\(q.id): \(name) has no value"); continue
                }
                let pane = report.text(TextStyle(color: false, unicode: true, plain: false, width: 80))
                if !FigureCheckIO.forms(v).contains(where: pane.contains) {
                    missing.append("\(q.id): \(name) = \(raw) is not in the \(kind) report")
                }
                checked += 1
            }
        }
        return key.read(request)
    }

    static func forms(_ v: Double) -> [String] {
        var out = (2...5).map { String(format: "%.\($0)f", v) } + (0...2).map { String(format: "%.\($0)f%%", v * 100) }
        if v == v.rounded() { out.append(Format.count(Int(v))) }
        return out
    }
}

@Suite struct AnswersVisibleTests {
    @Test("Numeric answers' figures are in the report pane", arguments: LessonLibrary.bundled().compactMap { $0.lesson?.metadata.id })
    func figuresVisible(id: String) throws {
        let lesson = try LessonLibrary.find(id)
        let io = FigureCheckIO()
        _ = LessonPlayer(lesson: lesson, io: io, seed: lesson.metadata.seed).play()
        #expect(io.missing == [])
        #expect(io.checked > 0 || !lesson.questions.contains { if case .numeric = $0.body { return true }; return false })
    }
}
