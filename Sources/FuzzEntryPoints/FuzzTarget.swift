// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Commands
import QKDNetwork
import Tutor

/// The inputs that reach qkdtutor from outside: a typed line, a lesson
/// file, an answer expression, a progress file and a scenario file.
///
/// Each case is one libFuzzer target (`make fuzz`) and one corpus folder in
/// `Tests/Fuzz/corpus/`, which the ordinary test run replays through the
/// same `run` — so a crash found once stays fixed without a sanitizer build.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case commandLine = "command-line"
    case lesson
    case expression
    case progress
    case scenario

    /// Feeds one input through the target's real entry points. Returns
    /// normally for any input; a crash, a hang or a runaway allocation is
    /// the bug the fuzzer reports.
    public func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .commandLine: Self.commandLine(text)
        case .lesson: Self.lesson(text)
        case .expression: Self.expression(text)
        case .progress: Self.progress(bytes)
        case .scenario: Self.scenario(bytes)
        }
    }

    /// Tokenizes and parses the line as the REPL does. Simulations are only
    /// parsed (their sizes are checked by the parser); the cheap built-ins
    /// that never simulate are executed.
    static func commandLine(_ line: String) {
        var interpreter = Interpreter()
        _ = interpreter.check(line)
        let verb = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        if ["help", "vars", "set", "explain", "history", "clear"].contains(verb) {
            _ = interpreter.execute(line)
        }
    }

    /// Parses and lints without the play-through (which runs simulations).
    static func lesson(_ text: String) {
        _ = LessonParser.parse(text, file: "fuzz.lesson")
        _ = Linter.lint(text: text, file: "fuzz.lesson", play: false)
    }

    /// Parses an answer expression and evaluates it against a real session
    /// (one small BB84 and one network run), as a quiz does: paths, lists,
    /// strings and function calls all reach real values.
    static func expression(_ text: String) {
        guard let e = try? ExpressionParser.parse(text) else { return }
        _ = try? e.evaluate(EvalContext(session: session, params: ["V": .number(0.8), "NAME": .string("Node-A")]))
    }

    static let session: Session = {
        var interpreter = Interpreter()
        _ = interpreter.execute("bb84 --photons 2000 --seed 1")
        _ = interpreter.execute("network secoqc-2008 --hours 1 --seed 1")
        return interpreter.session
    }()

    /// Loads the bytes as `progress.json` from a private folder: a bad file
    /// must be kept or moved aside, never crash the loader.
    static func progress(_ bytes: [UInt8]) {
        if case .success(let file) = ProgressStore.decodeProgress(Data(bytes)) {
            _ = file.lessons.count
        }
        let dir = scratch.appendingPathComponent("progress-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(bytes).write(to: dir.appendingPathComponent("progress.json"))
        } catch { return }
        _ = ProgressStore(directory: dir).load()
    }

    static func scenario(_ bytes: [UInt8]) {
        _ = try? ScenarioLoader.parse(Data(bytes), file: "fuzz.json")
    }

    static let scratch = FileManager.default.temporaryDirectory
        .appendingPathComponent("qkdtutor-fuzz-\(getpid())")
}
