import QKD

/// BB84 timeline: one column per photon, revealed one step at a time; the
/// last step collapses the kept columns into the sifted key.
struct BB84View: StudioView {
    let result: BB84Result
    let theme: Theme
    var name: String { "bb84" }
    var title: String { "BB84 timeline \(theme.unicode ? "—" : "-") \(Num.count(result.photons)) photons, seed \(result.seed)" }
    var rows: [BB84PhotonRow] { result.rows }
    var eve: Bool { result.configuration.eve != .none }
    /// Step 0: nothing sent; 1…n: photons; n+1: sifting.
    var steps: Int { rows.isEmpty ? 1 : rows.count + 2 }

    func narration(step: Int) -> String {
        if rows.isEmpty { return "This run kept no photon rows: run bb84 with --show N (e.g. --show 20) to watch photons one by one." }
        if step == 0 { return "Alice picks a random bit and a random basis for each photon. Press Space or \(theme.right) to send the first one." }
        if step > rows.count {
            let kept = rows.filter(\.kept).count
            return "Sifting: Alice and Bob announce their bases (never the bits) and keep the \(kept) photons where the bases matched. Errors in kept bits reveal noise or Eve."
        }
        let r = rows[step - 1]
        var s = "Photon \(r.index): Alice sends bit \(r.aliceBit ? 1 : 0) in the \(theme.basis(r.aliceBasis)) basis (\(theme.polarization(r.sentAngle)))."
        if let eb = r.eveBasis { s += " Eve measures in \(theme.basis(eb)) and resends." }
        if !r.detected { return s + " The photon is lost: Bob's detector stays silent." }
        s += " Bob measures in \(theme.basis(r.bobBasis))"
        if r.kept { s += r.error ? ": bases match, but his bit differs, an error." : ": bases match, the bit is kept." }
        else { s += ": bases differ, so his result is random and the bit is discarded." }
        return s
    }

    func draw(into c: Canvas, size: Size, step: Int) {
        c.put(title, 0, 0, .bold)
        if rows.isEmpty {
            c.put("No per-photon rows in this run: try  bb84 --photons 200 --show 20", 2, 0, .warn)
            summary(c, from: 4)
            return
        }
        let labelWidth = 12
        let visible = max(1, (size.cols - labelWidth) / 3)
        let shown = min(step, rows.count)
        let start = max(0, min(shown - visible, rows.count - visible))
        var labels = ["photon", "Alice bit", "Alice basis", "sent"]
        if eve { labels += ["Eve basis", "Eve got"] }
        labels += ["Bob basis", "Bob got", "kept", "error"]
        let top = 2
        for (i, l) in labels.enumerated() { c.put(l, top + i, 0, .dim) }
        for k in start..<min(rows.count, start + visible) {
            let x = labelWidth + (k - start) * 3
            let r = rows[k]
            let current = k == shown - 1 && step <= rows.count
            c.put(String(r.index % 1000), top, x, current ? .inverse : .dim)
            guard k < shown else { continue }
            var cells: [(String, Ink)] = [(r.aliceBit ? "1" : "0", .normal), (theme.basis(r.aliceBasis), .accent),
                                          (theme.polarization(r.sentAngle), .bold)]
            if eve {
                cells.append((r.eveBasis.map(theme.basis) ?? theme.dot, .warn))
                cells.append((r.eveResult.map { $0 ? "1" : "0" } ?? theme.dot, .warn))
            }
            cells.append((theme.basis(r.bobBasis), .accent))
            cells.append((r.bobResult.map { $0 ? "1" : "0" } ?? theme.lost, r.detected ? .normal : .dim))
            cells.append((r.kept ? theme.check : theme.dot, r.kept ? .good : .dim))
            cells.append((r.error ? theme.cross : " ", .bad))
            for (i, cell) in cells.enumerated() { c.put(cell.0, top + 1 + i, x, cell.1) }
        }
        var y = top + labels.count + 1
        let revealed = rows.prefix(shown)
        let kept = revealed.filter(\.kept).count, lost = revealed.filter { !$0.detected }.count
        let errors = revealed.filter(\.error).count
        c.put("sent \(shown)/\(rows.count):  \(theme.check) kept \(kept)   \(theme.dot) discarded \(shown - kept - lost)   \(theme.lost) lost \(lost)   \(theme.cross) errors \(errors)", y, 0)
        y += 1
        if step > rows.count {
            let sifted = rows.filter(\.kept)
            c.put("sifted key", y, 0, .bold)
            let width = size.cols - labelWidth
            c.put("Alice", y + 1, 2, .dim); c.put("Bob", y + 2, 2, .dim)
            for (i, r) in sifted.prefix(width).enumerated() {
                c.put(r.aliceBit ? "1" : "0", y + 1, labelWidth + i, .good)
                let bob = (r.bobResult ?? false) ? "1" : "0"
                c.put(r.error ? theme.cross : bob, y + 2, labelWidth + i, r.error ? .bad : .good)
            }
            y += 3
        }
        // Four rows with its rule, three without it; the figures come first.
        if size.rows - y >= 4 { summary(c, from: size.rows - 4) }
        else if size.rows - y == 3 { summary(c, from: size.rows - 4, rule: false) }
    }

    /// The whole run's counts, not just the rows shown.
    func summary(_ c: Canvas, from y: Int, rule: Bool = true) {
        let r = result
        if rule { c.hline(y) }
        c.put("whole run: detected \(Num.count(r.detected))  sifted \(Num.count(r.sifted))  sample \(Num.count(r.sampleBits)) (\(Num.count(r.sampleErrors)) errors)", y + 1, 0)
        // The figures the text report gives and the quizzes ask for: both QBERs, what Eve knows.
        var figures = "QBER (sample) \(Num.percent(r.qber))  true QBER \(Num.percent(r.trueQber))"
        if eve { figures += "  Eve knows \(Num.count(r.eveKnownBits)) of \(Num.count(r.sifted)) sifted bits" }
        c.put(figures, y + 2, 0)
        if r.aborted { c.put("verdict \(theme.cross) ABORT: \(r.abortReason ?? "")", y + 3, 0, .bad) }
        else { c.put("verdict \(theme.check) KEEP: \(Num.count(r.keyBits)) key bits remain", y + 3, 0, .good) }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
