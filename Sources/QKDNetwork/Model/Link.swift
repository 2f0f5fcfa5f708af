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
    /// Fiber length; for free-space links, the slant range at closest approach (display only).
    public var lengthKm: Double
    public var preset: String
    public var model: KeyRateModel
    /// Free-space links: highest elevation of the modeled pass.
    public var maxElevationDeg: Double?
    /// Free-space links: usable passes per day (our assumption unless sourced).
    public var passesPerDay: Double?
    /// Entanglement links: the satellite the pairs come from.
    public var via: String?
    public var source: String

    public init(id: String, from: String, to: String, kind: LinkKind, lengthKm: Double, preset: String,
                model: KeyRateModel, maxElevationDeg: Double? = nil, passesPerDay: Double? = nil,
                via: String? = nil, source: String) {
        self.id = id; self.from = from; self.to = to; self.kind = kind; self.lengthKm = lengthKm
        self.preset = preset; self.model = model; self.maxElevationDeg = maxElevationDeg
        self.passesPerDay = passesPerDay; self.via = via; self.source = source
    }

    /// The node at the other end, or nil if `node` is not an end of this link.
    public func other(_ node: String) -> String? {
        node == from ? to : node == to ? from : nil
    }
}
