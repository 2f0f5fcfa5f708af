// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import QKD

/// A fact about the real deployment, with where it comes from.
public struct Fact: Codable, Sendable, Equatable {
    public var name: String
    public var value: String
    public var source: String
}

/// A scenario file as stored (Scenarios/*.json).
struct ScenarioFile: Codable {
    struct Defaults: Codable {
        var preset: String
        var model: KeyRateModel
        var poolCapacityBits: Int?
        var requests: [KeyRequest]
    }
    struct NodeGroup: Codable {
        var prefix: String
        var count: Int
        var kind: NodeKind
        var attachTo: [String]
        var lengthKm: Double
        var source: String
    }
    struct LinkSpec: Codable {
        var id: String?
        var from: String
        var to: String
        var kind: LinkKind?
        var lengthKm: Double?
        var preset: String?
        var model: KeyRateModel?
        var maxElevationDeg: Double?
        var passesPerDay: Double?
        var via: String?
        var publishedRateBps: Double?
        var publishedRateSource: String?
        var source: String
    }
    var id: String
    var title: String
    var description: String
    var illustrative: String
    var facts: [Fact]
    var defaults: Defaults
    var nodes: [Node]
    var nodeGroups: [NodeGroup]?
    var links: [LinkSpec]
    /// Bundled scenarios whose nodes and links this one joins (one level, no facts or requests).
    var includes: [String]?
}

/// A loaded scenario: the network built from its file, plus its facts.
public struct Scenario: Sendable {
    public var id: String
    public var title: String
    public var description: String
    /// Which parts of the model are illustrative rather than the real deployment.
    public var illustrative: String
    public var facts: [Fact]
    public var network: Network
    public var defaultRequests: [KeyRequest]
    public var poolCapacityBits: Int?
}
