import Commands
import Foundation
import Testing
@testable import Tutor

/// The version 2 expression language: every new form, and its bounds.
@Suite struct LanguageV2Tests {
    let values: [String: ExpressionValue] = [
        "seed": .number(7),
        "V": .number(0.8),
        "NODE": .string("Node-B"),
        "last.network.routes": .list([
            .record(["relays": .number(2), "path": .list([.string("Node-A"), .string("Node-B"), .string("Node-C")]), "km": .number(120.5)]),
            .record(["relays": .number(0), "path": .list([.string("Node-A"), .string("Node-C")]), "km": .number(80)]),
        ]),
        "last.network.name": .string("Jinan"),
        "runs.clean.chsh": .number(2.8),
        "runs.noisy.chsh": .number(2.2),
    ]
    func eval(_ s: String) throws -> ExpressionValue {
        try ExpressionParser.parse(s, params: ["V", "NODE"]).evaluate(Values(values))
    }

    @Test func stringsCompareAndJoin() throws {
        #expect(try eval(#"last.network.name == "Jinan""#) == .boolean(true))
        #expect(try eval("last.network.name != 'Beijing'") == .boolean(true))
        #expect(try eval(#""a\"b" + "c""#) == .string("a\"bc"))
        #expect(try eval("NODE == \"Node-B\"") == .boolean(true))
        #expect(throws: ExpressionError.self) { try eval(#"last.network.name == 3"#) }
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(#""open"#) }
    }

    @Test func listsIndexAndLength() throws {
        #expect(try eval("last.network.routes[0].relays") == .number(2))
        #expect(try eval("last.network.routes.1.km") == .number(80))
        #expect(try eval("last.network.routes[-1].relays") == .number(0))
        #expect(try eval("last.network.routes[0].path[1]") == .string("Node-B"))
        #expect(try eval("len(last.network.routes)") == .number(2))
        #expect(try eval("len(last.network.routes[0].path)") == .number(3))
        #expect(try eval("len(last.network.name)") == .number(5))
        #expect(try eval(#"contains(last.network.routes[0].path, "Node-B")"#) == .boolean(true))
        #expect(try eval(#"contains(last.network.routes[1].path, NODE)"#) == .boolean(false))
        #expect(try eval(#"contains(last.network.name, "ina")"#) == .boolean(true))
        #expect(try eval("last.network.routes[1 + 0].km * 2") == .number(160))
        do { _ = try ExpressionParser.parse("last.network.routes[5]").evaluate(Values(values)); Issue.record("out of range accepted") } catch {
            #expect(error.message.contains("out of range") && error.message.contains("2 items"))
        }
        #expect(throws: ExpressionError.self) { try eval("last.network.routes[0.5]") }
        #expect(throws: ExpressionError.self) { try eval("last.network.name[0]") }
        #expect(throws: ExpressionError.self) { try eval("last.network.routes[0].nothing") }
    }

    @Test func functions() throws {
        #expect(try eval("sqrt(16)") == .number(4))
        #expect(try eval("log2(8)") == .number(3))
        #expect(try eval("ln(exp(2))") == .number(2))
        #expect(try eval("pow(2, 10)") == .number(1024))
        #expect(try eval("round(2.5)") == .number(3))
        #expect(try eval("round(0.75565, 3)") == .number(0.756))
        #expect(try eval("7 % 4") == .number(3))
        #expect(try eval("runs.clean.chsh - runs.noisy.chsh") == .number(2.8 - 2.2))
        #expect(try eval("V * 2") == .number(1.6))
        #expect(throws: ExpressionError.self) { try eval("sqrt(-1)") }
        #expect(throws: ExpressionError.self) { try eval("log2(0)") }
        #expect(throws: ExpressionError.self) { try eval("pow(2)") }
        #expect(throws: ExpressionError.self) { try eval("round(1, 99)") }
        #expect(try ExpressionParser.parse("contains(last.x.list, 1)").isCondition)
    }

    @Test func unknownNamesAreRefused() {
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse("W + 1", params: ["V"]) }
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse("runs") }
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse("system(1)") }
    }

    // Issue 18: hostile shapes are one clear error, never a stack overflow.
    @Test func tenThousandParenthesesAreRefusedByLength() throws {
        let text = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        do { _ = try ExpressionParser.parse(text); Issue.record("accepted") } catch {
            #expect(error.kind == .limit && error.message.contains("4096"))
        }
    }

    @Test func deepNestingWithinTheLengthIsRefusedByDepth() throws {
        let text = String(repeating: "(", count: 1_000) + "1" + String(repeating: ")", count: 1_000)
        do { _ = try ExpressionParser.parse(text); Issue.record("accepted") } catch {
            #expect(error.kind == .limit && error.message.contains("256"))
        }
        let minus = String(repeating: "-", count: 2_000) + "1"
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(minus) }
        let nots = String(repeating: "not ", count: 900) + "true"
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(nots) }
        let indexes = "last.a.b" + String(repeating: "[0]", count: 1_000)
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(indexes) }
    }

    @Test func aHundredThousandMinusesAreOneError() {
        let text = String(repeating: "-", count: 100_000) + "1"
        do { _ = try ExpressionParser.parse(text); Issue.record("accepted") } catch {
            #expect(error.kind == .limit)
        }
        // The same as a learner's numeric answer: unreadable, not a crash.
        #expect(Grader.number(text, unit: "") == nil)
    }

    @Test func longChainsAreFlatAndEvaluate() throws {
        // 2,000 terms (4 KB): one flat chain, evaluated in a loop and freed without recursion.
        let text = "1" + String(repeating: "+1", count: 2_000)
        #expect(text.utf8.count <= ExpressionParser.maxLength)
        let e = try ExpressionParser.parse(text)
        guard case .chain(_, let links, _) = e else { Issue.record("not a chain: \(e)"); return }
        #expect(links.count == 2_000)
        #expect(try e.evaluate(NoValues()) == .number(2_001))
        let and = Array(repeating: "true", count: 400).joined(separator: " and ")
        #expect(try ExpressionParser.parse(and).evaluate(NoValues()) == .boolean(true))
        let depth256 = String(repeating: "(", count: 250) + "2" + String(repeating: ")", count: 250)
        #expect(try ExpressionParser.parse(depth256).evaluate(NoValues()) == .number(2))
    }

    @Test func interpolationFormats() throws {
        let src = Values(values)
        #expect(Interpolation.fill("S = {runs.clean.chsh:.3f}.", src) == "S = 2.800.")
        #expect(Interpolation.fill("{last.network.routes[0].km:d} km, {V:.1%}, {NODE}", src, params: ["V", "NODE"]) == "121 km, 80.0%, Node-B")
        #expect(Interpolation.fill("{pow(10, 3):.2e} and {{braces}}", src) == "1.00e+03 and {braces}")
        #expect(Interpolation.fill("{last.bb84.qber:.3f}", src) == "{?}")
        #expect(throws: ExpressionError.self) { try Interpolation.segments("{1 +}") }
        #expect(throws: ExpressionError.self) { try Interpolation.segments("{1:.3q}") }
        #expect(throws: ExpressionError.self) { try Interpolation.segments("open { brace") }
        #expect(Interpolation.decimals(".3f") == 3 && Interpolation.decimals(".1%") == 3)
    }

    @Test func controlCharactersAreEscaped() {
        #expect(Sanitize.text("a\u{1B}]52;c;ZXZpbA==\u{07}b") == "a\\x1B]52;c;ZXZpbA==\\x07b")
        #expect(Sanitize.text("tab\tand\nnewline") == "tab\tand\nnewline")
        #expect(Sanitize.text("c1 \u{9B}2J") == "c1 \\x9B2J")
        // A lesson with an OSC title sequence keeps no control byte anywhere.
        let text = "qkdtutor-lesson 2\nid: x\ntitle: T\u{1B}]0;owned\u{07}\n\n== a: A\nHi \u{1B}[2J there.\n"
        let (lesson, diagnostics) = LessonParser.parse(text)
        #expect(diagnostics.filter { $0.code == Code.controlCharacter }.count == 2)
        #expect(lesson?.metadata.title.unicodeScalars.contains { Sanitize.isControl($0) } == false)
        if case .narration(let n)? = lesson?.steps.first?.items.first { #expect(!n.value.contains("\u{1B}")) }
        else { Issue.record("no narration") }
    }

    @Test func crlfAndBomAreAccepted() {
        let text = "\u{FEFF}qkdtutor-lesson 2\r\nid: x\r\ntitle: X\r\n\r\n== a: A\r\nHello.\r\n"
        let (lesson, diagnostics) = LessonParser.parse(text)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(lesson?.metadata.title == "X")
    }

    @Test func regexSafety() {
        for bad in ["(a+)+$", "(a*)*", "(a|a)*", "(\\w+\\s?)*", "((ab)*c)+", "(a|ab)+", "(.*a){2,}"] {
            #expect(RegexSafety.problem(bad) != nil, "\(bad) passed")
        }
        for good in ["(étienne-louis |e\\.?-?l\\.? )?malus('s)?( law)?", "a+b*", "(ab)+", "(cat|dog)s?", "[a-z]+( [a-z]+)?", "x{2,5}"] {
            #expect(RegexSafety.problem(good) == nil, "\(good) refused")
        }
        // The hang of issue 18 (24 a's and '!b'): refused at once, not after 100 s.
        let start = Date()
        #expect(RegexSafety.wholeMatch("(a+)+$", String(repeating: "a", count: 24) + "!b") == .tooSlow)
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(RegexSafety.wholeMatch("malus('s)?", "malus's") == .match)
        #expect(RegexSafety.wholeMatch("malus", "newton") == .noMatch)
    }

    @Test func aSlowPatternIsStoppedByTheBudget() {
        // Polynomial, not caught by the static check: four free stars on 200 characters (seconds of backtracking).
        let pattern = "(x*)(x*)(x*)(x*)y"
        #expect(RegexSafety.problem(pattern) == nil)
        let start = Date()
        let r = RegexSafety.wholeMatch(pattern, String(repeating: "x", count: 200))
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 0.5, "waited \(elapsed) s")
        #expect(r == .tooSlow || r == .noMatch)
    }
}

