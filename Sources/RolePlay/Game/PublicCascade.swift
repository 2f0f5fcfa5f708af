// Cascade as public messages (Brassard & Salvail, EUROCRYPT 1993): each
// block parity, question and answer crosses the channel, where Eve reads and
// may alter it. QKD's `Cascade` runs both sides in one call on packed bits,
// which is right for long keys but leaves no message to tamper with; here
// the block sizes come from `CascadeVariant.original` and every exchange is
// a `PublicMessage`. Sub-block reuse is left out: keys are short.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import QKD
import QuantumSim

/// One parity Alice disclosed: XOR of her key bits at `positions` (indices
/// into her key, i.e. into the sifted-minus-sample bits in photon order).
struct ParityEquation: Sendable, Equatable {
    var positions: [Int]
    var parity: Int
}

struct CascadeOutcome: Sendable {
    /// Parities Alice sent (block parities and answers).
    var aliceParities = 0
    /// Bob's one-bit disclosures: one per block per pass (which disagree),
    /// one per question (which half he continues in).
    var bobBits = 0
    var equations: [ParityEquation] = []
    var passes = 0
    /// Question/answer rounds.
    var rounds = 0
    /// The safety cap stopped the searches (only possible with tampered messages).
    var capped = false
}

extension BB84Game {
    /// Cascade needs a positive QBER to size its blocks (k1 = ⌈0.73/Q⌉); with
    /// an error-free sample it plans for this.
    static let cascadePlanningFloor = 0.01

    /// The public shuffle of pass `pass` (pass 0 keeps the order): Fisher–Yates
    /// driven by a stream seeded with the announced seed, so both sides (and
    /// Eve) derive it. Entry i is the key index at shuffled position i.
    static func cascadeShuffle(count n: Int, seed: UInt64, pass: Int) -> [Int] {
        var order = Array(0..<n)
        guard pass > 0, n > 1 else { return order }
        var stream = RandomStream(seed: seed, name: "cascade.shuffle")
        for i in stride(from: n - 1, to: 0, by: -1) {
            order.swapAt(i, stream.nextInt(below: i + 1))
        }
        return order
    }

    static func parity(_ key: [Int], _ order: [Int], _ lo: Int, _ hi: Int) -> Int {
        var p = 0
        var i = max(0, lo)
        let end = min(hi, order.count)
        while i < end { p ^= key[order[i]] & 1; i += 1 }
        return p
    }

