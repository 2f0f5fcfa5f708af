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

    /// SI prefixes a learner may put before a unit (`1.89 kbit/s`).
    static let prefixes: [(String, Double)] = [("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3), ("m", 1e-3),
                                                ("µ", 1e-6), ("u", 1e-6), ("n", 1e-9), ("p", 1e-12)]

    /// A number the learner typed: arithmetic allowed ("1/4"), an optional
    /// unit with an SI prefix, and a trailing "%" (`percent` says it was there).
    public static func reading(_ answer: String, unit: String) -> (value: Double, percent: Bool, decimals: Int)? {
        var t = answer.trimmingCharacters(in: .whitespaces)
        var scale = 1.0
        let u = unit == "fraction" ? "" : unit
        if !u.isEmpty && u != "%" {
            if t.lowercased().hasSuffix(u.lowercased()) {
                t = String(t.dropLast(u.count)).trimmingCharacters(in: .whitespaces)
            }
            // A prefix left at the end ("1.89 k" or "1.89k"), from "1.89 kbit/s" or typed alone.
            if let last = t.last, let p = prefixes.first(where: { $0.0 == String(last) }) {
                let rest = t.dropLast().trimmingCharacters(in: .whitespaces)
                if let l = rest.last, l.isNumber || l == ")" || l == "." { t = rest; scale = p.1 }
            }
        }
        var percent = false
        if t.hasSuffix("%") { t.removeLast(); t = t.trimmingCharacters(in: .whitespaces); percent = true }
        guard !t.isEmpty, let e = try? ExpressionParser.parse(t), e.paths.isEmpty,
              case .number(let x)? = try? e.evaluate(NoValues()) else { return nil }
        // Decimals typed, for the display-precision rule ("0.756" → 3).
        var decimals = 0
        if !t.contains(where: { "+*/()eE".contains($0) }), let dot = t.firstIndex(of: ".") {
            decimals = t[t.index(after: dot)...].prefix { $0.isNumber }.count
        }
        return (x * scale, percent, decimals)
    }

    /// Reads a number the learner typed (see `reading`): "%" means hundredths unless the unit is "%".
    public static func number(_ answer: String, unit: String) -> Double? {
        guard let r = reading(answer, unit: unit) else { return nil }
        return r.percent && unit != "%" ? r.value / 100 : r.value
    }

    public static func grade(_ q: Question, answer: String, session: Session) -> Grade {
        grade(q, answer: answer, context: EvalContext(session: session))
    }

    public static func grade(_ q: Question, answer: String, context: any ValueSource) -> Grade {
        guard answer.utf8.count <= RegexSafety.maxAnswerBytes else {
            return .unreadable("answers are at most \(RegexSafety.maxAnswerBytes) bytes (1 KB)")
        }
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
            guard let typed = reading(answer, unit: unit) else {
                return .unreadable("answer with a number" + (unit.isEmpty || unit == "fraction" ? "" : " (in \(unit))"))
            }
            guard case .number(let reference)? = try? expr.evaluate(context) else {
                return .unreadable("the answer needs a simulation that has not run yet")
            }
            return numeric(typed, reference: reference, tolerance: tolerance, unit: unit, display: q.display,
                           prediction: q.prediction.flatMap { if case .number(let p)? = try? $0.evaluate(context) { return p } else { return nil } })
        case .text(let patterns, _):
            let t = normalize(answer)
            guard !t.isEmpty else { return .unreadable("type an answer") }
            var slow = false
            for p in patterns {
                switch RegexSafety.wholeMatch(p.value, t) {
                case .match: return .correct
                case .tooSlow: slow = true
                case .noMatch, .invalid: break
                }
            }
            if slow { return .unreadable("pattern too slow: this question's answer pattern cannot be checked in 100 ms; :next skips it") }
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
            // The first failing requirement says what is missing.
            for r in q.requirements {
                guard case .boolean(true)? = try? r.condition.evaluate(context) else {
                    return .wrong(feedback: r.message.isEmpty ? nil : r.message)
                }
            }
            guard case .boolean(let b)? = try? check.evaluate(context) else { return .wrong(feedback: nil) }
            return b ? .correct : .wrong(feedback: nil)
        }
    }

    /// The numeric rules: within tolerance; or typed to at least the displayed
    /// precision and equal to the value rounded to what was typed; fractions and
    /// percent both accepted where the unit leaves no doubt. Wrong answers get
    /// a likely reason when one can be told.
    static func numeric(_ typed: (value: Double, percent: Bool, decimals: Int), reference: Double, tolerance: Tolerance,
                        unit: String, display: Int?, prediction: Double?) -> Grade {
        let isFraction = unit.isEmpty || unit == "fraction"
        var value = typed.value
        if isFraction && typed.percent { value /= 100 }
        func right(_ v: Double, decimals: Int) -> Bool {
            if tolerance.accepts(v, reference: reference) { return true }
            guard let shown = display, decimals >= shown else { return false }
            let f = pow(10, Double(decimals))
            return abs((reference * f).rounded() - v * f) < 1e-6
        }
        let decimals = isFraction && typed.percent ? typed.decimals + 2 : typed.decimals
        if right(value, decimals: decimals) { return .correct }
        if isFraction && !typed.percent && right(value / 100, decimals: decimals + 2) {
            return .wrong(feedback: "That looks like a percent; answer as a fraction (0 to 1), or add %.")
        }
        if unit == "%" && !typed.percent && right(value * 100, decimals: max(0, decimals - 2)) {
            return .wrong(feedback: "That looks like a fraction; answer in percent (e.g. 25 for a quarter).")
        }
        if let p = prediction, tolerance.accepts(value, reference: p) || abs(value - p) <= 0.005 * max(abs(p), 1e-12) {
            return .wrong(feedback: "That is the prediction; the question asks for this run's measured value.")
        }
        if reference != 0, tolerance.accepts(-value, reference: reference) {
            return .wrong(feedback: "The sign is the other way round.")
        }
        return .wrong(feedback: nil)
    }

    /// The answer key: what a learner who knows would type (for a task,
    /// the first solution command). Nil when the session cannot give it.
    public static func reference(_ q: Question, session: Session) -> String? {
        reference(q, context: EvalContext(session: session))
    }

    public static func reference(_ q: Question, context: any ValueSource) -> String? {
        switch q.body {
        case .choice(let options, _):
            return options.indices.filter { options[$0].correct }.map(letter).joined(separator: " ")
        case .numeric(let expr, _, _, _):
            guard case .number(let x)? = try? expr.evaluate(context) else { return nil }
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
        revealText(q, context: EvalContext(session: session))
    }

    public static func revealText(_ q: Question, context: any ValueSource) -> String {
        switch q.body {
        case .choice(let options, _):
            return options.indices.filter { options[$0].correct }.map { "\(letter($0))) \(options[$0].text)" }.joined(separator: "; ")
        case .numeric(_, _, let tolerance, let unit):
            return (reference(q, context: context) ?? "?") + (unit.isEmpty || unit == "fraction" ? "" : " \(unit)")
                + (tolerance == .absolute(0) ? " (exactly)" : " (accepted \(tolerance.description))")
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
