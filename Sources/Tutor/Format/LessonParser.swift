import Foundation
import Commands

/// Reads a lesson file into a `Lesson`, collecting every problem it finds
/// with its line and column instead of stopping at the first.
public enum LessonParser {
    /// Narration and `|` lines must fit 80 columns once indented by 2.
    public static let textWidth = 78

    public static func parse(_ text: String, file: String = "<lesson>") -> (lesson: Lesson?, diagnostics: [Diagnostic]) {
        guard text.utf8.count <= Lesson.maxFileBytes else {
            return (nil, [Diagnostic(Code.fileTooLarge, "the file is \(text.utf8.count) bytes; the limit is \(Lesson.maxFileBytes) (2 MB)", at: SourceLocation(line: 1, column: 1))])
        }
        var p = Reader(text: text, file: file)
        p.run()
        let errors = p.diagnostics.contains { $0.severity == .error }
        var lesson = Lesson(file: file, formatVersion: p.version, metadata: p.meta, steps: p.steps,
                            contentHash: ContentHash.of(text))
        lesson.snapshots = p.snapshots
        // A lesson with errors is still returned so the linter can report more.
        return (p.steps.isEmpty && errors ? nil : lesson, p.diagnostics.sorted { $0.location < $1.location })
    }

    public static func load(_ url: URL) -> (lesson: Lesson?, diagnostics: [Diagnostic], source: [String]) {
        guard let data = try? Data(contentsOf: url) else {
            return (nil, [Diagnostic(Code.badFile, "cannot read the file", at: SourceLocation(line: 1, column: 1))], [])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (nil, [Diagnostic(Code.badFile, "the file is not UTF-8 text", at: SourceLocation(line: 1, column: 1))], [])
        }
        let r = parse(text, file: url.path)
        return (r.lesson, r.diagnostics, lines(of: text))
    }

