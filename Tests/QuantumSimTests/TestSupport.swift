// Shared tolerances and helpers for the QuantumSim tests.

import Testing
@testable import QuantumSim

/// Exact linear algebra: only rounding separates result and formula.
let tight = 1e-12

func close(_ a: Double, _ b: Double, _ tolerance: Double = tight) -> Bool {
    abs(a - b) <= tolerance
}

/// Angles used across the tests, including awkward non-multiples of 15°.
let testAngles: [Double] = [-90, -67.5, -45, -30, -12.3, 0, 10, 22.5, 30, 37.1, 45, 60, 67.5, 90, 101.7, 135, 180, 233.3]

/// Checks a binomial frequency within 5σ of its expected probability.
func withinFiveSigma(successes: Int, trials: Int, p: Double) -> Bool {
    let sigma = (p * (1 - p) / Double(trials)).squareRoot()
    return abs(Double(successes) / Double(trials) - p) <= 5 * sigma + 1e-15
}
