import Foundation

// Decoy-state estimation from the counts of one simulated run.
//
// Notation of Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014):
// intensities μ1 (signal) > μ2 (weak decoy) ≥ μ3 (second decoy, usually the
// vacuum), with μ1 > μ2 + μ3 and μ2 > μ3 ≥ 0; p_k the probability Alice picks
// intensity k. X is the key basis (rectilinear here), Z the check basis
// (diagonal): every sifted Z bit is disclosed to bound the phase error of the
// X bits; the key is the X bits of all intensities.

/// The concentration inequality that turns observed counts into bounds on
/// their expectations.
public enum DecoyBound: String, Codable, Sendable, CaseIterable {
    /// Hoeffding, as in Lim et al. 2014 (Eqs. 2–4 with δ(n, ε) = √(n/2·ln(1/ε))).
    case hoeffding
    /// Multiplicative Chernoff bound on each count from its observed value
    /// (Zhang, Zhao, Razavi, Ma, PRA 95, 012333 (2017)); tighter at small counts.
    case chernoff
}

/// Raw counts of a decoy-state run, per intensity (index 0 is the signal).
public struct DecoyCounts: Codable, Sendable, Equatable {
    /// The counts a run `factor` times longer would expect (rounded): for
    /// finding the pulse count at which a bound first gives key.
    public func scaled(by factor: Double) -> DecoyCounts {
        func s(_ a: [Int]) -> [Int] { a.map { Int((Double($0) * factor).rounded()) } }
        var c = self
        c.pulses = s(pulses); c.detections = s(detections); c.matchedX = s(matchedX); c.matchedZ = s(matchedZ)
        c.siftedX = s(siftedX); c.siftedZ = s(siftedZ); c.errorsX = s(errorsX); c.errorsZ = s(errorsZ)
        return c
    }

    /// Mean photon numbers [μ1, μ2, μ3].
    public var intensities: [Double]
    /// Probability p_k that a pulse is sent with intensity k.
    public var probabilities: [Double]
    /// Pulses Alice sent with intensity k.
    public var pulses: [Int]
    /// Gates where Bob's detectors clicked, any basis.
    public var detections: [Int]
    /// Pulses whose bases matched (detected or not), per basis: the sifting denominator.
    public var matchedX: [Int]
    public var matchedZ: [Int]
    /// Sifted bits n_{X,k}, n_{Z,k} and their errors m_{X,k}, m_{Z,k}.
    public var siftedX: [Int]
    public var siftedZ: [Int]
    public var errorsX: [Int]
    public var errorsZ: [Int]

    public init(intensities: [Double], probabilities: [Double]) {
        self.intensities = intensities
        self.probabilities = probabilities
        let z = [Int](repeating: 0, count: intensities.count)
        pulses = z; detections = z; matchedX = z; matchedZ = z
        siftedX = z; siftedZ = z; errorsX = z; errorsZ = z
    }
}

