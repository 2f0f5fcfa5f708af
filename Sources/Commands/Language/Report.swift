import Foundation
import QKD

/// What running a command gives back: a typed value for machines, and a
/// text rendering for people. The REPL keeps the last one of each kind.
public struct Report: Sendable {
    /// The command that made it, e.g. "bb84"; session values are `last.<kind>.<field>`.
    public let kind: String
    public let value: any Encodable & Sendable
    let renderText: @Sendable (TextStyle) -> String

    public init<T: Encodable & Sendable>(kind: String, _ value: T, text: @escaping @Sendable (T, TextStyle) -> String) {
        self.kind = kind
        self.value = value
        renderText = { text(value, $0) }
    }

    public func text(_ style: TextStyle) -> String { renderText(style) }

    public func json() throws -> String { try Format.json(AnyEncodable(value)) }

    /// Top-level numbers, booleans and strings of the JSON form, with dotted
    /// paths for nested objects; arrays are left out.
    public func scalars() -> [(String, String)] {
        // Infinite rates (PLOB at 0 km) must not drop the whole report from the session.
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(AnyEncodable(value)),
              let tree = try? JSONDecoder().decode(JSONValue.self, from: data) else { return [] }
        var out: [(String, String)] = []
        func walk(_ prefix: String, _ v: JSONValue) {
            switch v {
            case .object(let o):
                for key in o.keys.sorted() { walk(prefix.isEmpty ? key : prefix + "." + key, o[key]!) }
            case .bool(let b): out.append((prefix, b ? "true" : "false"))
            case .number(let n): out.append((prefix, n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"))
            case .string(let s): out.append((prefix, s))
            case .array, .null: break
            }
        }
        walk("", tree)
        return out
    }
}

/// Just enough JSON to flatten a report into session values.
enum JSONValue: Decodable {
    case object([String: JSONValue]), array([JSONValue]), bool(Bool), number(Double), string(String), null
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }
}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// What a command may use while it runs: a way to be interrupted, and where to report progress.
public struct ExecutionContext: Sendable {
    public var cancellation: CancellationToken?
    /// nil: nobody is watching (a pipe, --json, tests); pass it on to the engine's long loops.
    public var progress: ProgressReporter?
    public init(cancellation: CancellationToken? = nil, progress: ProgressReporter? = nil) {
        self.cancellation = cancellation
        self.progress = progress
    }
}

/// A command that runs a simulation and returns a report.
public protocol SimulationCommand: ParsableCommand {
    var output: OutputOptions { get }
    func execute(_ context: ExecutionContext) throws -> Report
}

import ArgumentParser

extension SimulationCommand {
    public func run() throws {
        let report = try execute(ExecutionContext())
        if output.json { print(try report.json()) } else { print(report.text(output.style)) }
    }
}

/// The version printed by `--version` and the REPL's welcome.
public let qkdtutorVersion = "0.1.0"
