import Commands
import QKDNetwork

/// The network map as a chain: a key relayed hop by hop along the route,
/// each relay that decrypts it marked, compromised nodes flagged.
struct NetworkView: StudioView {
    let report: NetworkRunReport
    let theme: Theme
    /// Link lengths along the route, from the bundled scenario when it loads.
    let hopKm: [Double?]

    init(report: NetworkRunReport, theme: Theme) {
        self.report = report; self.theme = theme
        // Fiber km, or a satellite hop's slant range (never "0 km"), from the report itself.
        hopKm = (report.requests.first?.hopDetails ?? []).map { $0.fiberKm ?? $0.slantRangeKm }
    }

    var name: String { "network" }
    var title: String { "\(report.title) \(theme.unicode ? "—" : "-") \(report.hours) h, seed \(report.seed)" }
    /// Step k: the key has reached node k of the route; one more for the verdict.
    var steps: Int { report.route.count + 1 }
    var route: [String] { report.route }

    func narration(step: Int) -> String {
        if step == 0 { return "\(route.first ?? "?") makes a key for \(route.last ?? "?"). With no long QKD link between them, the key is relayed over \(route.count - 1) hops." }
        if step < route.count {
            let node = route[step]
            var s = "Hop \(step): the key is one-time padded with the \(route[step - 1])\(theme.unicode ? "–" : "-")\(node) link key."
            if step < route.count - 1 { s += " \(node) decrypts and re-encrypts it, so \(node) sees the key: it must be trusted." }
            else { s += " \(node) decrypts it: the key has arrived." }
            if report.compromised.contains(node) { s += " \(node) is compromised: the attacker now has the key." }
            return s
        }
        if report.compromised.isEmpty { return "Delivered \(Num.count(report.deliveredKeyBits)) key bits at \(Num.rate(report.endToEndKeyRateBps)). The slowest link, \(report.bottleneckLink), caps the route." }
        return "Compromised \(report.compromised.joined(separator: ", ")): \(Num.count(report.exposedKeyBits)) of \(Num.count(report.deliveredKeyBits)) delivered key bits are readable. Trusted relays are only as safe as their buildings."
    }

    /// ▁…█ for a pool's fill level; 0–9 without Unicode.
    func poolGauge(_ fraction: Double) -> String {
        let f = max(0, min(1, fraction.isFinite ? fraction : 0))
        if theme.unicode { return "pool " + String(Array("▁▂▃▄▅▆▇█")[min(7, Int(f * 8))]) }
        return "pool " + String(min(9, Int(f * 10)))
    }

    func draw(into c: Canvas, size: Size, step: Int) {
        c.put(title, 0, 0, .bold)
        c.put("\(report.nodes) nodes, \(report.links) links, \(report.trustedNodes) trusted relays, \(Num.fixed(report.totalFiberKm, 0)) km of fiber", 1, 0, .dim)
        // The chain, wrapped into lines; long routes scroll so the key's hop stays in view.
        let reached = min(step, route.count - 1)
        var placed: [(line: Int, x: Int, link: String, label: String, i: Int)] = []
        var line = 0, x = 0
        for (i, node) in route.enumerated() {
            let label = report.compromised.contains(node) ? "\(theme.compromised)\(node)" : node
            var link = ""
            if i > 0 { link = theme.hline + (hopKm[i - 1].map { Num.fixed($0, 0) + "km" } ?? "") + theme.hline + theme.hline }
            if x + link.count + label.count > size.cols, x > 0 { line += 1; x = 0 }
            placed.append((line, x, link, label, i))
            x += link.count + label.count
        }
        let maxLines = max(1, (size.rows - 8) / 3)
        let currentLine = placed[reached].line
        let firstLine = max(0, min(currentLine - maxLines + 1, (placed.last?.line ?? 0) - maxLines + 1))
        if firstLine > 0 { c.put("\(theme.left) \(placed.filter { $0.line < firstLine }.count) nodes before", 2, 0, .dim) }
        for p in placed where p.line >= firstLine && p.line < firstLine + maxLines {
            let y = 3 + (p.line - firstLine) * 3
            let node = route[p.i], bad = report.compromised.contains(node)
            var px = p.x
            if !p.link.isEmpty {
                // The link's key pool: a level gauge under the link (tenths in ASCII).
                if let pool = report.linkPools.first(where: { $0.routePosition == p.i - 1 }), pool.capacityBits > 0 {
                    c.put(poolGauge(Double(pool.levelBits) / Double(pool.capacityBits)), y + 1, px + 1, .accent)
                }
                let carrying = p.i == reached && step > 0 && step < route.count
                c.put(p.link, y, px, carrying ? .bold : .dim)
                if carrying { c.put(theme.key, y, px + p.link.count / 2, .accent) }
                px += p.link.count
            }
            c.put(p.label, y, px, bad ? .bad : (p.i <= reached ? .bold : .normal))
            // Under each node: who has seen the key so far.
            if p.i <= reached && step > 0 {
                let mark = p.i == 0 || p.i == route.count - 1 ? theme.key : (bad ? "\(theme.cross)leak" : "\(theme.check)saw")
                c.put(mark, y + 1, px, bad ? .bad : .good)
            }
        }
        let after = placed.filter { $0.line >= firstLine + maxLines }.count
        if after > 0 { c.put("\(theme.right) \(after) more nodes", 3 + maxLines * 3 - 1, 0, .dim) }
        // Ledger.
        let base = size.rows - 5
        c.hline(base)
        c.put("bottleneck \(report.bottleneckLink) at \(Num.rate(report.bottleneckRateBps)) (\(report.bottleneckRateBasis))   end to end \(Num.rate(report.endToEndKeyRateBps))", base + 1, 0)
        var delivered = "delivered \(Num.count(report.deliveredKeyBits)) key bits in \(report.hours) h over \(route.count - 1) hops"
        if let low = report.linkPools.filter({ $0.routePosition != nil }).min(by: { $0.levelBits < $1.levelBits }) {
            delivered += "; emptiest pool \(low.link): \(Num.count(low.levelBits)) bits left"
        }
        c.put(delivered, base + 2, 0)
        if !report.compromised.isEmpty {
            let frac = report.deliveredKeyBits > 0 ? Double(report.exposedKeyBits) / Double(report.deliveredKeyBits) : 0
            let verdict = report.exposedKeyBits > 0 ? "\(theme.cross) EXPOSED" : "\(theme.check) SAFE"
            c.put("\(theme.compromised) compromised \(report.compromised.joined(separator: ", ")): \(verdict) \(Num.count(report.exposedKeyBits)) bits (\(Num.percent(frac, 0)))", base + 3, 0, report.exposedKeyBits > 0 ? .bad : .good)
        } else {
            c.put("no node compromised (try network \(report.scenario) --compromise NODE)", base + 3, 0, .dim)
        }
    }
}
