import Testing

/// Checks that `successes` out of `trials` is within `sigmas` standard
/// deviations of the binomial mean n·p. Five sigma by default: a correct
/// engine fails this about once in 1.7 million runs, and with fixed seeds
/// never flickers.
func expectBinomial(_ successes: Int, of trials: Int, p: Double, sigmas: Double = 5,
                    _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let n = Double(trials)
    let mean = n * p
    let sd = (n * p * (1 - p)).squareRoot()
    let deviation = abs(Double(successes) - mean)
    #expect(trials > 0, "no trials for \(what)", sourceLocation: sourceLocation)
    #expect(deviation <= sigmas * max(sd, 1e-12),
            "\(what): \(successes)/\(trials) = \(Double(successes) / n), expected p = \(p) ± \(sigmas)σ (σ = \(sd / n))",
            sourceLocation: sourceLocation)
}
