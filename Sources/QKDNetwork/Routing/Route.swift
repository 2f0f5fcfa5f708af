// SPDX-License-Identifier: GPL-3.0-or-later

/// How to pick a route between two users.
public enum RoutingPolicy: String, Codable, Sendable, CaseIterable {
    /// Fewest hops (so fewest nodes to trust), then fewest km.
    case shortest
    /// Largest bottleneck rate (widest path), then fewest hops.
    case widest
}

/// A path through the network and its bottleneck.
public struct Route: Sendable, Equatable {
    public var nodes: [String]
    /// Index into `Network.links` for each hop.
    public var linkIndices: [Int]
    public var lengthKm: Double
    public var bottleneckLinkIndex: Int
    /// The slowest link's average rate: no route can carry key faster.
    public var bottleneckBps: Double
    public var hops: Int { linkIndices.count }
    /// Nodes strictly between the ends: all of them see the key.
    public var relays: [String] { Array(nodes.dropFirst().dropLast()) }
}
