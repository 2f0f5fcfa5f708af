import Foundation

extension LessonParser.Reader {
    static let commonFields: Set<String> = ["ask", "hint", "attempts", "explain", "wrong", "objective", "review", "on-wrong"]
    static let kindFields: [String: Set<String>] = [
        "choice": ["option", "correct", "feedback", "multiple"],
        "numeric": ["answer", "tolerance", "unit", "prediction", "display"],
        "text": ["match", "reference"],
        "order": ["item"],
        "task": ["check", "solution", "require"],
    ]

    /// Turns a question's fields into a `Question`, reporting what is wrong.
    mutating func buildQuestion(_ q: (kind: String, id: String, location: SourceLocation, fields: [LessonParser.Field])) {
        guard !q.kind.isEmpty else { return }
        let allowed = Self.commonFields.union(Self.kindFields[q.kind] ?? [])
        let n = q.location.line
        func first(_ key: String) -> LessonParser.Field? { q.fields.first { $0.key == key } }
        func all(_ key: String) -> [LessonParser.Field] { q.fields.filter { $0.key == key } }
        func at(_ f: LessonParser.Field, _ code: String, _ message: String, offset: Int = 0) {
            diagnostics.append(Diagnostic(code, message, at: f.valueLocation.offset(offset)))
        }
        for f in q.fields where !allowed.contains(f.key) {
            let elsewhere = Self.kindFields.first { $0.value.contains(f.key) }?.key
            let why = elsewhere.map { " ('\(f.key):' belongs to \($0) questions)" } ?? ""
            diagnostics.append(Diagnostic(Code.unknownField, "unknown field '\(f.key):' in a \(q.kind) question\(why)", at: f.keyLocation))
        }
        for key in ["ask", "explain"] where first(key) == nil {
            error(Code.missingField, "the question needs '\(key):'", n)
        }
        var attempts = 3
        if let f = first("attempts") {
            if let a = Int(f.value), (1...20).contains(a) { attempts = a }
            else { at(f, Code.badValue, "attempts is a whole number from 1 to 20") }
        }
        let wrong = all("wrong").map { Located($0.value, $0.valueLocation) }
        let objective = first("objective").map { Located($0.value, $0.valueLocation) }
        let review = first("review").map { Located($0.value, $0.valueLocation) }
        let onWrong = first("on-wrong").map { Located($0.value, $0.valueLocation) }
        var texts: [Located<String>] = []
        for f in q.fields where ["ask", "explain", "hint", "option", "correct", "feedback", "item"].contains(f.key) {
            texts.append(Located(f.value, f.valueLocation))
            checkValues(f.value, f.valueLocation)
        }
        let params = self.params
        var requirements: [Requirement] = []
        var prediction: Expression?
        var display: Int?

        var body: QuestionBody?
        switch q.kind {
        case "choice":
            var options: [ChoiceOption] = []
            for f in q.fields {
                if f.key == "option" || f.key == "correct" {
                    options.append(ChoiceOption(text: f.value, correct: f.key == "correct", feedback: nil, location: f.keyLocation))
                } else if f.key == "feedback" {
                    if options.isEmpty || options[options.count - 1].feedback != nil {
                        diagnostics.append(Diagnostic(Code.strayFeedback, "'feedback:' must follow the option it explains", at: f.keyLocation))
                    } else { options[options.count - 1].feedback = f.value }
                }
            }
            var multiple = false
            if let f = first("multiple") {
                if ["yes", "no"].contains(f.value) { multiple = f.value == "yes" }
                else { at(f, Code.badValue, "multiple is yes or no") }
            }
            if options.count < 2 { error(Code.missingField, "a choice needs at least two 'option:' or 'correct:' lines", n) }
            else if !options.contains(where: \.correct) {
                error(Code.noCorrectChoice, "no option is marked 'correct:'", n)
            } else if !multiple && options.filter(\.correct).count > 1 {
                error(Code.noCorrectChoice, "several options are correct; add 'multiple: yes'", n)
            }
            if options.count > 26 { error(Code.badValue, "at most 26 options", n) }
            body = .choice(options: options, multiple: multiple)

        case "numeric":
            guard let f = first("answer") else { error(Code.missingField, "a numeric question needs 'answer:'", n); break }
            var exprText = f.value
            var tolText: (String, Int)? = nil
            for sep in ["±", "+/-", "+-"] {
                if let r = f.value.range(of: sep) {
                    exprText = f.value[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
                    let after = f.value[r.upperBound...]
                    let t = after.trimmingCharacters(in: .whitespaces)
                    tolText = (t, f.value.distance(from: f.value.startIndex, to: r.upperBound) + (after.count - after.drop { $0 == " " }.count))
                    break
                }
            }
            if let t = first("tolerance") {
                if tolText != nil { at(t, Code.badTolerance, "the tolerance is already given after '±' in 'answer:'") }
                tolText = (t.value, 0)
            }
            let tolLocation = first("tolerance")?.valueLocation ?? f.valueLocation.offset(tolText?.1 ?? 0)
            var tolerance = Tolerance.absolute(0)
            if let (t, _) = tolText {
                if let tol = parseTolerance(t) { tolerance = tol }
                else { diagnostics.append(Diagnostic(Code.badTolerance, "bad tolerance '\(t)': write a positive number (0.005) or a percentage below 100 (2%)", at: tolLocation)) }
            } else {
                diagnostics.append(Diagnostic(Code.badTolerance, "the answer needs a tolerance: 'answer: EXPR ± 0.005' or 'tolerance: 2%'", at: f.valueLocation))
            }
            if let p = first("prediction") {
                do { prediction = try ExpressionParser.parse(p.value, params: params) } catch {
                    at(p, error.kind == .limit ? Code.expressionLimit : Code.expressionSyntax, error.message, offset: error.column - 1)
                }
            }
            if let d = first("display") {
                if let n = Int(d.value), (0...12).contains(n) { display = n } else { at(d, Code.badValue, "display is the number of decimals shown, 0 to 12") }
            } else {
                // The ask, or the step's text before it, shows the answer's own expression
                // with a format: that is the displayed precision.
                var shown = [first("ask")?.value ?? ""]
                for item in steps.last?.items ?? [] {
                    if case .narration(let t) = item { shown.append(t.value) }
                    if case .verbatim(let t) = item { shown.append(t.value) }
                }
                if let p = paragraph { shown.append(p.text) }
                for text in shown {
                    if let r = text.range(of: "{" + exprText + ":"), let close = text[r.upperBound...].firstIndex(of: "}") {
                        display = Interpolation.decimals(String(text[r.upperBound..<close])); break
                    }
                }
            }
            do {
                let e = try ExpressionParser.parse(exprText, params: params)
                if e.isCondition { at(f, Code.expressionType, "the answer is a number, not a true/false check") }
                body = .numeric(answer: e, answerText: Located(exprText, f.valueLocation), tolerance: tolerance, unit: first("unit")?.value ?? "")
            } catch {
                at(f, error.kind == .limit ? Code.expressionLimit : Code.expressionSyntax, error.message, offset: error.column - 1)
            }

        case "text":
            let matches = all("match")
            if matches.isEmpty { error(Code.missingField, "a text question needs at least one 'match:' regex", n) }
            for m in matches {
                do { _ = try Regex(m.value) } catch {
                    at(m, Code.badRegex, "bad regex: \(String(describing: error).split(separator: "\n").first ?? "")")
                    continue
                }
                if let why = RegexSafety.problem(m.value) {
                    at(m, Code.unsafeRegex, "this regex can backtrack catastrophically: \(why)")
                }
            }
            guard let r = first("reference") else { error(Code.missingField, "a text question needs 'reference:' (the model answer)", n); break }
            body = .text(patterns: matches.map { Located($0.value, $0.valueLocation) }, reference: r.value)

        case "order":
            let items = all("item").map(\.value)
            if items.count < 2 { error(Code.missingField, "an order question needs at least two 'item:' lines", n) }
            if Set(items).count != items.count { error(Code.badValue, "two items are the same", n) }
            if items.count > 26 { error(Code.badValue, "at most 26 items", n) }
            body = .order(items: items)

        case "task":
            let solution = all("solution").map { Located($0.value, $0.valueLocation) }
            if solution.isEmpty { error(Code.missingField, "a task needs 'solution:' (a command that completes it)", n) }
            var ok = true
            for r in all("require") {
                let parts = r.value.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                let cond = String(parts[0]).trimmingCharacters(in: .whitespaces)
                let message = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""
                if message.isEmpty { at(r, Code.missingField, "write 'require: CONDITION | message for the learner'"); ok = false; continue }
                do {
                    let e = try ExpressionParser.parse(cond, params: params)
                    if !e.isCondition { at(r, Code.expressionType, "a requirement must be true or false, e.g. with == or <") }
                    requirements.append(Requirement(condition: e, message: message, location: r.valueLocation))
                } catch {
                    at(r, error.kind == .limit ? Code.expressionLimit : Code.expressionSyntax, error.message, offset: error.column - 1); ok = false
                }
            }
            guard let f = first("check") else {
                if requirements.isEmpty && ok { error(Code.missingField, "a task needs 'check:' or 'require:', e.g. check: last.bb84.aborted == true", n); break }
                guard ok else { break }
                // The check is all requirements together.
                let e: Expression = requirements.count == 1 ? requirements[0].condition
                    : .chain(requirements[0].condition, requirements.dropFirst().map { ChainLink(op: "and", operand: $0.condition, column: 1) }, column: 1)
                body = .task(check: e, solution: solution)
                break
            }
            do {
                let e = try ExpressionParser.parse(f.value, params: params)
                if !e.isCondition { at(f, Code.expressionType, "a check must be true or false, e.g. with == or <") }
                if ok {
                    requirements.insert(Requirement(condition: e, message: "", location: f.valueLocation), at: 0)
                    let all: Expression = requirements.count == 1 ? e
                        : .chain(e, requirements.dropFirst().map { ChainLink(op: "and", operand: $0.condition, column: 1) }, column: 1)
                    body = .task(check: all, solution: solution)
                }
            } catch {
                at(f, error.kind == .limit ? Code.expressionLimit : Code.expressionSyntax, error.message, offset: error.column - 1)
            }
        default: break
        }
        guard let body else { return }
        var question = Question(id: q.id, location: q.location, ask: first("ask")?.value ?? "", body: body)
        question.hints = all("hint").map(\.value)
        question.attempts = attempts
        question.explain = first("explain")?.value ?? ""
        question.wrong = wrong
        question.objective = objective
        question.review = review
        question.checkLocation = first("check")?.valueLocation ?? first("require")?.valueLocation
        question.requirements = requirements
        question.onWrong = onWrong
        question.prediction = prediction
        question.display = display
        question.texts = texts
        append(.question(question))
    }

    func parseTolerance(_ t: String) -> Tolerance? {
        if t.hasSuffix("%") {
            guard let r = Double(t.dropLast().trimmingCharacters(in: .whitespaces)), r > 0, r < 100 else { return nil }
            return .relative(r / 100)
        }
        // `± 0` is exact (integers: a count of relays).
        guard let a = Double(t), a >= 0, a.isFinite else { return nil }
        return .absolute(a)
    }
}
