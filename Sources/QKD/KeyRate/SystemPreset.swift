// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// How the channel between Alice and Bob loses photons, before Bob's detector.
public enum ChannelLoss: Codable, Sendable, Equatable {
    /// Optical fiber: η_channel = 10^(−α·L/10).
    case fiber(attenuationDbPerKm: Double)
    /// Free-space downlink: loss(d) = L0 + k·log10(d/d0) dB, clamped at 0 dB.
    /// k = 20 would be pure diffraction; a fitted k also absorbs the longer
    /// path through the air at low elevation.
    case freeSpace(referenceLossDb: Double, referenceDistanceKm: Double, slopeDbPerDecade: Double)

    /// Channel loss in dB at a distance.
    public func lossDb(distanceKm d: Double) -> Double {
        switch self {
        case .fiber(let alpha):
            return alpha * d
        case .freeSpace(let l0, let d0, let k):
            guard d > 0 else { return 0 }
            return max(0, l0 + k * log10(d / d0))
        }
    }
}

/// A QKD system's hardware: channel, detector and post-processing parameters.
///
/// Symbols follow Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005):
/// η = η_Bob·η_channel, Y0 = dark-count yield, e_detector, f, q.
public struct SystemPreset: Codable, Sendable, Equatable {
    public var name: String
    public var channel: ChannelLoss
    /// e_detector: probability a photon hits the wrong detector (misalignment).
    public var detectorErrorRate: Double
    /// Y0: probability of a click per pulse with no signal photon (dark counts, stray light).
    public var darkCountYield: Double
    /// η_Bob: detection efficiency including Bob's optics.
    public var bobEfficiency: Double
    /// f ≥ 1: error-correction leak relative to the Shannon limit.
    public var errorCorrectionEfficiency: Double
    /// q: fraction of detections kept after basis sifting (1/2 for BB84).
    public var basisSiftingFactor: Double
    /// Pulses per second; converts per-pulse rates to bits per second.
    public var clockRateHz: Double
    /// Where the numbers come from, and which are our choices.
    public var source: String

    public init(
        name: String, channel: ChannelLoss, detectorErrorRate: Double, darkCountYield: Double,
        bobEfficiency: Double, errorCorrectionEfficiency: Double, basisSiftingFactor: Double,
        clockRateHz: Double, source: String
    ) {
        self.name = name
        self.channel = channel
        self.detectorErrorRate = detectorErrorRate
        self.darkCountYield = darkCountYield
        self.bobEfficiency = bobEfficiency
        self.errorCorrectionEfficiency = errorCorrectionEfficiency
        self.basisSiftingFactor = basisSiftingFactor
        self.clockRateHz = clockRateHz
        self.source = source
    }

    /// Y0 converted to the simulator's convention, a dark-count probability
    /// per detector per gate p_d: Bob has two detectors and Y0 is the chance
    /// that either clicks without a photon, Y0 = 1 − (1 − p_d)², so
    /// p_d = 1 − √(1 − Y0) ≈ Y0/2.
    public var darkCountPerDetector: Double { -expm1(0.5 * log1p(-darkCountYield)) }

    /// α in dB/km for a fiber preset; nil for free space.
    public var attenuationDbPerKm: Double? {
        if case .fiber(let alpha) = channel { return alpha }
        return nil
    }

    /// η_channel alone, without Bob's detector.
    public func channelTransmittance(distanceKm: Double) -> Double {
        min(1, pow(10, -channel.lossDb(distanceKm: distanceKm) / 10))
    }

    /// η = η_Bob·η_channel (Ma et al. 2005, Sec. II).
    public func transmittance(distanceKm: Double) -> Double {
        bobEfficiency * channelTransmittance(distanceKm: distanceKm)
    }
}
