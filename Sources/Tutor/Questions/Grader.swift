import Commands
import Foundation

/// The verdict on one answer.
public enum Grade: Equatable, Sendable {
    case correct
    /// Wrong, with the feedback written for that wrong answer, if any.
    case wrong(feedback: String?)
    /// Not an answer at all (e.g. "b7" to a choice); costs no attempt.
    case unreadable(String)

    public var isCorrect: Bool { self == .correct }
}

/// Checks answers. Everything numeric comes from the session, so an answer
/// is right because the simulation says so, never a number typed in a file.
public enum Grader {
    public static func letter(_ i: Int) -> String { String(UnicodeScalar(UInt8(97 + i))) }

    /// The order items are shown in: a fixed shuffle from the question id,
    /// never the answer itself.
    public static func presentation(_ q: Question) -> [Int] {
        guard case .order(let items) = q.body, items.count > 1 else { return [] }
        var state = UInt64(truncatingIfNeeded: ContentHash.of(q.id).hashValueStable)
        var p = Array(items.indices)
        for i in stride(from: p.count - 1, to: 0, by: -1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let j = Int((state >> 33) % UInt64(i + 1))
            p.swapAt(i, j)
        }
        if p == Array(items.indices) { p.append(p.removeFirst()) }
        return p
    }

    /// Letters or numbers ("a c", "1,3", "b d a c") as 0-based indices.
    static func picks(_ answer: String, count: Int) -> [Int]? {
        let parts = answer.lowercased().split { " ,;".contains($0) }.map(String.init)
        if parts.count == 1, parts[0].count > 1, parts[0].allSatisfy({ $0.isLetter }) {
            // "bdac" typed without spaces.
            return picks(parts[0].map(String.init).joined(separator: " "), count: count)
        }
        var out: [Int] = []
        for p in parts {
            if let n = Int(p), n >= 1, n <= count { out.append(n - 1) }
            else if p.count == 1, let a = p.unicodeScalars.first?.value, a >= 97, Int(a - 97) < count { out.append(Int(a - 97)) }
            else { return nil }
        }
        return out.isEmpty ? nil : out
    }

    public static func normalize(_ s: String) -> String {
        var t = s.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while let l = t.last, ".!".contains(l) { t.removeLast() }
        return t
    }

    /// Reads a number the learner typed: arithmetic allowed ("1/4"), an
    /// optional unit, and "%" meaning hundredths unless the unit is "%".
    public static func number(_ answer: String, unit: String) -> Double? {
        var t = answer.trimmingCharacters(in: .whitespaces)
        if !unit.isEmpty, t.lowercased().hasSuffix(unit.lowercased()) {
            t = String(t.dropLast(unit.count)).trimmingCharacters(in: .whitespaces)
        }
        var scale = 1.0
        if unit != "%", t.hasSuffix("%") { t.removeLast(); scale = 0.01 }
        guard !t.isEmpty, let e = try? ExpressionParser.parse(t), e.paths.isEmpty,
              case .number(let x)? = try? e.evaluate({ _ in nil }) else { return nil }
        return x * scale
    }

    public static func grade(_ q: Question, answer: String, session: Session) -> Grade {
        switch q.body {
        case .choice(let options, let multiple):
            var chosen = picks(answer, count: options.count)
            if chosen == nil, let i = options.firstIndex(where: { normalize($0.text) == normalize(answer) }) { chosen = [i] }
            guard let chosen else { return .unreadable("answer with a letter from a to \(letter(options.count - 1))") }
            if !multiple && chosen.count != 1 { return .unreadable("choose one letter") }
            let right = Set(options.indices.filter { options[$0].correct })
            if Set(chosen) == right { return .correct }
            let bad = chosen.first { !options[$0].correct }
            if let bad { return .wrong(feedback: options[bad].feedback) }
            return .wrong(feedback: "Some of those are right, but not all of the right ones.")
        case .numeric(let expr, _, let tolerance, let unit):
            guard let x = number(answer, unit: unit) else { return .unreadable("answer with a number" + (unit.isEmpty ? "" : " (in \(unit))")) }
            guard case .number(let reference)? = try? expr.evaluate(session.value) else {
                return .unreadable("the answer needs a simulation that has not run yet")
            }
            return tolerance.accepts(x, reference: reference) ? .correct : .wrong(feedback: nil)
        case .text(let patterns, _):
            let t = normalize(answer)
            guard !t.isEmpty else { return .unreadable("type an answer") }
            for p in patterns {
                if let r = try? Regex(p.value).ignoresCase(), (try? r.wholeMatch(in: t)) != nil { return .correct }
            }
            return .wrong(feedback: nil)
        case .order(let items):
            let shown = presentation(q)
            guard let chosen = picks(answer, count: items.count) else {
                return .unreadable("list the letters in order, e.g. \(items.indices.map(letter).joined(separator: " "))")
            }
            guard chosen.count == items.count, Set(chosen).count == items.count else {
                return .unreadable("use each of the \(items.count) letters once")
            }
            return chosen.map { shown[$0] } == Array(items.indices) ? .correct : .wrong(feedback: nil)
        case .task(let check, _):
            guard case .boolean(let b)? = try? check.evaluate(session.value) else { return .wrong(feedback: nil) }
            return b ? .correct : .wrong(feedback: nil)
        }
    }

    /// The answer key: what a learner who knows would type (for a task,
    /// the first solution command). Nil when the session cannot give it.
    public static func reference(_ q: Question, session: Session) -> String? {
        switch q.body {
        case .choice(let options, _):
            return options.indices.filter { options[$0].correct }.map(letter).joined(separator: " ")
        case .numeric(let expr, _, _, _):
            guard case .number(let x)? = try? expr.evaluate(session.value) else { return nil }
            return ExpressionValue.format(x)
        case .text(_, let reference): return reference
        case .order(let items):
            let shown = presentation(q)
            return items.indices.map { k in letter(shown.firstIndex(of: k)!) }.joined(separator: " ")
        case .task(_, let solution): return solution.first?.value
        }
    }

    /// The revealed answer in words.
    public static func revealText(_ q: Question, session: Session) -> String {
        switch q.body {
        case .choice(let options, _):
            return options.indices.filter { options[$0].correct }.map { "\(letter($0))) \(options[$0].text)" }.joined(separator: "; ")
        case .numeric(_, _, let tolerance, let unit):
            return (reference(q, session: session) ?? "?") + (unit.isEmpty ? "" : " \(unit)") + " (accepted \(tolerance.description))"
        case .text(_, let r): return r
        case .order(let items): return items.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "  ")
        case .task(_, let solution): return solution.map { "$ " + $0.value }.joined(separator: "\n")
        }
    }
}

extension String {
    /// A hash that is the same in every run (Swift's own is seeded per process).
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
