import Commands
import QKDNetwork

/// The network map as a chain: a key relayed hop by hop along the route,
/// each relay that decrypts it marked, compromised nodes flagged.
struct NetworkView: StudioView {
    let report: NetworkRunReport
    let theme: Theme
    /// Every hop of every route, from the report itself: fiber km, or a
    /// satellite hop's slant range (never "0 km").
    let hops: [RouteSummary.Hop]

    /// One route's figures: each request of the run, or the run's own route.
    struct Route {
        var route: [String]
        var bottleneckLink: String
        var bottleneckRateBps: Double
        var endToEndKeyRateBps: Double
        var deliveredKeyBits: Int
        var exposedKeyBits: Int
        var bottleneckRateBasis: String
    }

    let routes: [Route]

    init(report: NetworkRunReport, theme: Theme) {
        self.report = report; self.theme = theme
        hops = report.requests.flatMap(\.hopDetails)
        let own = Route(route: report.route, bottleneckLink: report.bottleneckLink, bottleneckRateBps: report.bottleneckRateBps,
                        endToEndKeyRateBps: report.endToEndKeyRateBps, deliveredKeyBits: report.deliveredKeyBits, exposedKeyBits: report.exposedKeyBits,
                        bottleneckRateBasis: report.bottleneckRateBasis)
        let requests = report.requests.filter { !$0.route.isEmpty }.map {
            Route(route: $0.route, bottleneckLink: $0.bottleneckLink, bottleneckRateBps: $0.bottleneckRateBps,
                  endToEndKeyRateBps: $0.endToEndKeyRateBps, deliveredKeyBits: $0.deliveredKeyBits, exposedKeyBits: $0.exposedKeyBits,
                  bottleneckRateBasis: $0.bottleneckRateBasis)
        }
        routes = requests.count > 1 ? requests : [own]
    }

    var name: String { "network" }
    var title: String { "\(report.title) \(theme.unicode ? "—" : "-") \(report.hours) h, seed \(report.seed)" }
    /// Per route: step k, the key has reached node k; one more for its verdict. Routes follow each other.
    var steps: Int { routes.reduce(0) { $0 + $1.route.count + 1 } }

    /// The route a step belongs to, and the step within it.
    func locate(_ step: Int) -> (index: Int, local: Int) {
        var s = max(0, step)
        for (i, r) in routes.enumerated() {
            if s < r.route.count + 1 { return (i, s) }
            s -= r.route.count + 1
        }
        return (routes.count - 1, routes[routes.count - 1].route.count)
    }

    func hopKm(_ a: String, _ b: String) -> Double? {
        hops.first { ($0.from == a && $0.to == b) || ($0.from == b && $0.to == a) }.flatMap { $0.fiberKm ?? $0.slantRangeKm }
    }

    func narration(step global: Int) -> String {
        let (index, step) = locate(global)
        let r = routes[index], route = r.route
        let which = routes.count > 1 ? "Route \(index + 1) of \(routes.count): " : ""
        if step == 0 { return which + "\(route.first ?? "?") makes a key for \(route.last ?? "?"). With no long QKD link between them, the key is relayed over \(route.count - 1) hops." }
        if step < route.count {
            let node = route[step]
            var s = "Hop \(step): the key is one-time padded with the \(route[step - 1])\(theme.unicode ? "–" : "-")\(node) link key."
            if step < route.count - 1 { s += " \(node) decrypts and re-encrypts it, so \(node) sees the key: it must be trusted." }
            else { s += " \(node) decrypts it: the key has arrived." }
            if report.compromised.contains(node) { s += " \(node) is compromised: the attacker now has the key." }
            return which + s
        }
        if report.compromised.isEmpty { return which + "Delivered \(Num.count(r.deliveredKeyBits)) key bits at \(Num.rate(r.endToEndKeyRateBps)). The slowest link, \(r.bottleneckLink), caps the route." }
        return which + "Compromised \(report.compromised.joined(separator: ", ")): \(Num.count(r.exposedKeyBits)) of \(Num.count(r.deliveredKeyBits)) delivered key bits are readable. Trusted relays are only as safe as their buildings."
    }

    /// ▁…█ for a pool's fill level; 0–9 without Unicode.
    func poolGauge(_ fraction: Double, short: Bool = false) -> String {
        let f = max(0, min(1, fraction.isFinite ? fraction : 0))
        let level = theme.unicode ? String(Array("▁▂▃▄▅▆▇█")[min(7, Int(f * 8))]) : String(min(9, Int(f * 10)))
        return short ? level : "pool " + level
    }

