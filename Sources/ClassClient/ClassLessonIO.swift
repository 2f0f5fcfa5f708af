// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import Tutor

/// A student's lesson driver with the class attached: every event goes to the
/// wrapped driver (line mode or the studio) unchanged, and steps, hints and
/// graded answers are also queued on the link as they happen. The player
/// never learns about the network; if the link is down the lesson goes on.
public final class ClassLessonIO: LessonIO {
    let inner: any LessonIO
    let link: ClassLink
    let lesson: String
    var question: Question?
    var lastAnswer = ""
    var attempt = 0

    public init(wrapping inner: any LessonIO, link: ClassLink, lesson: String) {
        self.inner = inner; self.link = link; self.lesson = lesson
    }

    public func emit(_ event: LessonEvent) {
        inner.emit(event)
        switch event {
        case .stepStart(let index, _, let step):
            link.enqueue(.step(StepEvent(lesson: lesson, step: step.id, index: index)))
        case .question(let q, _, _):
            question = q; attempt = 0
        case .hint(let number, _, _):
            if let q = question { link.enqueue(.hint(HintEvent(lesson: lesson, question: q.id, number: number))) }
        case .feedback(let grade):
            guard let q = question else { return }
            if case .unreadable = grade { return }
            attempt += 1
            let correct = grade.isCorrect
            link.enqueue(.answer(Self.answerEvent(q, lesson: lesson, attempt: attempt, answer: lastAnswer, correct: correct)))
        default: break
        }
    }

    public func read(_ request: InputRequest) -> String? {
        let line = inner.read(request)
        switch request {
        case .answer, .task: lastAnswer = line?.trimmingCharacters(in: .whitespaces) ?? ""
        default: break
        }
        return line
    }

    /// The answer as sent: the text typed, the verdict of the student's own
    /// simulation, and what the projector aggregates (options or the number).
    public static func answerEvent(_ q: Question, lesson: String, attempt: Int, answer: String, correct: Bool) -> AnswerEvent {
        var e = AnswerEvent(lesson: lesson, question: q.id, attempt: attempt,
                            answer: String(answer.prefix(ClassProtocol.maxFieldLength)), correct: correct,
                            revealed: !correct && attempt >= q.attempts)
        switch q.body {
        case .choice(let options, _): e.choices = optionIndices(answer, options: options)
        case .numeric(_, _, _, let unit): e.value = Grader.number(answer, unit: unit)
        default: break
        }
        return e
    }

    /// "b", "a c", "1,3" or an option's text, as 0-based option indices.
    static func optionIndices(_ answer: String, options: [ChoiceOption]) -> [Int]? {
        if let i = options.firstIndex(where: { Grader.normalize($0.text) == Grader.normalize(answer) }) { return [i] }
        var out: [Int] = []
        for part in answer.lowercased().split(whereSeparator: { " ,;".contains($0) }) {
            if let n = Int(part), (1...options.count).contains(n) { out.append(n - 1); continue }
            guard part.count == 1, let a = part.unicodeScalars.first?.value, a >= 97, Int(a) - 97 < options.count else { return nil }
            out.append(Int(a) - 97)
        }
        return out.isEmpty ? nil : out
    }
}
