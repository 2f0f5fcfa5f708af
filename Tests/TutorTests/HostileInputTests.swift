import Foundation
import Testing
@testable import Tutor

/// Seeded random hostile inputs through the parsers and the progress loader:
/// each must give a value or a located error, never a crash or a hang.
@Suite struct HostileInputTests {
    static let pieces = ["(", ")", "[", "]", "-", "+", "*", "/", "%", "not ", " and ", " or ", "==", "<", "1", "0.5", "1e308",
                         "\"s\"", "'", "\"", "\\", ".", "last.bb84.qber", "runs.x.y", "seed", "len(", "contains(", "round(", ",",
                         "sqrt(", "pow(", "{", "}", "\u{1B}", "\u{0}", "é", "−", "×", " ", "\t", "abs(", "[0]", ".1"]

    func randomText(_ rng: inout SplitMix, length: Int) -> String {
        (0..<length).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }.joined()
    }

    @Test func randomExpressionsParseOrFailCleanly() {
        var rng = SplitMix(seed: 2026)
        var parsed = 0
        for i in 0..<3000 {
            let text = randomText(&rng, length: 1 + i % 60)
            do {
                let e = try ExpressionParser.parse(text, params: ["V"])
                parsed += 1
                _ = try? e.evaluate(Values(["seed": .number(1), "last.bb84.qber": .number(0.1)]))
                _ = e.source
            } catch {
                #expect(error.column >= 1 && error.column <= text.count + 1, "\(text): \(error)")
            }
            _ = Grader.number(text, unit: "bit/s")
            _ = try? Interpolation.segments(text)
        }
        #expect(parsed > 0)   // the generator does reach valid expressions
    }

    @Test func randomLessonLinesNeverCrashTheLinter() {
        var rng = SplitMix(seed: 7)
        let heads = ["== s: S", "? numeric q", "answer: ", "ask: ", "check: ", "require: ", "$ polarization --photons ", "match: ",
                     "param: V = choice(", "| ", "@show ", "on-wrong: ", "", "explain: ", "option: ", "correct: "]
        for round in 0..<60 {
            var text = "qkdtutor-lesson 2\nid: x\ntitle: X\n\n== a: A\n"
            for _ in 0..<30 {
                text += heads[Int(rng.next() % UInt64(heads.count))] + randomText(&rng, length: Int(rng.next() % 12)) + "\n"
            }
            let d = Linter.lint(text: text, play: round % 4 == 0)
            #expect(d.allSatisfy { $0.location.line >= 1 })
            for line in d.map({ $0.render(file: "x", source: LessonParser.lines(of: text)) }) {
                #expect(!line.unicodeScalars.contains { Sanitize.isControl($0) && $0 != "\n" }, "\(line)")
            }
        }
    }

    @Test func randomBytesAsAProgressFileAreMovedAsideOrRead() throws {
        var rng = SplitMix(seed: 99)
        for _ in 0..<40 {
            let dir = Fixtures.temporaryDirectory()
            let store = ProgressStore(directory: dir)
            var bytes = Array(#"{"version": 2, "lessons": {"a": {"attempts": [{"#.utf8)
            for _ in 0..<Int(rng.next() % 200) { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
            try Data(bytes).write(to: store.url)
            let f = store.load()
            #expect(f.lessons.isEmpty && store.warning != nil && !store.readOnly)
        }
    }
}
