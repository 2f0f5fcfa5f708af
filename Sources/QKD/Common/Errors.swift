// Errors for bad requests to the protocol simulations.

/// A request the engine refuses, with a message a learner can act on.
public struct SimulationError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Checks `value` lies in `range`, naming the parameter and the limit.
    static func check(_ value: Double, in range: ClosedRange<Double>, _ name: String) throws {
        guard value.isFinite, range.contains(value) else {
            throw SimulationError("\(name) must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
        }
    }

    /// Checks a count against a stated maximum before anything is allocated.
    static func check(count: Int, max: Int, _ name: String, min: Int = 1) throws {
        guard count >= min else { throw SimulationError("\(name) must be at least \(min) (got \(count))") }
        guard count <= max else {
            throw SimulationError("\(name) is limited to \(max.groupedDigits) (got \(count.groupedDigits)); ask for fewer")
        }
    }
}

extension Int {
    /// 100000000 → "100,000,000", for limit messages and reports.
    public var groupedDigits: String {
        let digits = String(self.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return self < 0 ? "-" + out : out
    }
}