/// Decoy-state estimates of one run: what the finite-key length formula of
/// Lim et al. 2014 (Eq. 1) needs, plus the per-pulse Y1, e1 of Ma et al. 2005.
///
/// The key-length formula itself lives in Distillation; this type only bounds
/// the physics.
public struct DecoyEstimate: Codable, Sendable, Equatable {
    /// Mean photon numbers, signal first.
    public var intensities: [Double]
    public var probabilities: [Double]
    /// Q_k: fraction of pulses of intensity k that made Bob click.
    public var gains: [Double]
    /// E_k over all sifted bits of intensity k; nil when none were sifted.
    public var qbers: [Double?]
    /// Lower bound on the single-photon yield Y1 (per pulse), and upper
    /// bound on its error rate e1, with finite-size fluctuations.
    public var y1Lower: Double
    public var e1Upper: Double
    /// Upper bound on Y1 from the weak decoy alone, Q_ν e^ν ≥ Y0 + ν·Y1
    /// (Ma et al. 2005, Sec. V), with fluctuations.
    public var y1Upper: Double
    /// The single-photon yield a photon-number-blind lossy line would give,
    /// η_line = −ln(1 − Q_μ + Y0)/μ from the signal's gain (Ma et al. 2005,
    /// Q_μ = Y0 + 1 − e^{−ημ}). Decoys "disagree" when y1Upper falls below it.
    public var y1FromSignalGain: Double
    /// The same quantities computed as if counts had no fluctuation, for
    /// comparison (Ma, Qi, Zhao, Lo 2005 vacuum + weak decoy).
    public var y1Asymptotic: Double
    public var e1Asymptotic: Double
    /// s_{X,1}: lower bound on single-photon detections in the key basis (Lim Eq. 3).
    public var singlePhotonCountLower: Double
    /// s_{X,0}: lower bound on vacuum detections in the key basis (Lim Eq. 2).
    public var vacuumCountLower: Double
    /// φ_X: upper bound on the single-photon phase-error rate (Lim Eq. 5).
    public var phaseErrorUpper: Double
    /// s_{Z,1} and v_{Z,1} (Lim Eqs. 3, 4) from which φ_X follows.
    public var checkSinglePhotonCountLower: Double
    public var checkSinglePhotonErrorsUpper: Double
    /// n_X and m_X: key-basis sifted bits and their errors (the errors are
    /// known after error correction; they set λ_EC, not the estimate).
    public var keyBasisBits: Int
    public var keyBasisErrors: Int
    /// ε_sec the bounds were computed for; each concentration bound fails
    /// with `epsilonEstimation` = ε_sec/21 (Lim et al., Appendix B).
    public var epsilonSecurity: Double
    public var epsilonEstimation: Double
    public var bound: DecoyBound
    /// Set when the estimates leave no single-photon key, e.g. under PNS.
    public var verdict: String?
    public var counts: DecoyCounts

    /// Lim et al.: ε_sec = 21·ε when every failure term gets the same ε (Appendix B).
    public static let failureTerms = 21.0

