import Foundation
import QuantumSim

/// BB84 (Bennett & Brassard, Proc. IEEE ICCSSP 1984, 175), simulated on
/// packed bits: 64 pulses per machine word, one word of each random stream
/// per batch. Per-pulse work happens only for the rare multi-photon pulses
/// of a weak laser.
///
/// Encoding: basis bit 0 = rectilinear, 1 = diagonal; key bit 0 = H or D,
/// 1 = V or A.
public enum BB84 {
    public static func run(_ config: BB84Configuration, cancellation: CancellationToken? = nil,
                           progress: ProgressReporter? = nil) throws -> BB84Result {
        try config.validate()
        if config.eve == .mitm { return try ManInTheMiddle.run(config, cancellation: cancellation) }
        var sim = Simulation(config)
        try sim.run(cancellation: cancellation, progress: progress)
        return sim.finish()
    }
}

/// Probability that the first of two photon-detection events on Breidbart's
/// basis disagrees with the state: sin²(22.5°), by Malus's law, for each of
/// the four BB84 states (they all sit 22.5° from a Breidbart vector).
let breidbartErrorProbability: Double = {
    let c = cos(22.5 * Double.pi / 180)
    return 1 - c * c
}()

private struct Simulation {
    let config: BB84Configuration
    var result: BB84Result

    // Independent streams: switching Eve on leaves Alice and Bob's choices alone.
    var aliceBits: RandomStream
    var aliceBasis: RandomStream
    var bobBasis: RandomStream
    var source: RandomStream
    var eve: RandomStream
    var channel: RandomStream
    var detector: RandomStream

    var intensity: RandomStream

    var aliceSifted = BitVector()
    var bobSifted = BitVector()
    /// Basis of each sifted bit, 1 = diagonal.
    var siftedBasis = BitVector()
    var decoyCounts: DecoyCounts?
    var eveKnowsSifted = BitVector()
    var eveCorrect = 0
    var eveTouched = 0

    // Fixed-point thresholds, computed once.
    let diagonalThreshold: BernoulliThreshold?
    let eta: BernoulliThreshold
    let etaDetector: Double
    /// Per intensity class (signal, decoys): vacuum, and multi-photon given not vacuum.
    let vacuumThresholds: [BernoulliThreshold]
    let multiThresholds: [BernoulliThreshold]
    /// Intensity choice: first decoy with p, second with p/(1 − p) among the rest.
    let decoyThresholds: [BernoulliThreshold]
    let eveThreshold: BernoulliThreshold
    let eveDiagonal: BernoulliThreshold?
    /// PNS: Eve's lossless line takes single photons straight to Bob's detector.
    let pnsSingleEta: BernoulliThreshold
    /// PNS at short range: fraction of multi-photon pulses she forwards unsplit.
    let pnsUnsplit: Double
    /// Per intensity: cumulative P(n ≤ 2 + i | n ≥ 2) of the Poisson tail, so a
    /// multi-photon pulse's photon number is a table lookup, not a loop of exp.
    let multiPhotonCDF: [[Double]]
    /// Blinding: fraction of her faked states Eve sends, to mimic the channel's loss.
    let blindingForward: BernoulliThreshold
    let pnsSingleBlock: BernoulliThreshold
    let pnsMultiForward: Double
    let breidbartWrong: BernoulliThreshold
    let depolarizing: BernoulliThreshold
    let misalignment: BernoulliThreshold
    let dark: BernoulliThreshold

