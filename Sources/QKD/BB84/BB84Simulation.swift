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
    public static func run(_ config: BB84Configuration, cancellation: CancellationToken? = nil) throws -> BB84Result {
        try config.validate()
        var sim = Simulation(config)
        try sim.run(cancellation: cancellation)
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

    var aliceSifted = BitVector()
    var bobSifted = BitVector()
    var eveKnowsSifted = BitVector()
    var eveCorrect = 0
    var eveTouched = 0

    // Fixed-point thresholds, computed once.
    let diagonalThreshold: BernoulliThreshold?
    let eta: BernoulliThreshold
    let etaDetector: Double
    let vacuumThreshold: BernoulliThreshold
    let multiGivenNonVacuum: BernoulliThreshold
    let eveThreshold: BernoulliThreshold
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

        let pDiagonal = 1 - config.rectilinearProbability
        diagonalThreshold = pDiagonal == 0.5 ? nil : BernoulliThreshold(pDiagonal)
        let etaTotal = config.channelTransmittance * config.detectorEfficiency
        eta = BernoulliThreshold(etaTotal)
        etaDetector = config.detectorEfficiency

        // Poisson photon number, e^−μ μ^n / n! (Glauber 1963).
        let mu = config.mu
        let p0 = exp(-mu), p1 = mu * exp(-mu)
        if config.source == .wcp {
            vacuumThreshold = BernoulliThreshold(p0)
            multiGivenNonVacuum = BernoulliThreshold((1 - p0 - p1) / (1 - p0))
        } else {
            vacuumThreshold = BernoulliThreshold(0)
            multiGivenNonVacuum = BernoulliThreshold(0)
        }
        eveThreshold = BernoulliThreshold(config.eve == .none ? 0 : config.eveFraction)
        breidbartWrong = BernoulliThreshold(breidbartErrorProbability)
        depolarizing = BernoulliThreshold(config.depolarizing)
        misalignment = BernoulliThreshold(config.misalignment)
        dark = BernoulliThreshold(config.darkCount)

        // PNS (Brassard et al. 2000): Eve keeps one photon of each multi-photon
        // pulse, sends the rest to Bob over a lossless line, and blocks just
        // enough single-photon pulses that Bob's detection rate is unchanged.
        if config.eve == .pns {
            let single = config.source == .single
            let expected = single ? etaTotal : 1 - exp(-mu * etaTotal)
            var multi = 0.0
            if !single {
                var pn = p1
                for n in 2...200 {
                    pn *= mu / Double(n)
                    multi += pn * (1 - pow(1 - etaDetector, Double(n - 1)))
                }
            }
            let singleYield = (single ? 1 : p1) * etaTotal
            if multi >= expected {
                pnsSingleBlock = BernoulliThreshold(1)
                pnsMultiForward = expected / multi
            } else {
                let keep = singleYield > 0 ? (expected - multi) / singleYield : 1
                pnsSingleBlock = BernoulliThreshold(max(0, min(1, 1 - keep)))
                pnsMultiForward = 1
            }
        } else {
            pnsSingleBlock = BernoulliThreshold(0)
            pnsMultiForward = 1
        }
    }

    /// A word of basis choices; 1 = diagonal.
    static func basisWord(_ stream: inout RandomStream, _ diagonal: BernoulliThreshold?) -> UInt64 {
        if let t = diagonal { return stream.bernoulliWord(t) }
        return stream.nextWord()
    }

    mutating func run(cancellation: CancellationToken?) throws {
        let n = config.photons
        let wordCount = (n + 63) >> 6
        let wcp = config.source == .wcp
        var photonNumbers = [Int](repeating: 1, count: 64)

        for w in 0..<wordCount {
            if w & 4095 == 4095, let token = cancellation, token.isCancelled { throw CancelledError() }
            let base = w << 6
            let lanes = min(64, n - base)
            let laneMask: UInt64 = lanes == 64 ? ~0 : (1 << UInt64(lanes)) - 1

            let aBits = aliceBits.nextWord()
            let aBasis = Self.basisWord(&aliceBasis, diagonalThreshold)
            let bBasis = Self.basisWord(&bobBasis, diagonalThreshold)

            // Source: which pulses are empty, single or multi-photon.
            var single = laneMask
            var multi: UInt64 = 0
            if wcp {
                let vacuum = source.bernoulliWord(vacuumThreshold)
                multi = source.bernoulliWord(multiGivenNonVacuum) & ~vacuum & laneMask
                single = ~vacuum & ~multi & laneMask
                var m = multi
                while m != 0 {
                    let lane = m.trailingZeroBitCount
                    photonNumbers[lane] = source.poisson(mean: config.mu, atLeast: 2)
                    m &= m &- 1
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
            case .interceptResend:
                act = eve.bernoulliWord(eveThreshold) & occupied
                eBasis = eve.nextWord()
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
            }

            // Channel and detectors for single-photon pulses.
            let signal = channel.bernoulliWord(eta) & single & ~blocked
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
                if split & bit != 0 {
                    count -= 1
                    efficiency = etaDetector
                    if pnsMultiForward < 1 && !eve.bernoulli(pnsMultiForward) { continue }
                }
                let matched = sameAsBob & bit != 0
                let sent = photonBit & bit != 0
                for _ in 0..<count where channel.bernoulli(efficiency) {
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
            let detected = click0 | click1
            let bobResult = (click1 & ~click0) | (click0 & click1 & detector.nextWord())
            let keep = detected & ~(aBasis ^ bBasis) & laneMask

            result.detected += detected.nonzeroBitCount
            aliceSifted.append(word: aBits, selectedBy: keep)
            bobSifted.append(word: bobResult, selectedBy: keep)

            var knows: UInt64 = 0
            switch config.eve {
            case .interceptResend: knows = act & ~(eBasis ^ aBasis)
            case .pns: knows = split
            case .none, .breidbart: break
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
    }

    /// Parameter estimation on a random public sample, which is then discarded.
    mutating func finish() -> BB84Result {
        var r = result
        let sifted = aliceSifted.count
        r.sifted = sifted
        let errors = aliceSifted ^ bobSifted
        r.siftedErrors = errors.popcount
        r.trueQber = sifted > 0 ? Double(r.siftedErrors) / Double(sifted) : 0

        var sampler = RandomSource(seed: config.seed).stream("sample")
        let t = BernoulliThreshold(config.sampleFraction)
        var sampleWords = [UInt64](repeating: 0, count: (sifted + 63) >> 6)
        for i in sampleWords.indices { sampleWords[i] = sampler.bernoulliWord(t) }
        let sample = BitVector(words: sampleWords, count: sifted)
        r.sampleBits = sample.popcount
        r.sampleErrors = (sample & errors).popcount
        r.qber = r.sampleBits > 0 ? Double(r.sampleErrors) / Double(r.sampleBits) : 0

        let keep = ~sample
        r.aliceKey = aliceSifted.selecting(keep)
        r.bobKey = bobSifted.selecting(keep)
        r.eveKnows = eveKnowsSifted.selecting(keep)
        r.keyBits = r.aliceKey.count
        r.eveKnownBits = eveKnowsSifted.popcount
        r.eveCorrectGuesses = eveCorrect
        r.eveTouchedBits = eveTouched

        if config.eve == .interceptResend || config.eve == .breidbart {
            // Each sampled bit Eve touched shows an error with probability 1/4.
            r.missProbability = pow(1 - config.eveFraction / 4, Double(r.sampleBits))
            r.missProbabilityLog10 = Double(r.sampleBits) * log10(1 - config.eveFraction / 4)
        }
        if r.sampleBits == 0 {
            r.aborted = true
            r.abortReason = "no sifted bits were sampled, so the QBER is unknown"
        } else if r.qber > config.abortQber {
            r.aborted = true
            r.abortReason = String(format: "estimated QBER %.2f%% exceeds the abort threshold %.2f%%",
                                   r.qber * 100, config.abortQber * 100)
        }
        return r
    }
}
