// SPDX-License-Identifier: GPL-3.0-or-later

/// One model evaluated at one distance.
public struct KeyRatePoint: Codable, Sendable, Equatable {
    public var distanceKm: Double
    /// Secret bits per pulse sent (per channel use for PLOB).
    public var ratePerPulse: Double
    /// ratePerPulse × the preset's clock rate.
    public var ratePerSecond: Double
    /// μ used (given or optimized); nil for single-photon models, and when no μ gives key.
    public var mu: Double?
    /// Observed error rate (E_μ, or E for a single-photon source); nil for PLOB.
    public var qber: Double?

    public init(distanceKm: Double, ratePerPulse: Double, ratePerSecond: Double, mu: Double?, qber: Double?) {
        self.distanceKm = distanceKm
        self.ratePerPulse = ratePerPulse
        self.ratePerSecond = ratePerSecond
        self.mu = mu
        self.qber = qber
    }
}

/// A model evaluated along a list of distances.
public struct KeyRateCurve: Codable, Sendable, Equatable {
    public var model: KeyRateModel
    public var presetName: String
    public var rows: [KeyRatePoint]
    /// Largest distance with positive rate; nil for PLOB, which never reaches zero.
    public var maxDistanceKm: Double?

    public init(model: KeyRateModel, presetName: String, rows: [KeyRatePoint], maxDistanceKm: Double?) {
        self.model = model
        self.presetName = presetName
        self.rows = rows
        self.maxDistanceKm = maxDistanceKm
    }
}
