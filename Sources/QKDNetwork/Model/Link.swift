// SPDX-License-Identifier: GPL-3.0-or-later
import QKD

/// The physical channel behind a link.
public enum LinkKind: String, Codable, Sendable {
    /// Optical fiber of `lengthKm`; key flows continuously.
    case fiber
    /// Satellite-to-ground downlink; key arrives in bursts, one per pass.
    case downlink
    /// Entangled pairs sent from a satellite to two ground stations at once
    /// (Yin et al., Nature 582, 501 (2020)): the satellite is not trusted.
    case entanglement
}

/// A QKD link between two nodes. Its key rate always comes from a named
/// key-rate model on a named system preset, never from a typed-in number.
public struct Link: Codable, Sendable, Equatable {
    public var id: String
    public var from: String
    public var to: String
    public var kind: LinkKind
    /// Fiber length. Free-space links have no fiber: 0 here, and their slant range is in `LinkRate.slantRangeKm`.
    public var lengthKm: Double
    public var preset: String
    public var model: KeyRateModel
    /// Unused since passes come from the orbit over the station; kept so old scenario files still load.
    public var maxElevationDeg: Double?
    /// Free-space links: usable passes per day (our assumption unless sourced).
    public var passesPerDay: Double?
    /// Entanglement links: the satellite the pairs come from.
    public var via: String?
    /// The deployment's published average key rate for this link (bits/s), if there is one;
    /// without it the link's rate is a model value and says so.
    public var publishedRateBps: Double?
    public var publishedRateSource: String?
    public var source: String

    public init(id: String, from: String, to: String, kind: LinkKind, lengthKm: Double, preset: String,
                model: KeyRateModel, maxElevationDeg: Double? = nil, passesPerDay: Double? = nil,
                via: String? = nil, publishedRateBps: Double? = nil, publishedRateSource: String? = nil, source: String) {
        self.id = id; self.from = from; self.to = to; self.kind = kind; self.lengthKm = lengthKm
        self.preset = preset; self.model = model; self.maxElevationDeg = maxElevationDeg
        self.passesPerDay = passesPerDay; self.via = via; self.source = source
        self.publishedRateBps = publishedRateBps; self.publishedRateSource = publishedRateSource
    }

    /// The node at the other end, or nil if `node` is not an end of this link.
    public func other(_ node: String) -> String? {
        node == from ? to : node == to ? from : nil
    }
}