    func draw(into c: Canvas, size: Size, step global: Int) {
        let (index, step) = locate(global)
        let r = routes[index], route = r.route
        c.put(title, 0, 0, .bold)
        var sub = "\(report.nodes) nodes, \(report.links) links, \(report.trustedNodes) trusted relays, \(Num.fixed(report.totalFiberKm, 0)) km of fiber"
        if routes.count > 1 { sub = "route \(index + 1) of \(routes.count): \(route.first ?? "?") \(theme.right) \(route.last ?? "?")   " + sub }
        c.put(sub, 1, 0, .dim)
        guard !route.isEmpty else { return }
        // The chain, wrapped into lines; long routes scroll so the key's hop stays in view.
        let reached = min(step, route.count - 1)
        var placed: [(line: Int, x: Int, link: String, label: String, i: Int)] = []
        var line = 0, x = 0
        for (i, node) in route.enumerated() {
            let label = report.compromised.contains(node) ? "\(theme.compromised)\(node)" : node
            var link = ""
            if i > 0 { link = theme.hline + (hopKm(route[i - 1], node).map { Num.fixed($0, 0) + "km" } ?? "") + theme.hline + theme.hline }
            if x + link.count + label.count > size.cols, x > 0 { line += 1; x = 0 }
            placed.append((line, x, link, label, i))
            x += link.count + label.count
        }
        let maxLines = max(1, (size.rows - 8) / 3)
        let currentLine = placed[reached].line
        let firstLine = max(0, min(currentLine - maxLines + 1, (placed.last?.line ?? 0) - maxLines + 1))
        if firstLine > 0 { c.put("\(theme.left) \(placed.filter { $0.line < firstLine }.count) nodes before", 2, 0, .dim) }
        // Tags under the chain (pool gauges, who saw the key) go on one row per chain line,
        // left to right, each at least one blank after the previous: they never run together.
        var tagEnd: [Int: Int] = [:]
        func tag(_ long: String, short: String, _ y: Int, _ x: Int, limit: Int, _ ink: Ink) {
            let from = max(x, (tagEnd[y] ?? -2) + 2)
            for text in [long, short] where from + text.count <= limit {
                c.put(text, y, from, ink)
                tagEnd[y] = from + text.count - 1
                return
            }
        }
        for p in placed where p.line >= firstLine && p.line < firstLine + maxLines {
            let y = 3 + (p.line - firstLine) * 3
            let node = route[p.i], bad = report.compromised.contains(node)
            var px = p.x
            // Where the next node's label starts on this chain line: a tag under this node stops before it.
            let nextLabel = placed.first { $0.i == p.i + 1 && $0.line == p.line }.map { $0.x + $0.link.count - 1 } ?? size.cols
            if !p.link.isEmpty {
                let carrying = p.i == reached && step > 0 && step < route.count
                c.put(p.link, y, px, carrying ? .bold : .dim)
                // The key rides on the link's last dash, never on its length label.
                if carrying { c.put(theme.key, y, px + p.link.count - 1, .accent) }
                // The link's key pool: a level gauge under the link (tenths in ASCII).
                let a = route[p.i - 1]
                if let pool = report.linkPools.first(where: { $0.routePosition == p.i - 1 || $0.link == "\(a)-\(node)" || $0.link == "\(node)-\(a)" }), pool.capacityBits > 0 {
                    let f = Double(pool.levelBits) / Double(pool.capacityBits)
                    tag(poolGauge(f), short: poolGauge(f, short: true), y + 1, px + 1, limit: px + p.link.count, .accent)
                }
                px += p.link.count
            }
            c.put(p.label, y, px, bad ? .bad : (p.i <= reached ? .bold : .normal))
            // Under each node: who has seen the key so far.
            if p.i <= reached && step > 0 {
                let end = p.i == 0 || p.i == route.count - 1
                let mark = end ? theme.key : (bad ? "\(theme.cross)leak" : "\(theme.check)saw")
                tag(mark, short: end ? theme.key : (bad ? theme.cross : theme.check), y + 1, px, limit: nextLabel, bad ? .bad : .good)
            }
        }
        let after = placed.filter { $0.line >= firstLine + maxLines }.count
        if after > 0 { c.put("\(theme.right) \(after) more nodes", 3 + maxLines * 3 - 1, 0, .dim) }
        // Ledger: this route's own figures.
        let base = size.rows - 5
        c.hline(base)
        c.put("bottleneck \(r.bottleneckLink) at \(Num.rate(r.bottleneckRateBps)) (\(r.bottleneckRateBasis))   end to end \(Num.rate(r.endToEndKeyRateBps))", base + 1, 0)
        var delivered = "delivered \(Num.count(r.deliveredKeyBits)) key bits in \(report.hours) h over \(route.count - 1) hops"
        if routes.count > 1 { delivered += " (all routes \(Num.count(report.deliveredKeyBits)))" }
        else if let low = report.linkPools.filter({ $0.routePosition != nil }).min(by: { $0.levelBits < $1.levelBits }) {
            delivered += "; emptiest pool \(low.link): \(Num.count(low.levelBits)) bits left"
        }
        c.put(delivered, base + 2, 0)
        if !report.compromised.isEmpty {
            let frac = r.deliveredKeyBits > 0 ? Double(r.exposedKeyBits) / Double(r.deliveredKeyBits) : 0
            let verdict = r.exposedKeyBits > 0 ? "\(theme.cross) EXPOSED" : "\(theme.check) SAFE"
            c.put("\(theme.compromised) compromised \(report.compromised.joined(separator: ", ")): \(verdict) \(Num.count(r.exposedKeyBits)) bits (\(Num.percent(frac, 0)))", base + 3, 0, r.exposedKeyBits > 0 ? .bad : .good)
        } else {
            c.put("no node compromised (try network \(report.scenario) --compromise NODE)", base + 3, 0, .dim)
        }
    }
}
