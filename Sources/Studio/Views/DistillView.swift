import QKD

/// Key distillation, one concept a step: the ledger down to the sample,
/// each Cascade pass (block size, blocks whose parities disagreed), one
/// binary search narrowing onto an error, verification, and privacy
/// amplification shrinking the key. Drawn from the run's trace.
struct DistillView: StudioView {
    /// The protocol's side of the ledger: what it sent, detected and sifted.
    struct Source {
        var protocolName: String
        var seed: UInt64
        var sent: (count: Int, label: String, what: String)
        var detected: (count: Int, what: String)
        var sifted: (count: Int, what: String)
        var key: (count: Int, what: String)
        /// Why the run stopped before distillation (QBER or S out of bounds), if it did.
        var abortReason: String?
    }

    let source: Source
    let distillation: DistillationReport?
    let theme: Theme
    var name: String { "distill" }
    var title: String { "Key distillation \(theme.unicode ? "—" : "-") \(source.protocolName), seed \(source.seed)" }

    init(result r: BB84Result, distillation: DistillationReport?, theme: Theme) {
        source = Source(protocolName: "BB84", seed: r.seed,
                        sent: (r.photons, "sent", "pulses Alice sent"),
                        detected: (r.detected, "Bob's detector clicked"),
                        sifted: (r.sifted, "bases matched"),
                        key: (r.keyBits, "after the \(Num.count(r.sampleBits))-bit sample was disclosed (\(Num.count(r.sampleErrors)) errors) and thrown away"),
                        abortReason: r.aborted ? (r.abortReason ?? "aborted") : nil)
        self.distillation = distillation
        self.theme = theme
    }

    init(e91 r: E91Result, distillation: DistillationReport?, note: String?, theme: Theme) {
        source = Source(protocolName: "E91", seed: r.seed,
                        sent: (r.pairs, "pairs", "entangled pairs from the source"),
                        detected: (r.detected, "both detectors clicked"),
                        sifted: (r.keyBits, "settings matched (the others test CHSH)"),
                        key: (r.keyBits, "\(Num.count(r.keyErrors)) errors (QBER \(r.qber.map { Num.percent($0) } ?? "none: no key bits"))"),
                        abortReason: distillation == nil ? note : nil)
        self.distillation = distillation
        self.theme = theme
    }

    enum Stage {
        case ledger(Int)          // sent, detected, sifted, key
        case pass(CascadeTrace.Pass)
        /// Consecutive passes with no disagreeing block, as one step.
        case idle(first: Int, last: Int)
        case search(CascadeTrace.Search)
        case verify
        case amplify
        /// The run ended without a key before distillation.
        case aborted(String)
    }

    var stages: [Stage] {
        var out: [Stage] = (0..<4).map { .ledger($0) }
        guard let d = distillation else {
            if let reason = source.abortReason { out.append(.aborted(reason)) }
            return out
        }
        let trace = d.reconciliation.trace
        var i = 0
        let passes = trace.passes
        while i < passes.count {
            let p = passes[i]
            if p.disagreeingBlockCount == 0 {
                var j = i
                while j + 1 < passes.count && passes[j + 1].disagreeingBlockCount == 0 { j += 1 }
                out.append(j > i ? .idle(first: p.index, last: passes[j].index) : .pass(p))
                i = j + 1
                continue
            }
            out.append(.pass(p))
            // The first binary search of this pass, inside it.
            if let s = trace.searches.first(where: { $0.pass == p.index && !$0.steps.isEmpty }) { out.append(.search(s)) }
            i += 1
        }
        out += [.verify, .amplify]
        return out
    }
    var steps: Int { stages.count }

    var ledger: [(String, Int, String)] {
        [(source.sent.label, source.sent.count, source.sent.what),
         ("detected", source.detected.count, source.detected.what),
         ("sifted", source.sifted.count, source.sifted.what),
         ("key", source.key.count, source.key.what)]
    }

    static func blocks(_ n: Int) -> String { n == 1 ? "1 block disagrees" : "\(Num.count(n)) blocks disagree" }

    func narration(step: Int) -> String {
        switch stages[min(step, stages.count - 1)] {
        case .ledger(let i):
            let s = ledger[i]
            var t = "\(s.0.capitalized): \(Num.count(s.1)) bits \(theme.unicode ? "—" : "-") \(s.2)."
            if i == 3 && distillation == nil && source.abortReason == nil { t += " Run with --distill to follow Cascade and privacy amplification." }
            return t
        case .pass(let p):
            let cut = p.index == 0 ? "the key is cut into" : "the key is shuffled, then cut into"
            let odd = p.disagreeingBlockCount == 0 ? "none holds an odd number of errors" : "each holds an odd number of errors"
            return "Cascade pass \(p.index + 1): \(cut) \(Num.count(p.blockCount)) blocks of \(p.blockSize) bits. Alice announces each block's parity; \(Self.blocks(p.disagreeingBlockCount)), so \(odd)."
        case .idle(let a, let b):
            return "Cascade passes \(a + 1)\(theme.unicode ? "–" : "-")\(b + 1): no disagreeing blocks. The parities still go out (and leak), but every block already agrees."
        case .search(let s):
            return "Binary search in block \(s.block) of pass \(s.pass + 1): halve the block, compare the parity of one half, keep the half that disagrees. \(s.steps.count) parities later one bit is left, and Bob flips it."
        case .verify:
            let v = distillation!.reconciliation
            return v.verified ? "Verification: both hash the corrected key with a random polynomial hash; the 64-bit tags agree, so the keys are equal (up to a tiny collision chance)."
                : "Verification failed: the tags differ, so the keys are not equal and the run aborts."
        case .amplify:
            let d = distillation!
            return d.aborted.map { "Aborted: no key. \($0)" } ?? "Privacy amplification: a random Toeplitz matrix hashes \(Num.count(d.reconciliation.bits)) bits down to \(Num.count(d.finalKeyBits)), removing everything Eve could know from the QBER and the leaked parities."
        case .aborted(let reason):
            return "Aborted: no key. \(reason)"
        }
    }

