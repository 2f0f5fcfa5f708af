// SPDX-License-Identifier: GPL-3.0-or-later
import QKD

/// Nodes and links, with each link's key rate evaluated once at construction.
public struct Network: Sendable {
    public let nodes: [Node]
    public let links: [Link]
    /// Rate of `links[i]`.
    public private(set) var rates: [LinkRate] = []
    private let nodeIndex: [String: Int]
    /// Link indices touching each node.
    private let adjacency: [String: [Int]]
    private var linkIndexByID: [String: Int] = [:]

    /// Evaluating satellite links searches for passes; `cancellation` stops that search.
    public init(nodes: [Node], links: [Link], cancellation: CancellationToken? = nil) throws {
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
        // Many links share a kind, model, preset and length (user access links): evaluate each once.
        var r: [LinkRate] = []
        r.reserveCapacity(links.count)
        var cache: [String: LinkRate] = [:]
        for l in links {
            let key = l.kind == .fiber && l.publishedRateBps == nil ? "\(l.model.rawValue)|\(l.preset)|\(l.lengthKm)" : nil
            if let key, let hit = cache[key] { r.append(hit); continue }
            let rate = try LinkRate.evaluate(l, in: self, cancellation: cancellation)
            if let key { cache[key] = rate }
            r.append(rate)
        }
        self.rates = r
        var li: [String: Int] = [:]
        for (i, l) in links.enumerated() { li[l.id] = i }
        self.linkIndexByID = li
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

    public func linkIndex(_ id: String) -> Int? { linkIndexByID[id] }

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

    /// The ground station `id` at an end of `link`, with its coordinates.
    func groundStation(_ id: String, for link: Link) throws -> GroundStation {
        guard let n = node(id), let lat = n.latitudeDeg, let lon = n.longitudeDeg else {
            throw NetworkError("link \(link.id): '\(id)' needs latitudeDeg and longitudeDeg")
        }
        return GroundStation(name: id, latitudeDeg: lat, longitudeDeg: lon, altitudeM: n.siteAltitudeM ?? 0, source: n.source)
    }

    /// The ground end of a downlink (the end that is not the satellite).
    func downlinkStation(_ link: Link) throws -> GroundStation {
        let ground = node(link.from)?.kind == .satellite ? link.to : link.from
        return try groundStation(ground, for: link)
    }

    /// Ground-station coordinates at both ends of an entanglement link.
    func stationPair(_ link: Link) throws -> (GroundStation, GroundStation) {
        (try groundStation(link.from, for: link), try groundStation(link.to, for: link))
    }
}
