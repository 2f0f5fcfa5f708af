// SPDX-License-Identifier: GPL-3.0-or-later

/// Route finding. Users are end points only: they never forward other people's keys.
public enum Router {
    public static func route(in net: Network, from: String, to: String, policy: RoutingPolicy) throws -> Route {
        _ = try net.requireNode(from)
        _ = try net.requireNode(to)
        guard from != to else { throw NetworkError("--from and --to must be different nodes (both are '\(from)')") }
        let minRate: Double
        switch policy {
        case .shortest: minRate = 0
        case .widest:
            guard let w = widestBottleneck(in: net, from: from, to: to) else { throw noRoute(from, to) }
            minRate = w
        }
        guard let r = fewestHops(in: net, from: from, to: to, minRate: minRate) else { throw noRoute(from, to) }
        return r
    }

    static func noRoute(_ a: String, _ b: String) -> NetworkError {
        NetworkError("no route from '\(a)' to '\(b)' with a positive key rate")
    }

    /// Can a route pass through `id` (not as an end)?
    static func canForward(_ net: Network, _ id: String) -> Bool { net.node(id)?.kind != .user }

    /// Widest-path Dijkstra: maximizes the minimum link rate (Pollack, Oper. Res. 8, 733 (1960)).
    /// A binary heap keeps it O(E log V), so 10,000-node scenarios route at once.
    static func widestBottleneck(in net: Network, from: String, to: String) -> Double? {
        var best: [String: Double] = [from: .infinity]
        var done = Set<String>()
        // Max-heap on width: store negated width for the min-heap; ties by name for determinism.
        var heap = MinHeap<(Double, String)>(by: { ($0.0, $0.1) < ($1.0, $1.1) })
        heap.push((-Double.infinity, from))
        while let (negW, u) = heap.pop() {
            let wu = -negW
            guard !done.contains(u), wu == best[u] else { continue }
            guard wu > 0 else { return nil }
            if u == to { return wu }
            done.insert(u)
            if u != from && !canForward(net, u) { continue }
            for li in net.linkIndices(at: u) {
                guard let v = net.links[li].other(u), !done.contains(v) else { continue }
                let w = min(wu, net.rates[li].averageBps)
                if w > best[v] ?? 0 { best[v] = w; heap.push((-w, v)) }
            }
        }
        return nil
    }

    /// Dijkstra on (hops, km) over links with rate ≥ minRate (and > 0), with a binary heap.
    static func fewestHops(in net: Network, from: String, to: String, minRate: Double) -> Route? {
        struct Cost: Comparable { var hops: Int; var km: Double
            static func < (a: Cost, b: Cost) -> Bool { (a.hops, a.km) < (b.hops, b.km) } }
        var cost: [String: Cost] = [from: Cost(hops: 0, km: 0)]
        var back: [String: Int] = [:]
        var done = Set<String>()
        var heap = MinHeap<(Cost, String)>(by: { ($0.0, $0.1) < ($1.0, $1.1) })
        heap.push((Cost(hops: 0, km: 0), from))
        var reached = false
        while let (cu, u) = heap.pop() {
            guard !done.contains(u), cu == cost[u] else { continue }
            if u == to { reached = true; break }
            done.insert(u)
            if u != from && !canForward(net, u) { continue }
            for li in net.linkIndices(at: u) {
                let rate = net.rates[li].averageBps
                guard rate > 0, rate >= minRate, let v = net.links[li].other(u), !done.contains(v) else { continue }
                let c = Cost(hops: cu.hops + 1, km: cu.km + net.links[li].lengthKm)
                if cost[v].map({ c < $0 }) ?? true { cost[v] = c; back[v] = li; heap.push((c, v)) }
            }
        }
        guard reached else { return nil }
        var nodes = [to], links: [Int] = []
        var at = to
        while at != from, let li = back[at] {
            links.append(li)
            at = net.links[li].other(at)!
            nodes.append(at)
        }
        nodes.reverse(); links.reverse()
        let neck = links.min { (net.rates[$0].averageBps, $0) < (net.rates[$1].averageBps, $1) }!
        return Route(nodes: nodes, linkIndices: links, lengthKm: links.reduce(0) { $0 + net.links[$1].lengthKm },
                     bottleneckLinkIndex: neck, bottleneckBps: net.rates[neck].averageBps)
    }
}

/// A binary min-heap with a caller's ordering (Williams, CACM 7, 347 (1964)).
struct MinHeap<Element> {
    private var items: [Element] = []
    private let less: (Element, Element) -> Bool
    init(by less: @escaping (Element, Element) -> Bool) { self.less = less }

    mutating func push(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(items[i], items[p]) else { break }
            items.swapAt(i, p); i = p
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && less(items[l], items[m]) { m = l }
            if r < items.count && less(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m); i = m
        }
        return top
    }
}