    init(_ config: BB84Configuration) {
        self.config = config
        result = BB84Result(configuration: config)
        let rs = RandomSource(seed: config.seed)
        aliceBits = rs.stream("alice.bits")
        aliceBasis = rs.stream("alice.basis")
        bobBasis = rs.stream("bob.basis")
        source = rs.stream("source")
        eve = rs.stream("eve")
        channel = rs.stream("channel")
        detector = rs.stream("detector")
        intensity = rs.stream("intensity")

        let pDiagonal = 1 - config.rectilinearProbability
        diagonalThreshold = pDiagonal == 0.5 ? nil : BernoulliThreshold(pDiagonal)
        let etaTotal = config.channelTransmittance * config.detectorEfficiency
        eta = BernoulliThreshold(etaTotal)
        etaDetector = config.detectorEfficiency

        // Poisson photon number, e^−μ μ^n / n! (Glauber 1963), for each intensity.
        let mu = config.mu
        let intensities = config.intensities, weights = config.intensityProbabilities
        if config.source == .wcp {
            vacuumThresholds = intensities.map { BernoulliThreshold(exp(-$0)) }
            multiThresholds = intensities.map { m in
                let p0 = exp(-m), p1 = m * exp(-m)
                return BernoulliThreshold(p0 < 1 ? (1 - p0 - p1) / (1 - p0) : 0)
            }
        } else {
            vacuumThresholds = [BernoulliThreshold(0)]
            multiThresholds = [BernoulliThreshold(0)]
        }
        if config.decoys.isEmpty {
            decoyThresholds = []
            decoyCounts = nil
        } else {
            let q = config.decoyProbability
            decoyThresholds = [BernoulliThreshold(q), BernoulliThreshold(q / (1 - q))]
            decoyCounts = DecoyCounts(intensities: intensities, probabilities: weights)
        }
        eveThreshold = BernoulliThreshold(config.eve == .none ? 0 : config.eveFraction)
        eveDiagonal = config.eveRectilinearProbability == 0.5 ? nil : BernoulliThreshold(1 - config.eveRectilinearProbability)
        breidbartWrong = BernoulliThreshold(breidbartErrorProbability)
        depolarizing = BernoulliThreshold(config.depolarizing)
        misalignment = BernoulliThreshold(config.misalignment)
        dark = BernoulliThreshold(config.darkCount)

        // PNS (Brassard et al. 2000): Eve keeps one photon of each multi-photon
        // pulse and forwards the rest to Bob over a lossless line; single
        // photons that she lets through travel that line too. She sees photon
        // numbers, never intensities, so with decoys she tunes her attack to
        // the mixture Σ_k p_k Poisson(μ_k) and Bob's overall detection rate.
        var expected = 0.0, single1 = 0.0, multiSplit = 0.0, multiWhole = 0.0
        let single = config.source == .single
        for (m, w) in zip(single ? [1.0] : intensities, weights) {
            if single { expected += w * etaTotal; single1 += w; continue }
            expected += w * -expm1(-m * etaTotal)          // 1 − e^{−μη}
            var pn = m * exp(-m)
            single1 += w * pn
            for n in 2...200 {
                pn *= m / Double(n)
                if pn < 1e-300 { break }
                multiSplit += w * pn * (1 - pow(1 - etaDetector, Double(n - 1)))
                multiWhole += w * pn * (1 - pow(1 - etaDetector, Double(n)))
            }
        }
        if config.eve == .pns {
            pnsSingleEta = BernoulliThreshold(etaDetector)
            let singleYield = single1 * etaDetector
            if multiSplit >= expected {
                (pnsSingleBlock, pnsMultiForward, pnsUnsplit) = (BernoulliThreshold(1), expected / multiSplit, 0)
            } else if multiSplit + singleYield >= expected {
                let keep = singleYield > 0 ? (expected - multiSplit) / singleYield : 1
                (pnsSingleBlock, pnsMultiForward, pnsUnsplit) = (BernoulliThreshold(max(0, min(1, 1 - keep))), 1, 0)
            } else {
                // Near 0 km even a lossless line falls short: forward some
                // multi-photon pulses whole (she learns nothing from those).
                let u = multiWhole > multiSplit ? (expected - multiSplit - singleYield) / (multiWhole - multiSplit) : 0
                (pnsSingleBlock, pnsMultiForward, pnsUnsplit) = (BernoulliThreshold(0), 1, max(0, min(1, u)))
            }
        } else {
            pnsSingleBlock = BernoulliThreshold(0)
            pnsMultiForward = 1
            pnsUnsplit = 0
            pnsSingleEta = eta
        }
        // Blinding: a faked state clicks only when Bob's basis matches Eve's.
        // She sends as many as the channel would have delivered.
        let occupied = single ? 1.0 : zip(intensities, weights).map { m, w in w * -expm1(-m) }.reduce(0, +)
        let pe = config.eveRectilinearProbability, pb = config.rectilinearProbability
        let matchBob = pe * pb + (1 - pe) * (1 - pb)
        blindingForward = BernoulliThreshold(min(1, expected / max(1e-300, occupied * matchBob)))
        multiPhotonCDF = intensities.map { m in
            guard config.source == .wcp, m > 0 else { return [] }
            // P(n | n ≥ 2) = e^{−μ} μ^n / n! / (1 − e^{−μ} − μe^{−μ}).
            let tail = -expm1(-m) - m * exp(-m)
            guard tail > 0 else { return [] }
            var pn = m * m / 2 * exp(-m), cumulative = 0.0, table: [Double] = []
            for n in 2...64 {
                cumulative += pn / tail
                table.append(min(1, cumulative))
                if cumulative >= 1 - 1e-16 { break }
                pn *= m / Double(n + 1)
            }
            return table
        }
    }