    func draw(into c: Canvas, size: Size, step: Int) {
        c.put(title, 0, 0, .bold)
        let current = stages[min(step, stages.count - 1)]
        let barWidth = max(10, size.cols - 40)
        let maxBits = max(1, source.sent.count)
        // The ledger always shows what has been reached so far.
        var y = 2
        let ledgerShown: Int = { if case .ledger(let i) = current { return i } else { return 3 } }()
        for i in 0...ledgerShown {
            let s = ledger[i]
            c.put(s.0, y, 0, i == ledgerShown ? .bold : .normal)
            c.put(Num.count(s.1).leftPadded(12), y, 10)
            c.put(theme.bar(Double(s.1) / Double(maxBits), width: barWidth), y, 24, .accent)
            y += 1
        }
        if case .aborted(let reason) = current {
            c.put("\(theme.cross) aborted: no key", y + 1, 0, .bad)
            c.put(reason, y + 2, 2)
            return
        }
        guard let d = distillation else { return }
        let rec = d.reconciliation
        y += 1
        switch current {
        case .ledger, .aborted: break
        case .idle(let a, let b):
            c.put("passes \(a + 1)\(theme.unicode ? "–" : "-")\(b + 1): no disagreeing blocks", y, 0, .bold)
        case .pass(let p):
            c.put("pass \(p.index + 1): \(Num.count(p.blockCount)) blocks of \(p.blockSize) bits", y, 0, .bold)
            y += 1
            // One cell a block, up to a screen row: ✗ where the parities disagreed.
            let cut = p.blockCount > size.cols - 2
            let cells = min(p.blockCount, size.cols - 3)
            let bad = Set(p.disagreeingBlocks)
            var row = ""
            for b in 0..<cells { row += bad.contains(b) ? theme.cross : theme.dot }
            if cut { row += theme.unicode ? "…" : ">" }   // more blocks than the row holds
            c.put(row, y, 0, .normal)
            for b in 0..<cells where bad.contains(b) { c.put(theme.cross, y, b, .bad) }
            y += 1
            c.put("\(theme.cross) \(Self.blocks(p.disagreeingBlockCount))   parities disclosed \(Num.count(p.disclosedParities))   inferred free \(Num.count(p.inferredParities))", y, 0, .dim)
        case .search(let s):
            c.put("binary search, pass \(s.pass + 1), block \(s.block)\(s.cascade ? " (found again by the cascade effect)" : "")", y, 0, .bold)
            y += 1
            guard let first = s.steps.first else { return }
            let span = max(1, first.range.count)
            let width = min(size.cols - 14, 64)
            for st in s.steps.prefix(max(0, size.rows - y - 3)) {
                let from = (st.range.lowerBound - first.range.lowerBound) * width / span
                let len = max(1, st.range.count * width / span)
                let differ = st.aliceParity != st.bobParity
                c.put(String(repeating: theme.unicode ? "▬" : "=", count: len), y, 2 + from, differ ? .bad : .good)
                c.put(differ ? "\(theme.cross) differ" : "\(theme.check) agree", y, 2 + width + 2, differ ? .bad : .good)
                y += 1
            }
            c.put("error at bit \(s.correctedIndex): Bob flips it", y, 2, .bold)
        case .verify:
            c.put("leaked by Cascade   \(Num.count(rec.leakedBits)) parity bits in \(Num.count(rec.messages)) messages, f = \(String(format: "%.3f", rec.efficiency))", y, 0)
            c.put("verification        " + (rec.verified ? "\(theme.check) tags equal" : "\(theme.cross) tags differ"), y + 1, 0, rec.verified ? .good : .bad)
        case .amplify:
            c.put("reconciled", y, 0); c.put(Num.count(rec.bits).leftPadded(12), y, 10)
            c.put(theme.bar(Double(rec.bits) / Double(maxBits), width: barWidth), y, 24, .accent)
            if let a = d.aborted {
                c.put("\(theme.cross) aborted: no key", y + 1, 0, .bad)
                c.put(a, y + 2, 2)
                return
            }
            c.put("final key", y + 1, 0, .bold); c.put(Num.count(d.finalKeyBits).leftPadded(12), y + 1, 10)
            c.put(theme.bar(Double(d.finalKeyBits) / Double(maxBits), width: barWidth), y + 1, 24, .good)
            if let bound = d.ledger.eveInformationBoundAfterPA {
                c.put("Eve knew \(Num.count(d.ledger.eveKnownBitsBefore ?? 0)) bits before; after hashing at most \(String(format: "%.1e", bound)) bits", y + 3, 0, .dim)
            }
        }
    }
}
