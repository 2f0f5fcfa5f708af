// Cascade information reconciliation (Brassard & Salvail, EUROCRYPT 1993).
// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

public struct CascadeResult: Codable, Sendable {
    /// Bob's key after correction.
    public var correctedKey: BitVector
    /// Parity bits Alice revealed: block parities plus every binary-search step.
    public var leakedBits: Int
    /// Bits Bob's messages reveal: for every block of every pass whether it
    /// disagrees, and for every search step which half holds the error. They
    /// depend on his key, so they leak too (Tupkary & Lütkenhaus,
    /// arXiv:2307.00576); the pipeline counts them.
    public var bobDisclosedBits: Int
    /// Errors between the two keys before reconciliation (simulator knowledge).
    public var initialErrors: Int
    /// Round trips on the public channel (see README: searches of one pass run
    /// in parallel, one round trip per level).
    public var messages: Int
    /// Bits still differing from Alice's key (known only to the simulator).
    public var residualErrors: Int
    /// f = leakedBits / (n·h(estimated QBER)) (Martinez-Mateo et al., arXiv:1407.3257, Eq. 2);
    /// the estimate-based figure. See `actualEfficiency` for the frame's own.
    public var efficiency: Double
    public var passes: Int
    public var trace: CascadeTrace
    public var variant: CascadeVariant
    public var estimatedQber: Double
    public var blockSizes: [Int]
    /// Bits Bob flipped.
    public var correctedBits: Int

    /// Alice's parities against n·h(actual error rate) of this frame; nil for
    /// an error-free frame.
    public var actualEfficiency: Double? {
        let n = correctedKey.count
        guard n > 0, initialErrors > 0 else { return nil }
        return Double(leakedBits) / (Double(n) * DistillationMath.binaryEntropy(Double(initialErrors) / Double(n)))
    }
}

public enum Cascade {
    /// 2.5×10^7 bits, as for a whole distillation: option8 at 5% QBER takes about 30 s
    /// there on this project's 2-core machine, and 10^8 bits took 116 s (Benchmarks/README.md).
    public static let maxKeyBits = 25_000_000
    public static let defaultTraceLimit = 20_000

    /// Reconciles Bob's key with Alice's. Alice's key is read only to answer
    /// parity questions, as she would over the public channel; `random` draws
    /// the public shuffles.
    public static func reconcile(
        alice: BitVector, bob: BitVector, estimatedQber: Double,
        variant: CascadeVariant, random: inout RandomStream,
        traceLimit: Int = defaultTraceLimit, cancellation: CancellationToken? = nil
    ) throws -> CascadeResult {
        try validate(alice: alice, bob: bob, estimatedQber: estimatedQber)
        let n = alice.count
        let sizes = variant.blockSizes(keyBits: n, estimatedQber: estimatedQber)
        var engine = CascadeEngine(
            alice: alice, bob: bob, sizes: sizes, reuse: variant.reusesSubBlocks,
            infer: variant.infersLastBlockParity, traceLimit: traceLimit)
        engine.cancellation = cancellation
        let initial = alice.hammingDistance(to: bob)
        for q in sizes.indices {
            if cancellation?.isCancelled == true { throw CancelledError() }
            try engine.startPass(q, random: &random)
        }
        let corrected = engine.bob[0]
        let ideal = Double(n) * DistillationMath.binaryEntropy(estimatedQber)
        return CascadeResult(
            correctedKey: corrected, leakedBits: engine.leaked, bobDisclosedBits: engine.bobBits,
            initialErrors: initial, messages: engine.messages,
            residualErrors: corrected.hammingDistance(to: alice),
            efficiency: Double(engine.leaked) / ideal, passes: sizes.count,
            trace: engine.trace, variant: variant, estimatedQber: estimatedQber,
            blockSizes: sizes, correctedBits: engine.flips)
    }

    static func validate(alice: BitVector, bob: BitVector, estimatedQber: Double) throws {
        guard alice.count == bob.count else {
            throw DistillationError.lengthMismatch(alice: alice.count, bob: bob.count)
        }
        guard alice.count > 0 else { throw DistillationError.emptyKey }
        guard alice.count <= maxKeyBits else {
            throw DistillationError.keyTooLong(bits: alice.count, maximum: maxKeyBits)
        }
        guard estimatedQber > 0, estimatedQber < 0.5 else {
            throw DistillationError.qberOutOfRange(estimatedQber)
        }
    }
}