    /// Estimates from the counts at a chosen ε_sec; Distillation may call this
    /// again with its own ε_sec.
    public init(counts c: DecoyCounts, epsilonSecurity: Double = 1e-10, bound: DecoyBound = .hoeffding) {
        let eps = epsilonSecurity / Self.failureTerms
        let mu = c.intensities, p = c.probabilities
        intensities = mu; probabilities = p; counts = c
        self.epsilonSecurity = epsilonSecurity; epsilonEstimation = eps; self.bound = bound
        let k = mu.count
        gains = (0..<k).map { c.pulses[$0] > 0 ? Double(c.detections[$0]) / Double(c.pulses[$0]) : 0 }
        qbers = (0..<k).map { i in
            let s = c.siftedX[i] + c.siftedZ[i]
            return s > 0 ? Double(c.errorsX[i] + c.errorsZ[i]) / Double(s) : nil
        }
        keyBasisBits = c.siftedX.reduce(0, +)
        keyBasisErrors = c.errorsX.reduce(0, +)

        // Key basis X: s_{X,0}, s_{X,1}. Check basis Z: s_{Z,0}, s_{Z,1}, v_{Z,1}.
        let nX = Self.expectedCounts(c.siftedX, mu: mu, p: p, eps: eps, bound: bound)
        let nZ = Self.expectedCounts(c.siftedZ, mu: mu, p: p, eps: eps, bound: bound)
        let mZ = Self.expectedCounts(c.errorsZ, mu: mu, p: p, eps: eps, bound: bound)
        let tau0 = Self.tau(0, mu: mu, p: p), tau1 = Self.tau(1, mu: mu, p: p)
        let sX0 = Self.vacuumLower(nX, mu: mu, tau0: tau0)
        let sX1 = Self.singleLower(nX, mu: mu, tau0: tau0, tau1: tau1, s0: sX0)
        let sZ0 = Self.vacuumLower(nZ, mu: mu, tau0: tau0)
        let sZ1 = Self.singleLower(nZ, mu: mu, tau0: tau0, tau1: tau1, s0: sZ0)
        // Lim Eq. (4): v_{Z,1} ≤ τ1 (m⁺_{Z,μ2} − m⁻_{Z,μ3}) / (μ2 − μ3).
        let vZ1 = max(0, tau1 * (mZ.upper[1] - mZ.lower[2]) / (mu[1] - mu[2]))
        vacuumCountLower = sX0
        singlePhotonCountLower = sX1
        checkSinglePhotonCountLower = sZ1
        checkSinglePhotonErrorsUpper = vZ1
        if sX1 > 0, sZ1 > 0 {
            // Lim Eq. (5): φ_X ≤ v_{Z,1}/s_{Z,1} + γ(ε_sec, v_{Z,1}/s_{Z,1}, s_{Z,1}, s_{X,1}).
            let b = min(1, vZ1 / sZ1)
            phaseErrorUpper = min(0.5, b + Self.gamma(epsilonSecurity, b, sZ1, sX1))
        } else {
            phaseErrorUpper = 0.5
        }

        // Per-pulse Y1 and e1 over both bases (Ma, Qi, Zhao, Lo 2005, vacuum +
        // weak decoy; the same algebra as Lim Eqs. 2–4 with counts per pulse).
        let totalPulses = Double(max(1, c.pulses.reduce(0, +)))
        let detections = Self.expectedCounts(c.detections, mu: mu, p: p, eps: eps, bound: bound)
        let matched = zip(c.matchedX, c.matchedZ).map { Double($0 + $1) }
        let errors = (0..<k).map { c.errorsX[$0] + c.errorsZ[$0] }
        let errorBounds = Self.expectedCounts(errors, mu: mu, p: p, eps: eps, bound: bound)
        let matchedTotal = max(1, matched.reduce(0, +))
        func yields(_ d: Bounds, _ e: Bounds) -> (y1: Double, e1: Double) {
            // Counts of expected clicks per intensity → per pulse: divide by N.
            let perPulse = Bounds(lower: d.lower.map { $0 / totalPulses }, upper: d.upper.map { $0 / totalPulses })
            let y0 = Self.vacuumLower(perPulse, mu: mu, tau0: 1)
            // Lim Eq. (3) per pulse (τ0 = τ1 = 1) is Ma's Y1^L; with μ3 = 0 it is
            // μ/(μν − ν²)[Q_ν e^ν − Q_μ e^μ ν²/μ² − (μ² − ν²)/μ² Y0].
            let y1 = Self.singleLower(perPulse, mu: mu, tau0: 1, tau1: 1, s0: y0)
            // Ma et al.: e1^U = (E_ν Q_ν e^ν − E_0 Q_0 e^{μ3}) / (Y1^L (ν − μ3)), errors per matched pulse.
            let ePer = Bounds(lower: e.lower.map { $0 / matchedTotal }, upper: e.upper.map { $0 / matchedTotal })
            guard y1 > 0 else { return (0, 0.5) }
            let e1 = (ePer.upper[1] - ePer.lower[2]) / ((mu[1] - mu[2]) * y1)
            return (max(0, y1), min(0.5, max(0, e1)))
        }
        let fluct = yields(detections, errorBounds)
        y1Lower = fluct.y1; e1Upper = fluct.e1
        let y0Lower = Self.vacuumLower(Bounds(lower: detections.lower.map { $0 / totalPulses },
                                              upper: detections.upper.map { $0 / totalPulses }), mu: mu, tau0: 1)
        y1Upper = max(0, (detections.upper[1] / totalPulses - y0Lower) / mu[1])
        let y0Observed = mu[2] == 0 ? gains[2] : 0
        y1FromSignalGain = gains[0] > y0Observed ? -log1p(-(gains[0] - y0Observed)) / mu[0] : 0
        let exact = Self.expectedCounts(c.detections, mu: mu, p: p, eps: 1, bound: .hoeffding)
        let exactErrors = Self.expectedCounts(errors, mu: mu, p: p, eps: 1, bound: .hoeffding)
        let asym = yields(exact, exactErrors)
        y1Asymptotic = asym.y1; e1Asymptotic = asym.e1

        verdict = nil
        if y1Upper < y1FromSignalGain || (y1Asymptotic <= 0 && gains[0] > 0) {
            verdict = "decoy yields disagree: single-photon yield ≤ \(Self.short(y1Upper)) from the weak decoy's gain, "
                + "but the signal's gain \(Self.short(gains[0])) needs \(Self.short(y1FromSignalGain)) on a lossy line: "
                + "the clicks come from multi-photon pulses (photon-number splitting)"
        } else if sX1 <= 0 || y1Lower <= 0 {
            verdict = "not enough pulses for the decoy bounds at ε_sec = \(Self.short(epsilonSecurity)): "
                + "the count fluctuations (\(bound.rawValue)) leave no certified single-photon detection"
        } else if phaseErrorUpper >= 0.5 {
            verdict = "decoy estimate: single-photon phase error could be 50%, so no key"
        }
    }

