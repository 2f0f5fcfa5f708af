import ArgumentParser
import QKD

/// A refused request: ArgumentParser prints it as one `Error:` line,
/// without the usage block, and exits non-zero.
public struct RequestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}

public enum CommandError {
    /// Runs `body`, turning engine errors into one-line request errors.
    public static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SimulationError {
            throw RequestError(e.message)
        }
    }
}

extension CommandError {
    /// Runs `body`, turning any engine error into a one-line request error.
    public static func wrapAny<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as RequestError { throw e } catch {
            throw RequestError("\(error)")
        }
    }
}

extension OutputOptions {
    /// Prints `value` as JSON or as text.
    func emit<T: Encodable>(_ value: T, text: (T, TextStyle) -> String) throws {
        if json { print(try Format.json(value)) } else { print(text(value, style)) }
    }
}
