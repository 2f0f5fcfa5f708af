// SPDX-License-Identifier: GPL-3.0-or-later

/// What a node is, which decides whether it sees relayed keys.
public enum NodeKind: String, Codable, Sendable, CaseIterable {
    /// An end user (terminal); keys are delivered to it.
    case user
    /// A trusted relay: it decrypts and re-encrypts every key it forwards.
    case trustedRelay = "trusted-relay"
    /// A satellite ground station; it can also be an end point.
    case groundStation = "ground-station"
    /// A satellite; as a relay it is trusted like any other relay node.
    case satellite
}

/// A place in the network.
public struct Node: Codable, Sendable, Equatable {
    public var id: String
    public var kind: NodeKind
    /// Degrees north / east; set for ground stations (used for pass geometry).
    public var latitudeDeg: Double?
    public var longitudeDeg: Double?
    /// Orbit altitude, for satellites.
    public var altitudeKm: Double?
    /// Height above sea level (m), for ground stations.
    public var siteAltitudeM: Double?
    /// Where the node (and its coordinates) come from, or "illustrative".
    public var source: String

    public init(id: String, kind: NodeKind, latitudeDeg: Double? = nil, longitudeDeg: Double? = nil,
                altitudeKm: Double? = nil, siteAltitudeM: Double? = nil, source: String) {
        self.id = id; self.kind = kind; self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg; self.altitudeKm = altitudeKm; self.siteAltitudeM = siteAltitudeM; self.source = source
    }

}