    static func short(_ x: Double) -> String { String(format: "%.3g", x) }

    /// Lower and upper bounds, per intensity, on e^{μk}/p_k × the expected count.
    struct Bounds { var lower: [Double]; var upper: [Double] }

    /// n^±_k = e^{μk}/p_k · (bound on E[n_k]) (Lim et al., Eqs. 2–4 and Appendix A).
    static func expectedCounts(_ n: [Int], mu: [Double], p: [Double], eps: Double, bound: DecoyBound) -> Bounds {
        let total = Double(n.reduce(0, +))
        var lo: [Double] = [], hi: [Double] = []
        for i in n.indices {
            let x = Double(n[i])
            let scale = p[i] > 0 ? exp(mu[i]) / p[i] : 0
            let (l, u): (Double, Double)
            if eps >= 1 {
                (l, u) = (x, x)
            } else {
                switch bound {
                case .hoeffding:
                    // δ(n_X, ε) = √(n_X/2 · ln(1/ε)), the same for every k (Lim, below Eq. 2).
                    let d = (total / 2 * log(1 / eps)).squareRoot()
                    (l, u) = (max(0, x - d), x + d)
                case .chernoff:
                    (l, u) = chernoffExpectation(observed: x, eps: eps)
                }
            }
            lo.append(scale * l); hi.append(scale * u)
        }
        return Bounds(lower: lo, upper: hi)
    }

    /// τ_n = Σ_k p_k e^{−μk} μk^n / n! (Lim et al., below Eq. 2).
    static func tau(_ n: Int, mu: [Double], p: [Double]) -> Double {
        var f = 1.0
        if n > 1 { for i in 2...n { f *= Double(i) } }
        return zip(mu, p).map { m, pk in pk * exp(-m) * pow(m, Double(n)) / f }.reduce(0, +)
    }

    /// Lim Eq. (2): s_0 ≥ τ0 (μ2 n⁻_{μ3} − μ3 n⁺_{μ2}) / (μ2 − μ3).
    static func vacuumLower(_ n: Bounds, mu: [Double], tau0: Double) -> Double {
        max(0, tau0 * (mu[1] * n.lower[2] - mu[2] * n.upper[1]) / (mu[1] - mu[2]))
    }

    /// Lim Eq. (3): s_1 ≥ τ1 μ1 [n⁻_{μ2} − n⁺_{μ3} − (μ2² − μ3²)/μ1² (n⁺_{μ1} − s_0/τ0)]
    ///                      / [μ1(μ2 − μ3) − μ2² + μ3²].
    static func singleLower(_ n: Bounds, mu: [Double], tau0: Double, tau1: Double, s0: Double) -> Double {
        let (m1, m2, m3) = (mu[0], mu[1], mu[2])
        let inner = n.lower[1] - n.upper[2] - (m2 * m2 - m3 * m3) / (m1 * m1) * (n.upper[0] - s0 / tau0)
        return max(0, tau1 * m1 * inner / (m1 * (m2 - m3) - m2 * m2 + m3 * m3))
    }

