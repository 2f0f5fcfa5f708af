// SPDX-License-Identifier: GPL-3.0-or-later

/// Nodes and links, with each link's key rate evaluated once at construction.
public struct Network: Sendable {
    public let nodes: [Node]
    public let links: [Link]
    /// Rate of `links[i]`.
    public private(set) var rates: [LinkRate] = []
    private let nodeIndex: [String: Int]
    /// Link indices touching each node.
    private let adjacency: [String: [Int]]

    public init(nodes: [Node], links: [Link]) throws {
        var index: [String: Int] = [:]
        for (i, n) in nodes.enumerated() {
            guard index[n.id] == nil else { throw NetworkError("duplicate node '\(n.id)'") }
            index[n.id] = i
        }
        var adj: [String: [Int]] = [:]
        var seen = Set<String>()
        for (i, l) in links.enumerated() {
            guard seen.insert(l.id).inserted else { throw NetworkError("duplicate link '\(l.id)'") }
            for end in [l.from, l.to] where index[end] == nil {
                throw NetworkError("link \(l.id): unknown node '\(end)'")
            }
            guard l.from != l.to else { throw NetworkError("link \(l.id) joins '\(l.from)' to itself") }
            guard l.lengthKm.isFinite, l.lengthKm >= 0 else { throw NetworkError("link \(l.id): length must be 0 km or more") }
            adj[l.from, default: []].append(i)
            adj[l.to, default: []].append(i)
        }
        self.nodes = nodes
        self.links = links
        self.nodeIndex = index
        self.adjacency = adj
        var r: [LinkRate] = []
        for l in links { r.append(try LinkRate.evaluate(l, in: self)) }
        self.rates = r
    }

    public func node(_ id: String) -> Node? { nodeIndex[id].map { nodes[$0] } }

    /// The node, or an error listing the valid names.
    public func requireNode(_ id: String) throws -> Node {
        if let n = node(id) { return n }
        throw NetworkError("unknown node '\(id)' (nodes: \(nodeNameList))")
    }

    /// Node names for error messages; long lists are shortened.
    public var nodeNameList: String {
        let ids = nodes.map(\.id)
        if ids.count <= 40 { return ids.joined(separator: ", ") }
        return ids.prefix(30).joined(separator: ", ") + ", … (\(ids.count) in all)"
    }

    public func linkIndices(at node: String) -> [Int] { adjacency[node] ?? [] }

    public func linkIndex(_ id: String) -> Int? { links.firstIndex { $0.id == id } }

    public var trustedNodeCount: Int { nodes.filter { $0.kind == .trustedRelay }.count }

    public var totalFiberKm: Double { links.filter { $0.kind == .fiber }.reduce(0) { $0 + $1.lengthKm } }

    /// Altitude of the satellite on a free-space link (its `via`, or the satellite end).
    func satelliteAltitudeKm(_ link: Link) throws -> Double {
        let ids = [link.via, link.from, link.to].compactMap { $0 }
        for id in ids {
            if let n = node(id), n.kind == .satellite { return n.altitudeKm ?? Orbit.micius.altitudeKm }
        }
        throw NetworkError("link \(link.id): a \(link.kind.rawValue) link needs a satellite node at one end or as 'via'")
    }

    /// Ground-station coordinates at both ends of an entanglement link.
    func stationPair(_ link: Link) throws -> (GroundStation, GroundStation) {
        func station(_ id: String) throws -> GroundStation {
            guard let n = node(id), let lat = n.latitudeDeg, let lon = n.longitudeDeg else {
                throw NetworkError("link \(link.id): '\(id)' needs latitudeDeg and longitudeDeg")
            }
            return GroundStation(name: id, latitudeDeg: lat, longitudeDeg: lon, source: n.source)
        }
        return (try station(link.from), try station(link.to))
    }
}
