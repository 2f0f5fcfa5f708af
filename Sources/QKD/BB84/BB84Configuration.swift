// The knobs of a BB84 run, with their limits.

/// The photon source of a prepare-and-measure run.
public enum PhotonSourceKind: String, Codable, Sendable, CaseIterable {
    /// An ideal single-photon source: every pulse holds exactly one photon.
    case single
    /// A weak coherent pulse (attenuated laser): Poisson photon number, mean μ.
    case wcp
}

/// What the eavesdropper does to the photons she touches.
public enum EavesdropperStrategy: String, Codable, Sendable, CaseIterable {
    case none
    /// Measures in a random BB84 basis and resends what she found (QBER p/4).
    case interceptResend = "intercept-resend"
    /// Measures in the Breidbart basis (22.5°) and resends (QBER p/4, better guesses).
    case breidbart
    /// Photon-number splitting on multi-photon pulses (Brassard, Lütkenhaus, Mor
    /// & Sanders, PRL 85, 1330 (2000)): no errors at all.
    case pns
    /// Detector blinding (Lydersen et al., Nat. Photonics 4, 686 (2010)):
    /// bright light turns Bob's single-photon detectors into classical
    /// threshold detectors; Eve measures every pulse and sends a bright
    /// "faked state" that clicks only when Bob's basis matches hers. No errors,
    /// and Eve knows every sifted bit.
    case blinding
    /// Man in the middle: Eve runs BB84 with Alice as "Bob" and with Bob as
    /// "Alice". Only an unauthenticated classical channel lets her do it.
    case mitm
}

public struct BB84Configuration: Codable, Sendable, Equatable {
    /// The largest run we accept: 10^8 photons take a few seconds and keep
    /// the sifted keys well under 100 MB.
    public static let maxPhotons = 100_000_000
    /// Per-photon rows are for reading, so a screenful or a few is enough.
    public static let maxRows = 1_000

    public var photons: Int = 10_000
    public var seed: UInt64 = 1
    public var source: PhotonSourceKind = .single
    /// Mean photon number μ of a weak coherent pulse.
    public var mu: Double = 0.5
    public var distanceKm: Double = 0
    public var attenuationDbPerKm: Double = 0.2
    /// Intrinsic error: the probability that a photon reaches the wrong detector.
    public var misalignment: Double = 0
    /// Probability that the channel replaces the photon's state by I/2.
    public var depolarizing: Double = 0
    public var detectorEfficiency: Double = 1
    /// Dark-count probability per detector per gate.
    public var darkCount: Double = 0
    public var eve: EavesdropperStrategy = .none
    /// Fraction of pulses Eve intercepts (intercept-resend, Breidbart).
    public var eveFraction: Double = 1
    /// Probability that Eve measures in the rectilinear basis (intercept-resend,
    /// blinding); she may bias her bases like Alice and Bob.
    public var eveRectilinearProbability: Double = 0.5
    /// Whether the classical channel is authenticated (Wegman–Carter). A man
    /// in the middle fails authentication unless it is switched off.
    public var authenticated: Bool = true
    /// Decoy intensities (weak decoy, then the second decoy, usually 0) sent
    /// besides the signal μ; empty means no decoys (Lim et al., PRA 89, 022307 (2014)).
    public var decoys: [Double] = []
    /// Probability of each decoy intensity; the signal gets the rest.
    public var decoyProbability: Double = 0.2
    /// Concentration bound of the decoy estimate, and the ε_sec it is computed for.
    public var decoyBound: DecoyBound = .hoeffding
    public var epsilonSecurity: Double = 1e-10
    /// Name of the key-rate preset the fiber and detector values came from, for the report.
    public var presetName: String? = nil
    /// Probability that Alice or Bob picks the rectilinear basis (0.5 is
    /// textbook BB84; other values are efficient BB84, Lo, Chau & Ardehali,
    /// J. Cryptology 18, 133 (2005)).
    public var rectilinearProbability: Double = 0.5
    /// Fraction of the sifted key disclosed to estimate the QBER.
    public var sampleFraction: Double = 0.1
    /// Abort when the estimated QBER exceeds this.
    public var abortQber: Double = 0.11
    /// How many per-photon rows to keep, from the first photons of the run.
    public var showRows: Int = 0

    public init() {}

    public func validate() throws {
        try SimulationError.check(count: photons, max: Self.maxPhotons, "--photons")
        try SimulationError.check(mu, in: 1e-6...20, "--mu")
        try SimulationError.check(distanceKm, in: 0...10_000, "--distance (km)")
        try SimulationError.check(attenuationDbPerKm, in: 0...10, "--attenuation (dB/km)")
        try SimulationError.check(misalignment, in: 0...0.5, "--misalignment")
        try SimulationError.check(depolarizing, in: 0...1, "--depolarizing")
        try SimulationError.check(detectorEfficiency, in: 0...1, "--detector-efficiency")
        try SimulationError.check(darkCount, in: 0...0.5, "--dark-count")
        try SimulationError.check(eveFraction, in: 0...1, "--eve-fraction")
        try SimulationError.check(rectilinearProbability, in: 0.01...0.99, "--rectilinear-probability")
        try SimulationError.check(sampleFraction, in: 0...1, "--sample-fraction")
        try SimulationError.check(abortQber, in: 0...0.5, "--abort-qber")
        try SimulationError.check(count: showRows, max: Self.maxRows, "--show", min: 0)
        try SimulationError.check(eveRectilinearProbability, in: 0...1, "--eve-rectilinear-probability")
        try SimulationError.check(epsilonSecurity, in: 1e-30...0.1, "--epsilon (ε_sec)")
        if !decoys.isEmpty {
            guard source == .wcp else {
                throw SimulationError("--decoys needs --source wcp (decoys are weaker laser pulses)")
            }
            guard decoys.count == 2 else {
                throw SimulationError("--decoys takes two intensities, a weak decoy and a second one (e.g. 0.1,0); got \(decoys.count)")
            }
            for d in decoys { try SimulationError.check(d, in: 0...20, "--decoys") }
            let (m2, m3) = (max(decoys[0], decoys[1]), min(decoys[0], decoys[1]))
            // Lim et al. 2014 need μ1 > μ2 + μ3 and μ2 > μ3 ≥ 0.
            guard m2 > m3, mu > m2 + m3 else {
                throw SimulationError("decoy intensities must satisfy μ > ν1 + ν2 and ν1 > ν2 ≥ 0 (Lim et al. 2014); got μ = \(mu), decoys \(decoys.map { "\($0)" }.joined(separator: ","))")
            }
            try SimulationError.check(decoyProbability, in: 0.001...0.45, "--decoy-probability")
        }
    }

    /// Intensities of the run, signal first, then the decoys in decreasing order.
    public var intensities: [Double] {
        source == .wcp ? [mu] + decoys.sorted(by: >) : [source == .single ? 1 : mu]
    }

    /// Probability of each entry of `intensities`.
    public var intensityProbabilities: [Double] {
        decoys.isEmpty ? [1] : [1 - Double(decoys.count) * decoyProbability] + decoys.map { _ in decoyProbability }
    }

    /// Fiber transmittance 10^(−αL/10).
    public var channelTransmittance: Double {
        pow10(-attenuationDbPerKm * distanceKm / 10)
    }
}

import Foundation
@inlinable func pow10(_ x: Double) -> Double { Foundation.pow(10, x) }
