import QKD

/// E91: the pair source between Alice and Bob, the correlation table
/// revealed row by row, then the CHSH S meter marked at 2 and 2√2.
struct E91View: StudioView {
    let result: E91Result
    let theme: Theme
    var name: String { "e91" }
    var title: String { "E91 \(theme.unicode ? "—" : "-") \(Num.count(result.pairs)) pairs, seed \(result.seed), settings \(result.configuration.settings.rawValue)" }
    /// Step 0: the source; 1…n: one correlation each; n+1: the S meter.
    var steps: Int { result.correlations.count + 2 }
    var tsirelson: String { theme.unicode ? "2√2" : "2*sqrt(2)" }

    func narration(step: Int) -> String {
        let cs = result.correlations
        if step == 0 {
            return "A source between Alice and Bob emits entangled photon pairs (visibility \(result.configuration.visibility)). Each side picks an analyzer angle at random."
        }
        if step <= cs.count {
            let x = cs[step - 1]
            return "Alice at \(Num.fixed(x.aliceDegrees, 1))\(theme.degree), Bob at \(Num.fixed(x.bobDegrees, 1))\(theme.degree): \(Num.count(x.coincidences)) pairs, correlation E = \(Num.fixed(x.correlation, 4)) (+1 always equal, -1 always opposite)."
        }
        guard let s = result.chsh else { return "These settings give key bits but no CHSH test: run e91 --settings chsh or ekert for S." }
        if s > 2 { return "S = \(Num.fixed(s, 4)) is above 2, which no local model can reach: the pairs are entangled, so Eve cannot hold a copy. Quantum physics allows up to \(tsirelson)." }
        return "S = \(Num.fixed(s, 4)) does not exceed the classical bound 2: no proof of entanglement. Noise or Eve has destroyed it; the key must be discarded."
    }

    func draw(into c: Canvas, size: Size, step: Int) {
        c.put(title, 0, 0, .bold)
        let cs = result.correlations
        // The source diagram.
        let arm = String(repeating: theme.hline, count: 12)
        let alice = Set(cs.map(\.aliceDegrees)).sorted().map { Num.fixed($0, 1) + theme.degree }.joined(separator: " ")
        let bob = Set(cs.map(\.bobDegrees)).sorted().map { Num.fixed($0, 1) + theme.degree }.joined(separator: " ")
        let pulse = step == 0 ? theme.photon : " "
        c.put("Alice " + (theme.unicode ? "◀" : "<") + arm + " \(theme.photon)\(pulse) pair source " + arm + (theme.unicode ? "▶" : ">") + " Bob", 2, 0)
        c.put("Alice's analyzers " + alice + "   Bob's analyzers " + bob, 3, 0, .accent)
        let eve = result.configuration.eve != .none
        if eve { c.put("Eve intercepts Bob's photon (\(result.configuration.eve.rawValue))", 4, 0, .warn) }
        // The correlation table.
        let top = eve ? 5 : 4
        c.put("Alice".leftPadded(8) + "Bob".leftPadded(9) + "pairs".leftPadded(10) + "E(a,b)".leftPadded(9) + "   -1          0          +1", top, 0, .dim)
        let rowsShown = min(step, cs.count)
        let maxRows = max(1, size.rows - top - 6)  // the meter takes the last 5 rows
        // More correlations than rows (the Ekert settings at 80×24): two columns of
        // numbers without the scale, so every row stays on screen.
        if cs.count > maxRows && cs.count <= 2 * maxRows && size.cols >= 76 {
            let half = (cs.count + 1) / 2
            c.put(String(repeating: " ", count: size.cols), top, 0)
            for col in 0..<2 {
                c.put("Alice".leftPadded(8) + "Bob".leftPadded(9) + "pairs".leftPadded(10) + "E(a,b)".leftPadded(9), top, col * 40, .dim)
            }
            for (k, x) in cs.prefix(rowsShown).enumerated() {
                let line = (Num.fixed(x.aliceDegrees, 1) + theme.degree).leftPadded(8) + (Num.fixed(x.bobDegrees, 1) + theme.degree).leftPadded(9)
                    + Num.count(x.coincidences).leftPadded(10) + Num.fixed(x.correlation, 4).leftPadded(9)
                c.put(line, top + 1 + k % half, (k / half) * 40, k == rowsShown - 1 && step <= cs.count ? .bold : .normal)
            }
        } else {
        for (i, x) in cs.prefix(rowsShown).suffix(maxRows).enumerated() {
            let y = top + 1 + i
            let line = (Num.fixed(x.aliceDegrees, 1) + theme.degree).leftPadded(8) + (Num.fixed(x.bobDegrees, 1) + theme.degree).leftPadded(9)
                + Num.count(x.coincidences).leftPadded(10) + Num.fixed(x.correlation, 4).leftPadded(9)
            c.put(line, y, 0)
            // A dot on a -1…+1 scale, so the sign is shown by position, not colour.
            let scale = 23, x0 = 39
            c.put(String(repeating: theme.dot, count: scale), y, x0, .dim)
            c.put(theme.vline, y, x0 + scale / 2, .dim)
            let pos = x0 + Int(((x.correlation + 1) / 2 * Double(scale - 1)).rounded())
            c.put(theme.photon, y, pos, x.correlation >= 0 ? .good : .accent)
        }
        }
        let meterRow = size.rows - 4
        c.put("detected pairs \(Num.count(result.detected))   key bits \(Num.count(result.keyBits))   QBER \(result.qber.map { Num.percent($0) } ?? "no key bits")", meterRow - 1, 0)
        if step > cs.count { meter(c.region(row: meterRow, col: 0, rows: 4, cols: size.cols)) }
    }

    /// The S meter: a 0…3 scale with the classical bound 2 and Tsirelson's 2√2 marked.
    func meter(_ c: Canvas) {
        guard let s = result.chsh else { c.put("no CHSH value: these analyzer settings do not test Bell's inequality", 1, 0, .warn); return }
        let x0 = 8, width = c.size.cols - x0 - 2
        func col(_ v: Double) -> Int { x0 + Int((max(0, min(3, v)) / 3 * Double(width - 1)).rounded()) }
        c.put("S meter", 1, 0, .bold)
        c.put(String(repeating: theme.light, count: width), 1, x0, .dim)
        c.put(String(repeating: theme.full, count: max(0, col(s) - x0)), 1, x0, s > 2 ? .good : .bad)
        c.put(theme.vline, 1, col(2), .warn)
        c.put(theme.vline, 1, col(2 * 2.0.squareRoot()), .warn)
        c.put("0", 2, x0)
        c.put("2 classical", 2, col(2) - 1, .warn)
        c.put(tsirelson, 2, col(2 * 2.0.squareRoot()) - 1, .warn)
        c.put("3", 2, x0 + width - 1)
        // The text report's precision: four decimals.
        var label = "S = \(Num.fixed(s, 4))"
        if let e = result.chshStdError { label += " \(theme.unicode ? "±" : "+/-") \(Num.fixed(e, 4))" }
        label += s > 2 ? "  \(theme.check) Bell inequality violated" : "  \(theme.cross) not violated"
        c.put(theme.up, 0, col(s), .bold)
        c.put(label, 3, 0, s > 2 ? .good : .bad)
    }
}
