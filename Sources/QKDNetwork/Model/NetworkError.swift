// SPDX-License-Identifier: GPL-3.0-or-later

/// A refused request or a bad scenario, with a one-line message a learner can act on.
public struct NetworkError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
