import Foundation

/// One problem in a lesson file, at a line and column.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var code: String
    public var message: String
    public var location: SourceLocation
    public var severity: Severity

    public init(_ code: String, _ message: String, at location: SourceLocation, severity: Severity = .error) {
        self.code = code; self.message = message; self.location = location; self.severity = severity
    }

    public var description: String { "\(location): \(code) \(message)" }

    /// `file:line:col: CODE message`, then the line and a caret under the column.
    public func render(file: String, source: [String]) -> String {
        var out = Sanitize.text("\(file):\(location.line):\(location.column): \(code) \(message)")
        if severity == .warning { out += " (warning)" }
        if location.line >= 1 && location.line <= source.count {
            let text = Sanitize.text(source[location.line - 1]).replacingOccurrences(of: "\t", with: " ")
            out += "\n    " + text + "\n    " + String(repeating: " ", count: max(0, location.column - 1)) + "^"
        }
        return out
    }
}

/// The diagnostic codes, one place, so the docs and tests agree.
public enum Code {
    public static let header = "F001", newerFormat = "F002", unknownDirective = "F003", unknownMetadata = "F004",
                      badMetadata = "F005", missingMetadata = "F006", outsideStep = "F007", badFile = "F008",
                      controlCharacter = "F009", fileTooLarge = "F010", lineTooLong = "F011", unknownLesson = "F012"
    public static let duplicateStep = "S001", undefinedStep = "S002", badId = "S003", noSteps = "S004",
                      emptyStep = "S005", badSnapshot = "S006"
    public static let commandParse = "C001", commandFails = "C002", showBeforeRun = "C003"
    public static let unknownKind = "Q001", unknownField = "Q002", missingField = "Q003", badTolerance = "Q004",
                      noCorrectChoice = "Q005", duplicateQuestion = "Q006", badRegex = "Q007", badValue = "Q008",
                      strayFeedback = "Q009", unterminatedQuestion = "Q010", unknownObjective = "Q011",
                      unsafeRegex = "Q012", badParam = "Q013"
    public static let expressionSyntax = "E001", unknownPath = "E002", expressionType = "E003", expressionLimit = "E004"
    public static let narrationTooWide = "N001"
    public static let referenceFails = "V001", wrongPasses = "V002"
    public static let taskAlreadyDone = "W001", toleranceBelowDisplay = "W002"
}