/// The new diagnostics that the broken-file corpus cannot hold: a file over
/// 2 MB, an unknown required lesson (needs the set of known lessons), and a
/// warning (the corpus checks errors).
@Suite struct NewDiagnosticTests {
    @Test func aFileOver2MBIsRefusedBeforeParsing() {
        let text = "qkdtutor-lesson 2\nid: x\ntitle: X\n\n== a: A\n" + String(repeating: "word word word\n", count: 150_000)
        #expect(text.utf8.count > Lesson.maxFileBytes)
        let (lesson, d) = LessonParser.parse(text)
        #expect(lesson == nil && d.map(\.code) == [Code.fileTooLarge] && d[0].message.contains("2 MB"))
    }

    @Test func anUnknownRequiredLessonIsReported() {
        let text = "qkdtutor-lesson 2\nid: x\ntitle: X\nrequires: polarization, nosuch\n\n== a: A\nHello.\n"
        let d = Linter.lint(text: text, play: false, knownLessons: ["polarization", "bb84"])
        #expect(d.map(\.code) == [Code.unknownLesson])
        #expect(d.first?.message.contains("'nosuch'") == true && d.first?.location == SourceLocation(line: 4, column: 11))
        #expect(Linter.lint(text: text, play: false, knownLessons: ["polarization", "nosuch"]).isEmpty)
    }

