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
    }

    /// Fiber transmittance 10^(−αL/10).
    public var channelTransmittance: Double {
        pow10(-attenuationDbPerKm * distanceKm / 10)
    }
}

import Foundation
@inlinable func pow10(_ x: Double) -> Double { Foundation.pow(10, x) }