    /// A word of basis choices; 1 = diagonal.
    static func basisWord(_ stream: inout RandomStream, _ diagonal: BernoulliThreshold?) -> UInt64 {
        if let t = diagonal { return stream.bernoulliWord(t) }
        return stream.nextWord()
    }

    mutating func run(cancellation: CancellationToken?, progress: ProgressReporter? = nil) throws {
        let n = config.photons
        let wordCount = (n + 63) >> 6
        let wcp = config.source == .wcp
        var photonNumbers = [Int](repeating: 1, count: 64)
        let intensities = config.intensities
        let hasDecoys = decoyCounts != nil
        // Per-intensity tallies in a flat local buffer (8 counters × 3 intensities),
        // written back once: no allocation in the word loop.
        var tally = [Int](repeating: 0, count: 24)
        var classes: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var classCount = 1

        for w in 0..<wordCount {
            if w & 4095 == 4095 {
                if let token = cancellation, token.isCancelled { throw CancelledError() }
                progress?.report(stage: "sending photons", done: w, of: wordCount)
            }
            let base = w << 6
            let lanes = min(64, n - base)
            let laneMask: UInt64 = lanes == 64 ? ~0 : (1 << UInt64(lanes)) - 1

            let aBits = aliceBits.nextWord()
            let aBasis = Self.basisWord(&aliceBasis, diagonalThreshold)
            let bBasis = Self.basisWord(&bobBasis, diagonalThreshold)

            // Intensity of each pulse (decoys), from its own stream.
            classes = (laneMask, 0, 0)
            if hasDecoys {
                let d1 = intensity.bernoulliWord(decoyThresholds[0]) & laneMask
                let d2 = intensity.bernoulliWord(decoyThresholds[1]) & laneMask & ~d1
                classes = (laneMask & ~d1 & ~d2, d1, d2)
                classCount = 3
            }

            // Source: which pulses are empty, single or multi-photon.
            var single = laneMask
            var multi: UInt64 = 0
            if wcp {
                single = 0
                for k in 0..<classCount {
                    let cls = k == 0 ? classes.0 : (k == 1 ? classes.1 : classes.2)
                    if cls == 0 { continue }
                    let vacuum = source.bernoulliWord(vacuumThresholds[k])
                    let mk = source.bernoulliWord(multiThresholds[k]) & ~vacuum & cls
                    multi |= mk
                    single |= ~vacuum & ~mk & cls
                    var m = mk
                    while m != 0 {
                        let lane = m.trailingZeroBitCount
                        let table = multiPhotonCDF[k]
                        let u = source.nextUniform()
                        var i = 0
                        while i < table.count - 1 && u >= table[i] { i += 1 }
                        photonNumbers[lane] = i < table.count - 1 || u < table[table.count - 1]
                            ? 2 + i : source.poisson(mean: intensities[k], atLeast: 2 + table.count)
                        m &= m &- 1
                    }
                }
            }
            let occupied = single | multi

            // Eve.
            var act: UInt64 = 0, eBasis: UInt64 = 0, eResult: UInt64 = 0
            var photonBasis = aBasis, photonBit = aBits
            var breidbart: UInt64 = 0, blocked: UInt64 = 0, split: UInt64 = 0
            switch config.eve {
            case .none:
                break
            case .interceptResend, .blinding:
                act = eve.bernoulliWord(eveThreshold) & occupied
                eBasis = Self.basisWord(&eve, eveDiagonal)
                let same = ~(eBasis ^ aBasis)
                // Same basis: she reads Alice's bit. Otherwise her result is a fair coin (Born rule, cos²45°).
                eResult = (aBits & same) | (eve.nextWord() & ~same)
                photonBasis = (aBasis & ~act) | (eBasis & act)
                photonBit = (aBits & ~act) | (eResult & act)
                // She resends one photon per intercepted pulse.
                single |= act; multi &= ~act
            case .breidbart:
                act = eve.bernoulliWord(eveThreshold) & occupied
                breidbart = act
                eResult = aBits ^ eve.bernoulliWord(breidbartWrong)
                single |= act; multi &= ~act
            case .pns:
                blocked = eve.bernoulliWord(pnsSingleBlock) & single
                split = multi
                if pnsUnsplit > 0 { split &= ~eve.bernoulliWord(pnsUnsplit) }
            case .mitm:
                break  // handled by ManInTheMiddle
            }

            // Channel and detectors for single-photon pulses.
            let signal = channel.bernoulliWord(config.eve == .pns ? pnsSingleEta : eta) & single & ~blocked
            let depolarized = channel.bernoulliWord(depolarizing)
            let sameAsBob = ~(photonBasis ^ bBasis)
            // Matching basis: deterministic; otherwise a fair coin (cos²45° = 1/2).
            var outcome = (photonBit & sameAsBob) | (detector.nextWord() & ~sameAsBob)
            if breidbart != 0 {
                // A Breidbart-basis photon lands on Bob's matching detector with cos²22.5°, whichever BB84 basis he uses.
                outcome = (outcome & ~breidbart) | ((eResult ^ detector.bernoulliWord(breidbartWrong)) & breidbart)
            }
            if depolarized != 0 { outcome = (outcome & ~depolarized) | (detector.nextWord() & depolarized) }
            outcome ^= detector.bernoulliWord(misalignment)
            var click1 = signal & outcome
            var click0 = signal & ~outcome

            // Multi-photon pulses, one photon at a time.
            var m = multi
            while m != 0 {
                let lane = m.trailingZeroBitCount
                let bit = UInt64(1) << UInt64(lane)
                m &= m &- 1
                var count = photonNumbers[lane]
                var efficiency = config.channelTransmittance * etaDetector
                if config.eve == .pns { efficiency = etaDetector }  // her lossless line
                if split & bit != 0 {
                    count -= 1
                    efficiency = etaDetector
                    if pnsMultiForward < 1 && !eve.bernoulli(pnsMultiForward) { continue }
                }
                let matched = sameAsBob & bit != 0
                let sent = photonBit & bit != 0
                // How many of the n photons are detected: Binomial(n, η) by
                // inversion on one uniform, so the common case (none) costs one draw.
                var detectedPhotons = count
                if efficiency < 1 {
                    let q = 1 - efficiency
                    var pk = pow(q, Double(count))
                    var cumulative = pk
                    let u = channel.nextUniform()
                    detectedPhotons = 0
                    while u >= cumulative && detectedPhotons < count {
                        pk *= Double(count - detectedPhotons) / Double(detectedPhotons + 1) * efficiency / q
                        detectedPhotons += 1
                        cumulative += pk
                    }
                }
                for _ in 0..<detectedPhotons {
                    var out = matched ? sent : (detector.nextWord() & 1 == 1)
                    if config.depolarizing > 0 && channel.bernoulli(config.depolarizing) {
                        out = detector.nextWord() & 1 == 1
                    }
                    if config.misalignment > 0 && detector.bernoulli(config.misalignment) { out.toggle() }
                    if out { click1 |= bit } else { click0 |= bit }
                }
            }

            // Dark counts on each detector; a double click is assigned at random
            // (Lütkenhaus, PRA 59, 3301 (1999) squashing convention).
            click0 |= detector.bernoulliWord(dark) & laneMask
            click1 |= detector.bernoulliWord(dark) & laneMask
            if config.eve == .blinding {
                // Blinded detectors are classical threshold detectors: no dark
                // counts, and a faked state clicks only if Bob's basis is Eve's
                // (otherwise it splits below threshold); the click is her bit.
                act &= eve.bernoulliWord(blindingForward)
                let fires = act & ~(eBasis ^ bBasis)
                click1 = fires & eResult
                click0 = fires & ~eResult
            }
            let detected = click0 | click1
            let bobResult = (click1 & ~click0) | (click0 & click1 & detector.nextWord())
            let keep = detected & ~(aBasis ^ bBasis) & laneMask

            result.detected += detected.nonzeroBitCount
            aliceSifted.append(word: aBits, selectedBy: keep)
            bobSifted.append(word: bobResult, selectedBy: keep)
            siftedBasis.append(word: aBasis, selectedBy: keep)
            if hasDecoys {
                let wrong = aBits ^ bobResult
                let matchedX = ~(aBasis | bBasis) & laneMask, matchedZ = aBasis & bBasis & laneMask
                for k in 0..<3 {
                    let cls = k == 0 ? classes.0 : (k == 1 ? classes.1 : classes.2)
                    let o = 8 * k
                    tally[o] += cls.nonzeroBitCount
                    tally[o + 1] += (detected & cls).nonzeroBitCount
                    tally[o + 2] += (matchedX & cls).nonzeroBitCount
                    tally[o + 3] += (matchedZ & cls).nonzeroBitCount
                    tally[o + 4] += (keep & matchedX & cls).nonzeroBitCount
                    tally[o + 5] += (keep & matchedZ & cls).nonzeroBitCount
                    tally[o + 6] += (keep & matchedX & cls & wrong).nonzeroBitCount
                    tally[o + 7] += (keep & matchedZ & cls & wrong).nonzeroBitCount
                }
            }

            var knows: UInt64 = 0
            switch config.eve {
            case .interceptResend, .blinding: knows = act & ~(eBasis ^ aBasis)
            case .pns: knows = split
            case .none, .breidbart, .mitm: break
            }
            eveKnowsSifted.append(word: knows, selectedBy: keep)
            let touched = keep & (act | split)
            eveTouched += touched.nonzeroBitCount
            let correct: UInt64 = config.eve == .pns ? split : ~(eResult ^ aBits)
            eveCorrect += (touched & correct).nonzeroBitCount

            if base < config.showRows {
                for lane in 0..<min(lanes, config.showRows - base) {
                    let bit = UInt64(1) << UInt64(lane)
                    let aBit = aBits & bit != 0
                    let aB: BB84Basis = aBasis & bit != 0 ? .diagonal : .rectilinear
                    let isKept = keep & bit != 0
                    var eB: BB84Basis? = nil
                    var eR: Bool? = nil
                    if act & bit != 0 {
                        eB = breidbart & bit != 0 ? .breidbart : (eBasis & bit != 0 ? .diagonal : .rectilinear)
                        eR = eResult & bit != 0
                    } else if split & bit != 0 {
                        eB = aB; eR = aBit
                    }
                    let number = multi & bit != 0 || split & bit != 0 ? photonNumbers[lane]
                        : (single & bit != 0 ? 1 : 0)
                    result.rows.append(BB84PhotonRow(
                        index: base + lane, aliceBit: aBit, aliceBasis: aB, sentAngle: aB.angle(for: aBit),
                        photonNumber: act & bit != 0 ? 1 : number,
                        eveBasis: eB, eveResult: eR,
                        bobBasis: bBasis & bit != 0 ? .diagonal : .rectilinear,
                        detected: detected & bit != 0,
                        bobResult: detected & bit != 0 ? bobResult & bit != 0 : nil,
                        kept: isKept,
                        error: isKept && ((aBits ^ bobResult) & bit != 0)))
                }
            }
        }
        if hasDecoys {
            for k in 0..<3 {
                let o = 8 * k
                decoyCounts!.pulses[k] = tally[o]; decoyCounts!.detections[k] = tally[o + 1]
                decoyCounts!.matchedX[k] = tally[o + 2]; decoyCounts!.matchedZ[k] = tally[o + 3]
                decoyCounts!.siftedX[k] = tally[o + 4]; decoyCounts!.siftedZ[k] = tally[o + 5]
                decoyCounts!.errorsX[k] = tally[o + 6]; decoyCounts!.errorsZ[k] = tally[o + 7]
            }
        }
    }