    /// Lim Eq. (5), from Fung, Ma, Chau, PRA 81, 012318 (2010):
    /// γ(a,b,c,d) = √[ (c+d)(1−b)b / (c·d·ln 2) · log2( (c+d)/(c·d·(1−b)·b) · 21²/a² ) ].
    static func gamma(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
        guard b > 0, b < 1 else {
            // b = 0: the prefactor vanishes but the bound must stay a bound; use
            // b at one error's worth, the smallest nonzero rate the sample could show.
            return b <= 0 ? gamma(a, 1 / max(c, 1), c, d) : 0.5
        }
        let pre = (c + d) * (1 - b) * b / (c * d * log(2.0))
        let inside = (c + d) / (c * d * (1 - b) * b) * failureTerms * failureTerms / (a * a)
        guard inside > 1 else { return 0 }
        return (pre * log2(inside)).squareRoot()
    }

    /// Bounds on the expectation of a sum of independent Bernoulli variables
    /// from its observed value x, failing each with probability ε: x/(1+δL) and
    /// x/(1−δU), where δ solve the multiplicative Chernoff tails
    /// [e^δ/(1+δ)^{1+δ}]^{x/(1+δ)} = ε and [e^{−δ}/(1−δ)^{1−δ}]^{x/(1−δ)} = ε
    /// (Zhang, Zhao, Razavi, Ma, PRA 95, 012333 (2017), Sec. III).
    static func chernoffExpectation(observed x: Double, eps: Double) -> (Double, Double) {
        let lnEps = log(eps)
        guard x > 0 else { return (0, -lnEps) }  // P(0 | mean m) = e^{−m} ≤ ε for m ≥ ln(1/ε)
        // Lower: expectation m = x/(1+δ); the upper tail exponent (m)(δ − (1+δ)ln(1+δ)) = ln ε.
        func upperTail(_ d: Double) -> Double { x / (1 + d) * (d - (1 + d) * log1p(d)) - lnEps }
        var lo = 0.0, hi = 1.0
        while upperTail(hi) > 0 && hi < 1e12 { hi *= 2 }
        for _ in 0..<200 { let mid = (lo + hi) / 2; if upperTail(mid) > 0 { lo = mid } else { hi = mid } }
        let lower = x / (1 + hi)
        // Upper: m = x/(1−δ), lower tail exponent m(−δ − (1−δ)ln(1−δ)) = ln ε.
        func lowerTail(_ d: Double) -> Double { x / (1 - d) * (-d - (1 - d) * log1p(-d)) - lnEps }
        lo = 0; hi = 1 - 1e-15
        for _ in 0..<200 { let mid = (lo + hi) / 2; if lowerTail(mid) > 0 { lo = mid } else { hi = mid } }
        let upper = x / (1 - hi)
        return (lower, upper)
    }
}

/// What the source was, as the privacy-amplification bound must know it
/// (single photons: Tomamichel et al. 2012; weak pulses without decoys:
/// GLLP 2004 with every multi-photon pulse tagged; with decoys: Lim et al. 2014).
public enum BB84SourceModel: Sendable, Equatable {
    case singlePhoton
    case weakCoherent(mu: Double)
    case decoy(DecoyEstimate)
}

public extension DecoyEstimate {
    /// Rough figure for reports: Y1 of an ideal channel with the run's counts, for scale.
    var singlePhotonFractionOfSignalClicks: Double {
        guard gains.first.map({ $0 > 0 }) ?? false else { return 0 }
        return min(1, y1Lower * intensities[0] * exp(-intensities[0]) / gains[0])
    }
}