/// The state of one run. Each pass keeps shuffled copies of both keys, so a
/// block is a contiguous range and its parity a word-level popcount; the
/// error parity of every top-level block is kept up to date on each flip,
/// which makes the cascade effect O(passes) per corrected bit.
struct CascadeEngine {
    let n: Int
    let sizes: [Int]
    let reuse: Bool
    let infer: Bool
    var perms: [PassPermutation?] = []
    var alice: [BitVector] = []
    var bob: [BitVector] = []
    var aliceTop: [[Bool]] = []
    var oddTop: [[Bool]] = []
    var pending: [[Int]] = []
    /// Alice's parities of sub-blocks already revealed or inferred.
    var known: [UInt64: Bool] = [:]
    var aliceKeyParity = false
    var leaked = 0
    /// Bob's one-bit answers: block agrees or not, error in left or right half.
    var bobBits = 0
    var cancellation: CancellationToken?
    var messages = 0
    var flips = 0
    var current = -1
    var trace: CascadeTrace

    init(alice a: BitVector, bob b: BitVector, sizes: [Int], reuse: Bool, infer: Bool, traceLimit: Int) {
        n = a.count
        self.sizes = sizes
        self.reuse = reuse
        self.infer = infer
        alice = [a]
        bob = [b]
        perms = [nil]
        trace = CascadeTrace(limit: max(0, traceLimit))
    }

    @inline(__always)
    static func key(_ q: Int, _ lo: Int, _ hi: Int) -> UInt64 {
        UInt64(q) << 58 | UInt64(lo) << 29 | UInt64(hi)
    }

    mutating func startPass(_ q: Int, random: inout RandomStream) throws {
        current = q
        if q > 0 {
            // A fresh public shuffle per pass spreads clustered errors apart.
            let p = PassPermutation(count: n, random: &random)
            guard let (a, b) = Self.shuffle(alice[0], bob[0], p, cancellation: cancellation) else { throw CancelledError() }
            perms.append(p)
            alice.append(a)
            bob.append(b)
        }
        let k = sizes[q]
        let blocks = (n + k - 1) / k
        var top = [Bool](repeating: false, count: blocks)
        var odd = [Bool](repeating: false, count: blocks)
        var list: [Int] = []
        var keyParity = false
        for blk in 0..<blocks {
            let r = blk * k ..< min(n, blk * k + k)
            top[blk] = alice[q].parity(r)
            keyParity = keyParity != top[blk]
            odd[blk] = top[blk] != bob[q].parity(r)
            if odd[blk] { list.append(blk) }
        }
        if q == 0 { aliceKeyParity = keyParity }
        // The parity of the whole key is known after pass 1 and does not change
        // under shuffling, so one block per later pass needs no message.
        let inferred = (q > 0 && infer) ? 1 : 0
        let disclosed = blocks - inferred
        leaked += disclosed
        bobBits += blocks
        if disclosed > 0 { messages += 1 }
        aliceTop.append(top)
        oddTop.append(odd)
        pending.append(list)
        let details = trace.reserve(list.count)
        trace.passes.append(CascadeTrace.Pass(
            index: q, blockSize: k, blockCount: blocks, disclosedParities: disclosed,
            inferredParities: inferred, disagreeingBlockCount: list.count,
            disagreeingBlocks: details ? list : []))
        try processPending()
    }

    /// Both keys in the order of permutation `p`; nil when `cancellation`
    /// was set (checked every 2^18 positions).
    static func shuffle(_ a: BitVector, _ b: BitVector, _ p: PassPermutation,
                        cancellation: CancellationToken? = nil) -> (BitVector, BitVector)? {
        var stopped = false
        let n = a.count
        var ao = [UInt64](repeating: 0, count: a.words.count)
        var bo = [UInt64](repeating: 0, count: b.words.count)
        a.words.withUnsafeBufferPointer { aw in
            b.words.withUnsafeBufferPointer { bw in
                ao.withUnsafeMutableBufferPointer { ao in
                    bo.withUnsafeMutableBufferPointer { bo in
                        @inline(__always) func put(_ j: Int, _ s: Int) {
                            let sh = UInt64(s & 63), dh = UInt64(j & 63)
                            ao[j &>> 6] |= ((aw[s &>> 6] &>> sh) & 1) &<< dh
                            bo[j &>> 6] |= ((bw[s &>> 6] &>> sh) & 1) &<< dh
                        }
                        switch p {
                        case let .table(f, _):
                            f.withUnsafeBufferPointer { f in
                                for j in 0..<n { put(j, Int(f[j])) }   // ≤ 2^16 entries: no check needed
                            }
                        case let .feistel(fp):
                            // Four independent lookups per iteration let the
                            // CPU overlap their multiply chains.
                            var j = 0
                            while j + 4 <= n {
                                if j & 0x3_FFFF == 0, cancellation?.isCancelled == true { stopped = true; return }
                                let (s0, s1, s2, s3) = fp.forward4(j)
                                put(j, s0); put(j + 1, s1); put(j + 2, s2); put(j + 3, s3)
                                j += 4
                            }
                            while j < n { put(j, fp.forward(j)); j += 1 }
                        }
                    }
                }
            }
        }
        if stopped { return nil }
        return (BitVector(words: ao, count: n), BitVector(words: bo, count: n))
    }