    /// Lines without CR (CRLF files) and without a leading UTF-8 BOM.
    /// Split on bytes: linear and fast (grapheme breaking is not needed for '\n').
    static func lines(of text: String) -> [String] {
        var utf8 = Substring(text).utf8[...]
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8 = utf8.dropFirst(3) }
        var out: [String] = []
        out.reserveCapacity(utf8.count / 16)
        while true {
            guard let nl = utf8.firstIndex(of: 0x0A) else {
                var last = utf8
                if last.last == 0x0D { last = last.dropLast() }
                out.append(String(decoding: last, as: UTF8.self))
                return out
            }
            var line = utf8[utf8.startIndex..<nl]
            if line.last == 0x0D { line = line.dropLast() }
            out.append(String(decoding: line, as: UTF8.self))
            utf8 = utf8[utf8.index(after: nl)...]
        }
    }

    /// Spaces and tabs off both ends (hot path: no Foundation character sets).
    static func trim(_ s: Substring) -> String {
        let u = s.utf8
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        return String(s[first...last])
    }
    static func trim(_ s: String) -> String { trim(Substring(s)) }

    static func isId(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f.properties.isLowercase || ("0"..."9").contains(f) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// `key: value` with a lowercase key; the value's column is returned too.
    static func field(_ line: String) -> (key: String, value: String, valueColumn: Int)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = String(line[..<colon])
        guard !key.isEmpty, key.first!.isLetter,
              key.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "-" }) else { return nil }
        let after = line[line.index(after: colon)...]
        guard after.isEmpty || after.first == " " else { return nil }
        let value = after.drop { $0 == " " }
        return (key, trim(value), line.count - value.count + 1)
    }

    struct Field {
        var key: String
        var value: String
        var keyLocation: SourceLocation
        var valueLocation: SourceLocation
    }

    struct Reader {
        let file: String
        let lines: [String]
        var diagnostics: [Diagnostic] = []
        var version = Lesson.formatVersion
        var meta = Metadata()
        var steps: [Step] = []
        var seenMeta: Set<String> = []
        var stepLines: [String: Int] = [:]
        var questionIds: Set<String> = []
        var snapshots: [SourceLocation: String] = [:]
        var snapshotNames: Set<String> = []
        var params: Set<String> { Set(meta.params.map(\.name)) }

        // Open constructs.
        var paragraph: (text: String, location: SourceLocation)?
        var question: (kind: String, id: String, location: SourceLocation, fields: [Field])?

        init(text: String, file: String) { self.file = file; lines = LessonParser.lines(of: text) }

        mutating func error(_ code: String, _ message: String, _ line: Int, _ column: Int = 1) {
            diagnostics.append(Diagnostic(code, message, at: SourceLocation(line: line, column: column)))
        }

        mutating func run() {
            var start = 0
            if let first = lines.first, first.hasPrefix("qkdtutor-lesson") {
                let rest = first.dropFirst("qkdtutor-lesson".count).trimmingCharacters(in: .whitespaces)
                if let v = Int(rest), v >= 1 {
                    version = v
                    if v > Lesson.formatVersion {
                        error(Code.newerFormat, "format version \(v) is newer than this qkdtutor reads (\(Lesson.formatVersion))", 1, 17)
                        return
                    }
                } else {
                    error(Code.header, "the first line must be 'qkdtutor-lesson \(Lesson.formatVersion)'", 1, min(17, first.count + 1))
                }
                start = 1
            } else {
                error(Code.header, "the first line must be 'qkdtutor-lesson \(Lesson.formatVersion)'", 1)
            }
            for i in start..<lines.count { line(checked(lines[i], i + 1), i + 1) }
            closeBlocks()
            finishMetadata()
        }

        /// Bounds and terminal hygiene for one raw line: too long (outside `|`
        /// lines) is F011 and the line is dropped; control characters are F009
        /// and shown escaped, never passed on.
        mutating func checked(_ raw: String, _ n: Int) -> String {
            if raw.utf8.count > Lesson.maxLineBytes && !raw.hasPrefix("|") {
                error(Code.lineTooLong, "this line is \(raw.utf8.count) bytes; the limit is \(Lesson.maxLineBytes) (4 KB) outside '|' lines", n)
                return "# (line too long)"
            }
            if let (col, u) = Sanitize.firstControl(raw) {
                error(Code.controlCharacter, "control character \(Sanitize.escaped(u)) in the text; terminals would act on it", n, col)
                return Sanitize.text(raw)
            }
            return raw
        }

        /// Version 2 text with `{…}` values: report a bad one (E001/E004) where it is.
        mutating func checkValues(_ text: String, _ at: SourceLocation) {
            guard version >= 2, text.utf8.contains(where: { $0 == 0x7B || $0 == 0x7D }) else { return }
            do { _ = try Interpolation.segments(text, params: params) } catch {
                diagnostics.append(Diagnostic(error.kind == .limit ? Code.expressionLimit : Code.expressionSyntax, error.message, at: at.offset(error.column - 1)))
            }
        }

        mutating func finishMetadata() {
            for key in ["id", "title"] where !seenMeta.contains(key) {
                error(Code.missingMetadata, "missing '\(key):' in the header", 1)
            }
            if steps.isEmpty && !diagnostics.contains(where: { $0.code == Code.newerFormat }) {
                error(Code.noSteps, "the lesson has no steps (a step starts with '== id: Title')", max(1, lines.count))
            }
        }

        mutating func closeBlocks() {
            if let p = paragraph { append(.narration(Located(p.text, p.location))); paragraph = nil }
            if let q = question { question = nil; buildQuestion(q) }
        }

        mutating func append(_ item: StepItem) {
            guard !steps.isEmpty else { return }
            steps[steps.count - 1].items.append(item)
        }

        mutating func line(_ raw: String, _ n: Int) {
            let trimmed = LessonParser.trim(raw)
            if raw.hasPrefix("#") { return }
            if trimmed.isEmpty { closeBlocks(); return }

            // Inside a question: fields and indented continuations.
            if question != nil {
                if raw.first == " " || raw.first == "\t", !question!.fields.isEmpty {
                    question!.fields[question!.fields.count - 1].value += " " + trimmed
                    return
                }
                if let f = LessonParser.field(raw) {
                    question!.fields.append(Field(key: f.key, value: f.value, keyLocation: SourceLocation(line: n, column: 1),
                                                  valueLocation: SourceLocation(line: n, column: f.valueColumn)))
                    return
                }
                if !["==", "?", "$", "@"].contains(where: { raw.hasPrefix($0) }) {
                    error(Code.unterminatedQuestion, "a question holds only 'field: value' lines; end it with a blank line", n)
                    return
                }
                closeBlocks()
            }

            if raw.hasPrefix("==") { closeBlocks(); stepHeader(raw, n); return }

            if steps.isEmpty {
                if let f = LessonParser.field(raw) { metadata(f, n); return }
                error(Code.outsideStep, raw.hasPrefix("@") || raw.hasPrefix("$") || raw.hasPrefix("?")
                      ? "this belongs in a step; start one with '== id: Title'"
                      : "expected 'key: value' in the header, or a step ('== id: Title')", n)
                return
            }

            if raw.hasPrefix("$") {
                closeBlocks()
                let body = raw.dropFirst()
                let text = body.trimmingCharacters(in: .whitespaces)
                let col = raw.count - body.drop { $0 == " " }.count + 1
                if text.isEmpty { error(Code.commandParse, "'$' needs a command after it", n, 1); return }
                var command = text
                let location = SourceLocation(line: n, column: col)
                if version >= 2, let r = text.range(of: #" as [^ ]+$"#, options: .regularExpression) {
                    let name = String(text[r].dropFirst(4))
                    command = String(text[..<r.lowerBound]).trimmingCharacters(in: .whitespaces)
                    let nameCol = col + text.distance(from: text.startIndex, to: r.lowerBound) + 4
                    if !name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) || name.first!.isNumber {
                        error(Code.badSnapshot, "'\(name)' is not a snapshot name (lowercase letters, digits, '_')", n, nameCol)
                    } else if !snapshotNames.insert(name).inserted {
                        error(Code.badSnapshot, "snapshot '\(name)' is already defined", n, nameCol)
                    }
                    snapshots[location] = name
                }
                checkValues(command, location)
                append(.command(Located(command, location)))
                return
            }
            if raw.hasPrefix("@") { closeBlocks(); directive(raw, n); return }
            if raw.hasPrefix("?") { closeBlocks(); questionHeader(raw, n); return }
            if raw.hasPrefix("|") {
                closeBlocks()
                var text = String(raw.dropFirst())
                if text.hasPrefix(" ") { text.removeFirst() }
                let col = raw.count - text.count + 1
                if text.count > textWidth {
                    error(Code.narrationTooWide, "this '|' line is \(text.count) columns; at most \(textWidth) fit at 80 columns", n, col + textWidth)
                }
                checkValues(text, SourceLocation(line: n, column: col))
                append(.verbatim(Located(text, SourceLocation(line: n, column: col))))
                return
            }
            // Narration: a backslash escapes a leading sigil.
            var text = trimmed
            var col = raw.count - raw.drop { $0 == " " || $0 == "\t" }.count + 1
            if text.hasPrefix("\\") { text.removeFirst(); col += 1 }
            var offset = 0
            for word in text.split(separator: " ", omittingEmptySubsequences: false) {
                if word.count > textWidth {
                    error(Code.narrationTooWide, "a \(word.count)-character word cannot wrap at 80 columns", n, col + offset)
                }
                offset += word.count + 1
            }
            checkValues(text, SourceLocation(line: n, column: col))
            if paragraph == nil { paragraph = (text, SourceLocation(line: n, column: col)) }
            else { paragraph!.text += " " + text }
        }

        mutating func metadata(_ f: (key: String, value: String, valueColumn: Int), _ n: Int) {
            let at = f.valueColumn
            let repeatable: Set<String> = ["objective", "param"]
            if seenMeta.contains(f.key) && !repeatable.contains(f.key) {
                error(Code.badMetadata, "'\(f.key):' is given twice", n)
            }
            seenMeta.insert(f.key)
            switch f.key {
            case "id":
                if !LessonParser.isId(f.value) { error(Code.badId, "'\(f.value)' is not an id (lowercase letters, digits, '-')", n, at) }
                meta.id = f.value
            case "title": meta.title = f.value
            case "summary": meta.summary = f.value
            case "level":
                if !["beginner", "intermediate", "advanced"].contains(f.value) {
                    error(Code.badMetadata, "level is beginner, intermediate or advanced", n, at)
                }
                meta.level = f.value
            case "minutes":
                if let m = Int(f.value), m > 0, m <= 600 { meta.minutes = m }
                else { error(Code.badMetadata, "minutes is a whole number from 1 to 600", n, at) }
            case "requires":
                meta.requiresLocation = SourceLocation(line: n, column: at)
                meta.requires = f.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                for r in meta.requires where !LessonParser.isId(r) {
                    error(Code.badId, "'\(r)' is not a lesson id", n, at)
                }
            case "objective":
                guard let colon = f.value.firstIndex(of: ":") else {
                    error(Code.badMetadata, "write 'objective: ID: what the learner can do'", n, at); return
                }
                let id = f.value[..<colon].trimmingCharacters(in: .whitespaces)
                let text = f.value[f.value.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if !LessonParser.isId(id) { error(Code.badId, "'\(id)' is not an objective id", n, at) }
                if meta.objectives.contains(where: { $0.id == id }) { error(Code.badMetadata, "objective '\(id)' is given twice", n, at) }
                meta.objectives.append(Objective(id: id, text: text, location: SourceLocation(line: n, column: at)))
            case "seed":
                if let s = UInt64(f.value) { meta.seed = s } else { error(Code.badMetadata, "seed is a whole number", n, at) }
            case "param":
                param(f.value, n, at)
            default:
                let known = ["id", "title", "summary", "level", "minutes", "requires", "objective", "seed", "param"]
                let close = known.min { editDistance($0, f.key) < editDistance($1, f.key) }
                let hint = close.map { editDistance($0, f.key) <= 2 ? " (did you mean '\($0)'?)" : "" } ?? ""
                error(Code.unknownMetadata, "unknown header field '\(f.key)'\(hint)", n)
            }
        }

        /// `param: NAME = choice(V1, V2, …)`.
        mutating func param(_ value: String, _ n: Int, _ at: Int) {
            let bad = "write 'param: NAME = choice(0.75, 0.8, 0.85)'"
            guard let eq = value.firstIndex(of: "=") else { error(Code.badParam, bad, n, at); return }
            let name = value[..<eq].trimmingCharacters(in: .whitespaces)
            let rhs = value[value.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
                  name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }),
                  !["seed", "last", "runs", "true", "false", "not", "and", "or"].contains(name),
                  ExpressionParser.functions[name] == nil else {
                error(Code.badParam, "'\(name)' is not a parameter name (a letter, then letters, digits or '_'; not a reserved word)", n, at); return
            }
            if meta.params.contains(where: { $0.name == name }) { error(Code.badParam, "parameter '\(name)' is given twice", n, at); return }
            guard rhs.hasPrefix("choice("), rhs.hasSuffix(")") else { error(Code.badParam, bad, n, at); return }
            // The values parse as the arguments of a call (min takes up to 16).
            let args = String(rhs.dropFirst(7).dropLast())
            guard let list = try? ExpressionParser.parse("min(" + args + ", 0)"), case .call(_, let items, _) = list, items.count >= 2 else {
                error(Code.badParam, bad + " with 1 to 15 values", n, at); return
            }
            var values: [ExpressionValue] = []
            for item in items.dropLast() {
                guard let v = try? item.evaluate(NoValues()), v != .boolean(true), v != .boolean(false) else {
                    error(Code.badParam, "choice values are numbers or \"strings\"", n, at); return
                }
                values.append(v)
            }
            meta.params.append(Param(name: name, choices: values, location: SourceLocation(line: n, column: at)))
        }

        mutating func stepHeader(_ raw: String, _ n: Int) {
            let body = raw.dropFirst(2)
            let rest = body.drop { $0 == " " }
            let col = raw.count - rest.count + 1
            let id: String, title: String
            if let colon = rest.firstIndex(of: ":") {
                id = LessonParser.trim(rest[..<colon])
                title = LessonParser.trim(rest[rest.index(after: colon)...])
            } else {
                id = LessonParser.trim(rest); title = id
            }
            if !LessonParser.isId(id) {
                error(Code.badId, "'\(id)' is not a step id (lowercase letters, digits, '-')", n, col)
            } else if let line = stepLines[id] {
                error(Code.duplicateStep, "step '\(id)' is already defined at line \(line)", n, col)
            } else { stepLines[id] = n }
            checkValues(title, SourceLocation(line: n, column: col))
            steps.append(Step(id: id, title: title, location: SourceLocation(line: n, column: col), items: []))
        }

        mutating func directive(_ raw: String, _ n: Int) {
            let words = raw.dropFirst().split(separator: " ").map(String.init)
            let name = words.first ?? ""
            switch name {
            case "pause":
                if words.count > 1 { error(Code.unknownDirective, "@pause takes nothing after it", n, name.count + 3) }
                append(.pause(SourceLocation(line: n, column: 1)))
            case "show":
                guard words.count == 2 else { error(Code.unknownDirective, "write '@show VIEW', e.g. '@show bb84'", n); return }
                let col = raw.range(of: words[1], range: raw.index(raw.startIndex, offsetBy: 5)..<raw.endIndex)
                    .map { raw.distance(from: raw.startIndex, to: $0.lowerBound) + 1 } ?? 7
                append(.show(Located(words[1], SourceLocation(line: n, column: col))))
            default:
                let close = ["pause", "show"].first { editDistance($0, name) <= 2 }.map { " (did you mean '@\($0)'?)" } ?? ""
                error(Code.unknownDirective, "unknown directive '@\(name)'\(close)", n)
            }
        }

        mutating func questionHeader(_ raw: String, _ n: Int) {
            let words = raw.dropFirst().split(separator: " ").map(String.init)
            let kinds = ["choice", "numeric", "text", "order", "task"]
            let kind = words.first ?? ""
            let kindCol = (raw.range(of: kind).map { raw.distance(from: raw.startIndex, to: $0.lowerBound) } ?? 1) + 1
            guard kinds.contains(kind) else {
                error(Code.unknownKind, "unknown question kind '\(kind)'; use \(kinds.joined(separator: ", "))", n, kindCol)
                question = ("", "", SourceLocation(line: n, column: 1), [])   // swallow its fields
                return
            }
            guard words.count == 2 else {
                error(Code.badId, "write '? \(kind) ID' with an id for progress", n, kindCol + kind.count); 
                question = ("", "", SourceLocation(line: n, column: 1), [])
                return
            }
            let id = words[1]
            let idCol = raw.count - (raw.reversed().firstIndex(of: " ").map { raw.reversed().distance(from: raw.reversed().startIndex, to: $0) } ?? 0) + 1
            if !LessonParser.isId(id) { error(Code.badId, "'\(id)' is not a question id", n, idCol) }
            if !questionIds.insert(id).inserted {
                error(Code.duplicateQuestion, "question '\(id)' is already defined", n, idCol)
            }
            question = (kind, id, SourceLocation(line: n, column: 1), [])
        }
    }
}