    mutating func runCascade(events: inout [GameEvent]) {
        let a = aliceKey ?? []
        var b = bobRawKey ?? []
        let nA = a.count, nB = b.count
        var out = CascadeOutcome()
        defer { bobCorrected = b; cascade = out }
        guard nA > 0 else { return }
        let report = aliceReceivedReport ?? (0, 0)
        let measured = report.checked > 0 ? Double(report.errors) / Double(report.checked) : 0
        let q = min(max(measured, Self.cascadePlanningFloor), 0.45)
        let sizes = CascadeVariant.original.blockSizes(keyBits: nA, estimatedQber: q)
        var aliceOrders: [[Int]] = []
        var bobPasses: [(order: [Int], size: Int, top: [Int])] = []
        // A wave takes at most ⌈log2 n⌉ rounds, and an honest run needs a few
        // waves per pass (measured: at most 60 rounds for 1,400 bits at 5–25%
        // QBER, 4 seeds each); the cap only matters when Eve feeds Bob false
        // parities that make his searches chase each other, and it bounds the log.
        let roundCap = 4 * sizes.count * (Int(log2(Double(nB + 1)).rounded(.up)) + 1)
        var iterations = 0

        for (pass, size) in sizes.enumerated() {
            out.passes += 1
            let seed: UInt64 = pass == 0 ? 0 : random.cascade.nextWord()
            let orderA = Self.cascadeShuffle(count: nA, seed: seed, pass: pass)
            aliceOrders.append(orderA)
            var parities: [Int] = []
            for lo in stride(from: 0, to: nA, by: size) {
                let hi = min(lo + size, nA)
                let p = Self.parity(a, orderA, lo, hi)
                parities.append(p)
                out.equations.append(ParityEquation(positions: Array(orderA[lo..<hi]), parity: p))
            }
            out.aliceParities += parities.count
            let count = parities.count
            let delivered = transmit(.blockParities(pass: pass, shuffleSeed: seed, blockSize: size, parities: parities),
                                     from: .alice, events: &events) { body in
                if case let .blockParities(p, _, s, par) = body {
                    return p == pass && s >= 1 && s <= GameConfig.photonLimit && par.count == count
                        && par.allSatisfy { $0 == 0 || $0 == 1 }
                }
                return false
            }
            guard case let .blockParities(_, seedB, sizeB, topB) = delivered else { return }
            let orderB = Self.cascadeShuffle(count: nB, seed: seedB, pass: pass)
            bobPasses.append((orderB, sizeB, topB))
            out.bobBits += (nB + sizeB - 1) / sizeB

            // Search every odd block, earliest pass first (the cascade effect
            // reopens blocks of earlier passes), one wave of disjoint blocks at a time.
            while out.rounds < roundCap && iterations < roundCap {
                iterations += 1
                guard let (r, odd) = Self.earliestOddBlocks(b, bobPasses) else { break }
                let (order, blockSize, _) = bobPasses[r]
                var searches: [ParityRange] = []
                for j in odd {
                    let range = ParityRange(pass: r, start: j * blockSize, end: min((j + 1) * blockSize, nB))
                    if range.end - range.start == 1 { b[order[range.start]] ^= 1 } else { searches.append(range) }
                }
                while !searches.isEmpty && out.rounds < roundCap {
                    out.rounds += 1
                    let questions = searches.map {
                        ParityRange(pass: $0.pass, start: $0.start, end: ($0.start + $0.end) / 2)
                    }
                    out.bobBits += questions.count
                    let askedCount = questions.count
                    let deliveredQ = transmit(.parityQuestion(questions), from: .bob, events: &events) { body in
                        if case let .parityQuestion(qs) = body {
                            return qs.count == askedCount
                                && qs.allSatisfy { $0.pass >= 0 && $0.start >= 0 && $0.start < $0.end && $0.end <= GameConfig.photonLimit }
                        }
                        return false
                    }
                    guard case let .parityQuestion(asked) = deliveredQ else { return }
                    // Alice answers what reached her, from her own key.
                    var answers: [Int] = []
                    for range in asked {
                        guard range.pass < aliceOrders.count else { answers.append(0); continue }
                        let orderA = aliceOrders[range.pass]
                        let p = Self.parity(a, orderA, range.start, range.end)
                        answers.append(p)
                        let lo = min(range.start, nA), hi = min(range.end, nA)
                        out.equations.append(ParityEquation(positions: Array(orderA[lo..<hi]), parity: p))
                    }
                    out.aliceParities += answers.count
                    let deliveredA = transmit(.parityAnswer(answers), from: .alice, events: &events) { body in
                        if case let .parityAnswer(p) = body { return p.count == askedCount && p.allSatisfy { $0 == 0 || $0 == 1 } }
                        return false
                    }
                    guard case let .parityAnswer(got) = deliveredA else { return }
                    // BINARY: the error is in the half whose parities disagree.
                    var next: [ParityRange] = []
                    for (s, answer) in zip(searches, got) {
                        let mid = (s.start + s.end) / 2
                        let mine = Self.parity(b, order, s.start, mid)
                        let half = mine != answer
                            ? ParityRange(pass: s.pass, start: s.start, end: mid)
                            : ParityRange(pass: s.pass, start: mid, end: s.end)
                        if half.end - half.start == 1 { b[order[half.start]] ^= 1 } else { next.append(half) }
                    }
                    searches = next
                }
            }
            if out.rounds >= roundCap || iterations >= roundCap { out.capped = true; break }
        }
    }

    /// The earliest pass with blocks whose parity (Bob's) differs from
    /// Alice's announced one, and those blocks.
    static func earliestOddBlocks(_ b: [Int], _ passes: [(order: [Int], size: Int, top: [Int])]) -> (Int, [Int])? {
        for (r, pass) in passes.enumerated() {
            var odd: [Int] = []
            var j = 0
            var lo = 0
            while lo < b.count {
                let top = j < pass.top.count ? pass.top[j] : 0
                if parity(b, pass.order, lo, lo + pass.size) != top { odd.append(j) }
                j += 1
                lo += pass.size
            }
            if !odd.isEmpty { return (r, odd) }
        }
        return nil
    }
}