    /// Runs binary searches until every block of every pass so far has even
    /// error parity. One wave takes all odd blocks of the earliest (smallest
    /// blocks) pass; those are disjoint, so they run in parallel and the wave
    /// costs as many round trips as its deepest search asks.
    mutating func processPending() throws {
        var firstWave = true
        var searches = 0
        while let q = (0...current).first(where: { !pending[$0].isEmpty }) {
            let list = pending[q]
            pending[q] = []
            var deepest = 0
            var searched = false
            for blk in list where oddTop[q][blk] {
                searches &+= 1
                if searches & 1023 == 0, cancellation?.isCancelled == true { throw CancelledError() }
                let asks = searchAndCorrect(q, blk, cascade: !(firstWave && q == current))
                deepest = max(deepest, asks)
                searched = true
            }
            if searched { trace.waves += 1 }
            messages += deepest
            firstWave = false
        }
    }

    /// BINARY on block `blk` of pass `q` (Brassard & Salvail 1993): halve the
    /// block, compare the left half's parity, keep the odd half. Returns the
    /// number of parities Alice had to send.
    mutating func searchAndCorrect(_ q: Int, _ blk: Int, cascade: Bool) -> Int {
        let k = sizes[q]
        var lo = blk * k
        var hi = min(n, lo + k)
        var aliceNode = aliceTop[q][blk]
        var asks = 0
        var record = trace.reserve(1)
        var steps: [CascadeTrace.Step] = []
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            var aliceLeft: Bool
            var disclosed = false
            if reuse, let v = known[Self.key(q, lo, mid)] {
                aliceLeft = v
            } else if reuse, let v = known[Self.key(q, mid, hi)] {
                aliceLeft = aliceNode != v
            } else {
                aliceLeft = alice[q].parity(lo..<mid)
                disclosed = true
                asks += 1
                if reuse {
                    known[Self.key(q, lo, mid)] = aliceLeft
                    known[Self.key(q, mid, hi)] = aliceNode != aliceLeft
                }
            }
            let bobLeft = bob[q].parity(lo..<mid)
            bobBits += 1
            if disclosed { trace.disclosedSteps += 1 } else { trace.reusedSteps += 1 }
            if record {
                if trace.reserve(1) {
                    steps.append(CascadeTrace.Step(
                        range: lo..<mid, aliceParity: aliceLeft, bobParity: bobLeft, disclosed: disclosed))
                } else {
                    record = false
                }
            }
            if aliceLeft != bobLeft {
                hi = mid
                aliceNode = aliceLeft
            } else {
                lo = mid
                aliceNode = aliceNode != aliceLeft
            }
        }
        leaked += asks
        let index = perms[q]?.forward(lo) ?? lo
        flip(index)
        trace.searchCount += 1
        if record {
            trace.searches.append(CascadeTrace.Search(
                pass: q, block: blk, cascade: cascade, steps: steps,
                correctedPosition: lo, correctedIndex: index))
        }
        return asks
    }

    /// Flips Bob's bit `index` in every pass so far; blocks that turn odd are
    /// queued (the cascade effect).
    mutating func flip(_ index: Int) {
        flips += 1
        for q in 0...current {
            let j = perms[q]?.inverse(index) ?? index
            bob[q].flip(j)
            let blk = j / sizes[q]
            oddTop[q][blk].toggle()
            if oddTop[q][blk] { pending[q].append(blk) }
        }
    }
}
