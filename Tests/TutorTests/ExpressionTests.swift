import Testing
@testable import Tutor

@Suite struct ExpressionTests {
    let values: [String: ExpressionValue] = ["last.bb84.qber": .number(0.25), "last.bb84.aborted": .boolean(true), "seed": .number(7),
                                             "last.x.name": .string("intercept-resend")]
    func eval(_ s: String) throws -> ExpressionValue { try ExpressionParser.parse(s).evaluate(Values(values)) }

    @Test func arithmeticAndPrecedence() throws {
        #expect(try eval("1 + 2 * 3") == .number(7))
        #expect(try eval("(1 + 2) * 3") == .number(9))
        #expect(try eval("-2 - -3") == .number(1))
        #expect(try eval("6 ÷ 4 × 2 − 1") == .number(2))
        #expect(try eval("1.5e-3 * 1000") == .number(1.5))
        #expect(try eval("abs(-2) + min(3, 1, 2) + max(0.5, 0.25)") == .number(3.5))
    }

    @Test func sessionPathsAndLogic() throws {
        #expect(try eval("last.bb84.qber / 4") == .number(0.0625))
        #expect(try eval("last.bb84.aborted == true and last.bb84.qber > 0.11") == .boolean(true))
        #expect(try eval("not last.bb84.aborted or seed == 7") == .boolean(true))
        #expect(try eval("last.bb84.qber <= 0.25 && seed != 8") == .boolean(true))
        #expect(try ExpressionParser.parse("last.bb84.qber + seed").paths.map(\.0) == ["last.bb84.qber", "seed"])
    }

    @Test(arguments: [
        ("system(\"rm\")", 1), ("last.bb84.qber = 1", 16), ("x + 1", 1), ("2 ** 3", 4), ("exec(1)", 1),
        ("1 < 2 < 3", 7), ("abs(1, 2)", 1), ("[1]", 1), ("$HOME", 1), ("1 +", 4), ("(1 + 2", 7),
        ("1; 2", 2), ("a.b.c", 1), ("max(1)", 1), ("2 ^ 3", 3), ("", 1),
    ])
    func rejectsAnythingOutsideTheGrammar(_ input: String, _ column: Int) {
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(input) }
        do { _ = try ExpressionParser.parse(input) } catch { #expect(error.column == column, "\(input): \(error)") }
    }

    @Test func typeAndValueErrorsAreLocated() {
        #expect(throws: ExpressionError.self) { try eval("last.bb84.aborted + 1") }
        #expect(throws: ExpressionError.self) { try eval("last.x.name > 1") }
        #expect(throws: ExpressionError.self) { try eval("last.bb84.missing") }
        #expect(throws: ExpressionError.self) { try eval("1 / 0") }
        #expect(throws: ExpressionError.self) { try eval("not 3") }
    }

    @Test func learnerNumbers() {
        #expect(Grader.number("1/4", unit: "") == 0.25)
        #expect(Grader.number("25%", unit: "") == 0.25)
        #expect(Grader.number("2.5 %", unit: "%") == 2.5)
        #expect(Grader.number("135°", unit: "°") == 135)
        #expect(Grader.number("last.bb84.qber", unit: "") == nil)   // no peeking at the session
        #expect(Grader.number("lots", unit: "") == nil)
    }
}