    @Test func aToleranceTighterThanTheDisplayIsAWarning() {
        let text = """
        qkdtutor-lesson 2
        id: x
        title: X

        == a: A
        $ polarization --photons 1000 --analyzer 60
        ? numeric n
        ask: The screen shows {last.polarization.observedFraction:.2f}. What fraction passed?
        answer: last.polarization.observedFraction ± 0.001
        explain: A quarter, about.
        """
        let d = Linter.lint(text: text)
        #expect(d.map(\.code) == [Code.toleranceBelowDisplay] && d[0].severity == .warning, "\(d)")
        #expect(Linter.lint(text: text.replacingOccurrences(of: "± 0.001", with: "± 0.005")).isEmpty)
    }

    @Test func formatErrorsSkipThePlayThrough() {
        let text = "qkdtutor-lesson 2\nid: x\ntitle: X\n\n== a: A\n$ polarization --photons 100 as 1bad\n"
        let r = Linter.lintReport(text: text)
        #expect(r.playSkipped && r.diagnostics.map(\.code) == [Code.badSnapshot])
    }
}

/// Every expression form survives parse → write back → parse unchanged.
@Suite struct ExpressionRoundTripTests {
    @Test(arguments: [
        // version 1 forms
        "1 + 2 * 3", "-(1 - 2) / 4", "abs(-2) + min(3, 1, 2) + max(0.5, 0.25)", "last.bb84.qber <= 0.11 and not last.bb84.aborted",
        "seed == 7 or false", "1.5e-3 * 1000",
        // strings
        #""Node-A""#, #"'single'"#, #""with \"quote\" and \\ slash""#, #"last.network.name == "Jinan""#, #"last.x.s != 'b' + "c""#,
        // lists, members, indexes, len, contains
        "last.network.routes[0].relays", "last.network.routes.1.km", "last.network.routes[-1]", "last.network.routes[1 + 1].path[0]",
        "len(last.network.routes)", #"contains(last.network.routes[0].path, "Node-B")"#, "runs.clean.chsh - runs.noisy.chsh",
        // functions
        "sqrt(16) + log2(8) + ln(exp(2))", "pow(2, 10) % 7", "round(0.75565, 3)", "round(V)",
        // chains and nesting
        "1 + 2 - 3 + 4", "true and false and true", "(1 < 2) == (3 > 4)", "not not true", "- - 1",
    ])
    func roundTrip(_ text: String) throws {
        let first = try ExpressionParser.parse(text, params: ["V"])
        let written = first.source
        let again = try ExpressionParser.parse(written, params: ["V"])
        #expect(again.source == written, "\(text) → \(written) → \(again.source)")
        // And the value is the same both ways, where it can be computed.
        let values = Values(["seed": .number(7), "V": .number(0.8), "last.bb84.qber": .number(0.05), "last.bb84.aborted": .boolean(false),
                             "last.network.name": .string("Jinan"), "last.x.s": .string("bc"),
                             "last.network.routes": .list([.record(["relays": .number(2), "km": .number(1), "path": .list([.string("Node-B")])]),
                                                           .record(["relays": .number(0), "km": .number(80), "path": .list([.string("Node-A")])]),
                                                           .record(["relays": .number(1), "km": .number(5), "path": .list([.string("Node-C")])])]),
                             "runs.clean.chsh": .number(2.8), "runs.noisy.chsh": .number(2.2)])
        let v1 = try? first.evaluate(values), v2 = try? again.evaluate(values)
        #expect(v1 == v2 && v1 != nil, "\(text): \(String(describing: v1))")
    }
}