    /// Parameter estimation on a random public sample, which is then discarded.
    /// With decoys the sample is every diagonal (Z) bit and the key every
    /// rectilinear (X) bit, as in Lim et al., PRA 89, 022307 (2014).
    mutating func finish() -> BB84Result {
        var r = result
        let sifted = aliceSifted.count
        r.sifted = sifted
        let errors = aliceSifted ^ bobSifted
        r.siftedErrors = errors.popcount
        r.trueQber = sifted > 0 ? Double(r.siftedErrors) / Double(sifted) : 0

        let sample: BitVector
        if decoyCounts != nil {
            sample = siftedBasis
        } else {
            var sampler = RandomSource(seed: config.seed).stream("sample")
            let t = BernoulliThreshold(config.sampleFraction)
            var sampleWords = [UInt64](repeating: 0, count: (sifted + 63) >> 6)
            for i in sampleWords.indices { sampleWords[i] = sampler.bernoulliWord(t) }
            sample = BitVector(words: sampleWords, count: sifted)
        }
        r.sampleBits = sample.popcount
        r.sampleErrors = (sample & errors).popcount
        r.qber = r.sampleBits > 0 ? Double(r.sampleErrors) / Double(r.sampleBits) : 0
        // Per basis (Lo, Chau, Ardehali 2005): a pooled estimate lets an Eve who
        // favours the likely basis hide her errors in the rare one.
        let diagonalSample = sample & siftedBasis, rectilinearSample = sample & ~siftedBasis
        r.sampleBitsDiagonal = diagonalSample.popcount
        r.sampleBitsRectilinear = rectilinearSample.popcount
        if r.sampleBitsDiagonal > 0 {
            r.qberDiagonal = Double((diagonalSample & errors).popcount) / Double(r.sampleBitsDiagonal)
        }
        if r.sampleBitsRectilinear > 0 {
            r.qberRectilinear = Double((rectilinearSample & errors).popcount) / Double(r.sampleBitsRectilinear)
        }

        let keep = ~sample
        r.aliceKey = aliceSifted.selecting(keep)
        r.bobKey = bobSifted.selecting(keep)
        r.eveKnows = eveKnowsSifted.selecting(keep)
        r.keyBasisDiagonal = siftedBasis.selecting(keep)
        r.keyBits = r.aliceKey.count
        r.eveKnownBits = eveKnowsSifted.popcount
        r.eveCorrectGuesses = eveCorrect
        r.eveTouchedBits = eveTouched

        if (config.eve == .interceptResend && config.eveRectilinearProbability == 0.5) || config.eve == .breidbart {
            // Each sampled bit Eve touched shows an error with probability 1/4.
            r.missProbability = pow(1 - config.eveFraction / 4, Double(r.sampleBits))
            r.missProbabilityLog10 = Double(r.sampleBits) * log10(1 - config.eveFraction / 4)
        }
        if let counts = decoyCounts {
            r.decoy = DecoyEstimate(counts: counts, epsilonSecurity: config.epsilonSecurity, bound: config.decoyBound)
        }
        let threshold = String(format: "%.2f%%", config.abortQber * 100)
        if r.sampleBits == 0 {
            r.aborted = true
            r.abortReason = "no sifted bits were sampled, so the QBER is unknown"
        } else if let q = r.qberRectilinear, q > config.abortQber {
            r.aborted = true
            r.abortReason = String(format: "rectilinear-basis QBER %.2f%% exceeds the abort threshold ", q * 100) + threshold
                + String(format: " (pooled %.2f%%)", r.qber * 100)
        } else if let q = r.qberDiagonal, q > config.abortQber {
            r.aborted = true
            r.abortReason = String(format: "diagonal-basis QBER %.2f%% exceeds the abort threshold ", q * 100) + threshold
                + String(format: " (pooled %.2f%%)", r.qber * 100)
        } else if r.qber > config.abortQber {
            r.aborted = true
            r.abortReason = String(format: "estimated QBER %.2f%% exceeds the abort threshold ", r.qber * 100) + threshold
        } else if let verdict = r.decoy?.verdict {
            r.aborted = true
            r.abortReason = verdict
        }
        return r
    }
}
