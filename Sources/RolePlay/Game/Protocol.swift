// The moves: photons (Born rule), then the public discussion in order.
// SPDX-License-Identifier: GPL-3.0-or-later
import QKD
import QuantumSim

extension BB84Game {
    mutating func perform(_ action: GameAction, by role: Role, events: inout [GameEvent]) throws(GameError) {
        if case let .tamper(rule) = action {
            guard role == .eve else { throw .invalidAction("only Eve can tamper with the public channel") }
            try validate(rule)
            pendingTampers.append(rule)
            events.append(.acknowledged(.eve))
            return
        }
        guard phase.actors.contains(role) || measuresAhead(action, by: role) else { throw notYourTurn(role) }
        // Events are public: in a secret game they follow the phase Alice and Bob see.
        let before = publicPhase
        switch action {
        case let .send(preparations):
            try expect(.preparing, action: "send")
            try send(preparations)
        case let .intercept(choices, strategy):
            try expect(.inTransit, action: "intercept")
            try intercept(choices, strategy: strategy)
        case let .measure(bases):
            if phase == .inTransit {
                try chooseBobBases(bases)   // secret Eve still holds the photons
            } else {
                try expect(.measuring, action: "measure")
                try measure(bases)
            }
        case .announceBases:
            try expect(.announcingBases, action: "announce bases")
            announceBases(events: &events)
        case .sift:
            try expect(.sifting, action: "sift")
            sift(events: &events)
        case let .disclose(choice):
            try expect(.sampling, action: "disclose a sample")
            try disclose(choice, events: &events)
        case .reportErrors:
            try expect(.estimating, action: "report errors")
            reportErrors(events: &events)
        case .reconcile:
            try expect(.correcting, action: "reconcile")
            reconcile(events: &events)
        case .amplify:
            try expect(.amplifying, action: "amplify")
            amplify(events: &events)
        case let .encrypt(message):
            try expect(.encrypting, action: "encrypt")
            try encrypt(message ?? config.message, events: &events)
        case .decrypt:
            try expect(.decrypting, action: "decrypt")
            decrypt()
        case .tamper:
            break
        }
        if publicPhase != before {
            events.append(.phaseChanged(publicPhase))
            if phase.isOver { events.append(.gameEnded(phase)) }
        }
    }

    /// In a secret game Alice and Bob are never told that Eve is who they wait for.
    func notYourTurn(_ role: Role) -> GameError {
        if role != .eve && config.eve == .secret {
            return .notYourTurn(role, phase: publicPhase, waitingFor: publicWaitingFor)
        }
        return .notYourTurn(role, phase: phase, waitingFor: phase.actors)
    }

    /// The phase as Alice, Bob and the projector see it. A secret Eve's
    /// `inTransit` looks like `measuring`, as right after Alice sends in a
    /// game without Eve, so the phase never tells them she exists.
    var publicPhase: Phase {
        config.eve == .secret && phase == .inTransit ? .measuring : phase
    }

    /// Who Alice, Bob and the projector wait for: never Eve unless she plays
    /// openly; while a secret Eve holds the photons, Bob (until he has chosen
    /// his bases; then "the photons").
    var publicWaitingFor: [Role] {
        if config.eve == .secret && phase == .inTransit { return bobBases.isEmpty ? [.bob] : [] }
        return config.eve == .on ? phase.actors : phase.actors.filter { $0 != .eve }
    }

    /// In a secret game Bob may measure while Eve still holds the photons (he
    /// sees `measuring`): his bases are fixed now, and his detectors fire when
    /// the photons arrive, right after Eve's move.
    func measuresAhead(_ action: GameAction, by role: Role) -> Bool {
        guard case .measure = action, role == .bob, config.eve == .secret, phase == .inTransit else { return false }
        return bobBases.isEmpty
    }

    func expect(_ wanted: Phase, action: String) throws(GameError) {
        guard phase == wanted else {
            throw .invalidAction("cannot \(action) while \(phase.rawValue)")
        }
    }

    // MARK: photons

    mutating func send(_ preparations: [Preparation]) throws(GameError) {
        let n = config.photons
        guard preparations.count <= n else { throw .tooManyEntries(preparations.count, photons: n) }
        for (i, p) in preparations.enumerated() {
            if let b = p.bit, b != 0 && b != 1 { throw .invalidBit(b, photon: i) }
        }
        aliceBits.reserveCapacity(n); aliceBases.reserveCapacity(n)
        for i in 0..<n {
            let p = i < preparations.count ? preparations[i] : .random
            let bit = p.bit ?? random.aliceBits.nextInt(below: 2)
            let basis = p.basis ?? (random.aliceBases.nextInt(below: 2) == 0 ? .rectilinear : .diagonal)
            aliceBits.append(bit); aliceBases.append(basis)
            inFlight.append(PolarizationState(bit: bit, basis: basis))
        }
        phase = config.eve == .off ? .measuring : .inTransit
    }

    mutating func intercept(_ choices: [EveChoice?], strategy: EveStrategy?) throws(GameError) {
        let n = config.photons
        guard choices.count <= n else { throw .tooManyEntries(choices.count, photons: n) }
        if let s = strategy, !(s.fraction >= 0 && s.fraction <= 1) {
            throw .invalidSetting("attack fraction \(s.fraction) is outside 0…1")
        }
        for case let .measure(_, .state(s))? in choices where !s.isBB84State {
            throw .invalidAction("Eve can resend only H, V, D or A by name")
        }
        for i in 0..<n {
            var choice = i < choices.count ? choices[i] : nil
            if choice == nil, let s = strategy {
                if random.eveSelection.bernoulli(s.fraction) {
                    switch s.attack {
                    case .interceptResend:
                        let basis: EveBasis = random.eveBases.nextInt(below: 2) == 0 ? .rectilinear : .diagonal
                        choice = .measure(basis, resend: .result)
                    case .breidbart:
                        choice = .measure(.breidbart, resend: .result)
                    }
                }
            }
            let c = choice ?? .pass
            eveChoices.append(c)
            switch c {
            case .pass:
                eveResults.append(nil); eveResent.append(nil)
            case let .measure(basis, resend):
                // Born rule: P(k) = |⟨k|ψ⟩|² (QuantumSim `MeasurementBasis.sample`);
                // the photon is absorbed, Eve sends a fresh one.
                let outcome = basis.measurement.sample(inFlight[i].qubit, using: &random.eveDetector)
                let out: PolarizationState
                switch resend {
                case .result: out = PolarizationState(outcome: outcome, of: basis)
                case let .state(s): out = s
                }
                eveResults.append(outcome); eveResent.append(out)
                inFlight[i] = out
            }
        }
        phase = .measuring
        // Bob chose his bases while Eve held the photons (secret game): they arrive now.
        if !bobBases.isEmpty { detect() }
    }

    mutating func measure(_ bases: [Basis?]) throws(GameError) {
        try chooseBobBases(bases)
        detect()
    }

    /// Bob's bases (nil or missing: random, from his own stream).
    mutating func chooseBobBases(_ bases: [Basis?]) throws(GameError) {
        let n = config.photons
        guard bases.count <= n else { throw .tooManyEntries(bases.count, photons: n) }
        for i in 0..<n {
            bobBases.append((i < bases.count ? bases[i] : nil)
                ?? (random.bobBases.nextInt(below: 2) == 0 ? .rectilinear : .diagonal))
        }
    }

    /// Bob's detectors fire: the Born rule on the state that reached him (wrong basis → 50/50).
    /// A depolarized photon is maximally mixed, I/2: his outcome is a fair coin
    /// in either basis. Its own "channel" stream leaves every other outcome as
    /// in a noiseless game.
    mutating func detect() {
        let d = config.noise
        for i in 0..<config.photons {
            var outcome = bobBases[i].measurement.sample(inFlight[i].qubit, using: &random.bobDetector)
            let mixed = d > 0 && random.channel.bernoulli(d)
            if mixed { outcome = random.channel.nextInt(below: 2) }
            bobResults.append(outcome); depolarized.append(mixed)
        }
        phase = .announcingBases
    }

    // MARK: public discussion

    mutating func announceBases(events: inout [GameEvent]) {
        let n = config.photons
        let delivered = transmit(.bases(bobBases), from: .bob, events: &events) { body in
            if case let .bases(b) = body { return b.count == n }
            return false
        }
        guard case let .bases(b) = delivered else { return }
        aliceReceivedBases = b
        phase = .sifting
    }

    mutating func sift(events: inout [GameEvent]) {
        guard let theirs = aliceReceivedBases else { return }
        let kept = (0..<config.photons).filter { aliceBases[$0] == theirs[$0] }
        aliceKept = kept
        let n = config.photons
        let delivered = transmit(.kept(kept), from: .alice, events: &events) { body in
            if case let .kept(k) = body { return k.allSatisfy { (0..<n).contains($0) } }
            return false
        }
        guard case let .kept(k) = delivered else { return }
        bobKept = Array(Set(k)).sorted()
        phase = .sampling
    }

    mutating func disclose(_ choice: SampleChoice, events: inout [GameEvent]) throws(GameError) {
        guard let kept = aliceKept else { return }
        var positions: [Int]
        switch choice {
        case .standard:
            let k = Int((config.sampleFraction * Double(kept.count)).rounded(.up))
            positions = pickRandom(min(k, kept.count), from: kept)
        case let .count(k):
            guard k >= 0, k <= kept.count else {
                throw .invalidAction("sample size \(k) is outside 0…\(kept.count) (the kept photons)")
            }
            positions = pickRandom(k, from: kept)
        case let .positions(list):
            let keptSet = Set(kept)
            for p in list {
                guard (0..<config.photons).contains(p) else { throw .positionOutOfRange(p, photons: config.photons) }
                guard keptSet.contains(p) else { throw .notSifted(p) }
            }
            positions = Array(Set(list)).sorted()
        }
        let bits = positions.map { aliceBits[$0] }
        aliceSample = positions
        let sampled = Set(positions)
        aliceKeyPositions = kept.filter { !sampled.contains($0) }
        aliceKey = aliceKeyPositions!.map { aliceBits[$0] }
        let n = config.photons
        let delivered = transmit(.sample(positions: positions, bits: bits), from: .alice, events: &events) { body in
            if case let .sample(p, b) = body {
                return p.count == b.count && p.allSatisfy { (0..<n).contains($0) } && b.allSatisfy { $0 == 0 || $0 == 1 }
            }
            return false
        }
        guard case let .sample(p, b) = delivered else { return }
        bobReceivedSample = (p, b)
        let bobSampled = Set(p)
        bobKeyPositions = (bobKept ?? []).filter { !bobSampled.contains($0) }
        bobRawKey = bobKeyPositions!.map { bobResults[$0] }
        phase = .estimating
    }

    /// k distinct positions chosen uniformly (partial Fisher–Yates), in photon order.
    mutating func pickRandom(_ k: Int, from pool: [Int]) -> [Int] {
        var pool = pool
        for i in 0..<k {
            let j = i + random.sample.nextInt(below: pool.count - i)
            pool.swapAt(i, j)
        }
        return pool.prefix(k).sorted()
    }

    mutating func reportErrors(events: inout [GameEvent]) {
        guard let sample = bobReceivedSample else { return }
        var errors = 0
        for (p, b) in zip(sample.positions, sample.bits) where bobResults[p] != b { errors += 1 }
        let checked = sample.positions.count
        bobSampleErrors = errors; bobSampleChecked = checked
        let bobAborts = checked == 0 || Double(errors) > config.qberThreshold * Double(checked)
        let delivered = transmit(.sampleReport(errors: errors, checked: checked, abort: bobAborts),
                                 from: .bob, events: &events) { body in
            if case let .sampleReport(e, c, _) = body { return e >= 0 && c >= e }
            return false
        }
        guard case let .sampleReport(e, c, flag) = delivered else { return }
        aliceReceivedReport = (e, c)
        // Either side stops when its own reading says so.
        let aliceAborts = flag || c == 0 || Double(e) > config.qberThreshold * Double(c)
        if bobAborts || aliceAborts {
            abortReason = (checked == 0 || c == 0) ? .emptySample : .qberAboveThreshold
            let q = checked > 0 ? Double(errors) / Double(checked) : 0.5
            finiteKey = Self.finiteKeyVerdict(photons: config.photons, keyBits: aliceKey?.count ?? 0,
                                              sampleBits: checked, sampleQber: q)
            phase = .aborted
        } else {
            phase = .correcting
        }
    }

    mutating func reconcile(events: inout [GameEvent]) {
        runCascade(events: &events)
        let n = aliceKey?.count ?? 0
        let report = aliceReceivedReport ?? (0, 0)
        let q = report.checked > 0 ? Double(report.errors) / Double(report.checked) : 0
        var leak = (cascade?.aliceParities ?? 0) + (cascade?.bobBits ?? 0)
        let verified = n > 0 ? verify(events: &events) : nil
        if verified != nil { leak += Verification.tagBits }
        toyLength = Self.toyLength(keyBits: n, sampleQber: q, leakedBits: leak,
                                   verificationBits: verified != nil ? Verification.tagBits : nil)
        finiteKey = Self.finiteKeyVerdict(photons: config.photons, keyBits: n, sampleBits: report.checked, sampleQber: q)
        if verified == false {
            abortReason = .verificationFailed
            phase = .aborted
        } else {
            phase = .amplifying
        }
    }

    /// Verification after Cascade, as in the main pipeline (QKD's
    /// `Verification`, the ledger's "verified (hash tag)" row): Alice posts
    /// a public random point x and the polynomial hash of her key at x; Bob
    /// hashes his corrected key at the x he received and compares. Different
    /// keys collide with probability ≤ (limbs + 1)/(2^61 − 1) (Carter &
    /// Wegman 1979), so a mismatch means errors remain and both discard the
    /// key. Returns whether Bob's tag matched.
    mutating func verify(events: inout [GameEvent]) -> Bool {
        let alice = BitVector(bits: (aliceKey ?? []).map { $0 == 1 })
        let bob = BitVector(bits: (bobCorrected ?? []).map { $0 == 1 })
        // The point is drawn as `Verification.verify` draws it, from the game's own "verify" stream.
        let x = Verification.randomPoint(using: &random.verification)
        let aliceTag = (try? Verification.tag(alice, point: x)) ?? 0
        let bound = Verification.collisionBound(bits: alice.count)
        aliceVerification = VerificationCheck(point: x, aliceTag: aliceTag, bobTag: nil, matched: true,
                                              tagBits: Verification.tagBits, collisionBound: bound)
        let delivered = transmit(.verificationTag(point: x, tag: aliceTag), from: .alice, events: &events) { body in
            if case .verificationTag = body { return true }
            return false
        }
        guard case let .verificationTag(point, tag) = delivered else { return false }
        let bobTag = (try? Verification.tag(bob, point: point)) ?? 0   // `tag` reduces the point mod p
        let matched = bobTag == tag
        aliceVerification?.matched = matched
        bobVerification = VerificationCheck(point: point, aliceTag: tag, bobTag: bobTag, matched: matched,
                                            tagBits: Verification.tagBits, collisionBound: bound)
        return matched
    }

    /// The classroom toy rule: ⌊n − n·h(Q) − leak⌋. n·h(Q) is the asymptotic
    /// phase-error term of Shor & Preskill, PRL 85, 441 (2000) (r = 1 − 2h(e),
    /// one h(e) for Eve, one for error correction, which we replace by the
    /// actual leak). No finite-size correction: not a security claim.
    public static func toyLength(keyBits n: Int, sampleQber q: Double, leakedBits leak: Int,
                                 verificationBits: Int? = nil) -> ToyKeyLength {
        let eve = Double(n) * DistillationMath.binaryEntropy(min(max(q, 0), 0.5))
        let budget = Double(n) - eve - Double(leak)
        return ToyKeyLength(keyBits: n, sampleQber: q, eavesdropperInformation: eve, leakedBits: leak,
                            verificationBits: verificationBits,
                            length: budget >= 1 ? Int(budget.rounded(.down)) : 0)
    }

    /// ε_sec = ε_cor used for the real-link verdict.
    public static let verdictEpsilon = 1e-10

    /// The real finite-key verdict (TLGR 2012 through QKD's `FiniteKey`): this
    /// game's length under the bound, and the smallest run with the same
    /// sifting and sampling ratios that gives a key. The reconciliation leak
    /// is the Slepian–Wolf minimum n·h(Q) (Slepian & Wolf, IEEE Trans. Inf.
    /// Theory 19, 471 (1973)), not this game's Cascade, whose cost per bit on
    /// a few dozen bits says nothing about a long key: no code leaks less, so
    /// "needs ≥ N photons" holds for every real link.
    public static func finiteKeyVerdict(photons: Int, keyBits n: Int, sampleBits k: Int,
                                        sampleQber q: Double) -> FiniteKeyVerdict {
        let eps = verdictEpsilon
        let leak = Double(n) * DistillationMath.binaryEntropy(min(max(q, 0), 0.5))
        // The verification tag: TLGR's log2(2/ε_cor) term (Eq. (2)).
        let problem = FiniteKeyProblem(input: .singlePhoton, keyBits: Double(n), sampleBits: Double(k), sampleQber: q,
                                       reconciliationLeak: leak, tagBits: (log2(2 / eps)).rounded(.up),
                                       epsilonSec: eps, epsilonCor: eps)
        let here = FiniteKey.analyse(problem)
        let needed = (n > 0 && k > 0) ? FiniteKey.smallestRun(for: problem, photons: photons) : nil
        let percent = formatPercent(q)
        let sentence: String
        if let needed {
            sentence = "a real link at this QBER (\(percent)) needs ≥ \(needed) photons at ε = 1e-10 (TLGR 2012)"
        } else if n > 0 && k > 0 {
            sentence = "no run length gives a key at this QBER (\(percent)) at ε = 1e-10 (TLGR 2012)"
        } else {
            sentence = "no key bits or no sample: no finite-key estimate"
        }
        return FiniteKeyVerdict(epsilon: eps, sampleQber: q, lengthHere: here.length, photonsNeeded: needed,
                                citation: here.citation, sentence: sentence)
    }

    mutating func amplify(events: inout [GameEvent]) {
        let key = aliceKey ?? []
        let m = toyLength?.length ?? 0
        let seedCount = PrivacyAmplification.seedLength(inputBits: key.count, outputLength: m)
        let seed = (0..<seedCount).map { _ in random.privacyAmplification.nextInt(below: 2) }
        toeplitzOriginal = seed
        aliceFinal = Self.toeplitz(key, seed: seed, m: m)
        let bobN = bobCorrected?.count ?? 0
        let delivered = transmit(.toeplitzSeed(bits: seed, outputLength: m), from: .alice, events: &events) { body in
            if case let .toeplitzSeed(s, mm) = body {
                return mm >= 0 && mm <= GameConfig.photonLimit && s.allSatisfy { $0 == 0 || $0 == 1 }
                    && (mm == 0 ? true : s.count == bobN + mm - 1)
            }
            return false
        }
        guard case let .toeplitzSeed(s, mm) = delivered else { return }
        bobFinal = Self.toeplitz(bobCorrected ?? [], seed: s, m: (mm > 0 && bobN > 0) ? mm : 0)
        phase = .encrypting
    }

    /// Toeplitz hashing from QKD (2-universal, Krawczyk 1994): m output bits.
    static func toeplitz(_ key: [Int], seed: [Int], m: Int) -> [Int] {
        guard m > 0, !key.isEmpty, seed.count == key.count + m - 1 else { return [] }
        let hashed = PrivacyAmplification.toeplitzReference(
            BitVector(bits: key.map { $0 == 1 }), seed: BitVector(bits: seed.map { $0 == 1 }), outputLength: m)
        return (0..<m).map { hashed[$0] ? 1 : 0 }
    }

    mutating func encrypt(_ text: String, events: inout [GameEvent]) throws(GameError) {
        try GameConfig.validateMessage(text)
        let key = aliceFinal ?? []
        alicePlaintext = text
        let chars = min(text.unicodeScalars.count, key.count / OneTimePad.bitsPerCharacter)
        ciphertextCharacters = chars
        let bits = OneTimePad.encrypt(String(String.UnicodeScalarView(text.unicodeScalars.prefix(chars))), key: key)
        let delivered = transmit(.ciphertext(bits: bits, characters: chars), from: .alice, events: &events) { body in
            if case let .ciphertext(b, c) = body {
                return c >= 0 && c <= GameConfig.messageLimit && b.count == c * OneTimePad.bitsPerCharacter
                    && b.allSatisfy { $0 == 0 || $0 == 1 }
            }
            return false
        }
        bobCiphertext = delivered
        phase = .decrypting
    }

    mutating func decrypt() {
        guard case let .ciphertext(bits, _)? = bobCiphertext else { return }
        bobPlaintext = OneTimePad.decrypt(bits, key: bobFinal ?? [])
        phase = .finished
    }

    // MARK: the channel

    /// Sends a message past Eve. Returns what the recipient accepts: Eve's
    /// version when a rule fires, authentication is off and it fits the
    /// protocol; otherwise the genuine message (after logging the rejected one).
    mutating func transmit(_ body: PublicBody, from sender: Role, events: inout [GameEvent],
                           accepts: (PublicBody) -> Bool) -> PublicBody {
        if let i = pendingTampers.firstIndex(where: { Self.rule($0, matches: body) }) {
            let rule = pendingTampers.remove(at: i)
            let forged = forge(rule, body)
            if !accepts(forged) {
                post(body, delivered: forged, from: sender, delivery: .rejectedMalformed, events: &events)
            } else if config.authentication {
                // Wegman–Carter: Eve cannot compute the tag of a new message
                // without the key (forgery probability ≤ 2^-tag, taken as 0 here).
                post(body, delivered: forged, from: sender, delivery: .rejectedForgery, events: &events)
            } else {
                post(body, delivered: forged, from: sender, delivery: .tampered, events: &events)
                return forged
            }
        }
        post(body, delivered: body, from: sender, delivery: .genuine, events: &events)
        return body
    }

    mutating func post(_ original: PublicBody, delivered: PublicBody, from sender: Role, delivery: Delivery,
                       events: inout [GameEvent]) {
        let index = messages.count
        messages.append(PublicMessage(index: index, from: sender, original: original, delivered: delivered,
                                      delivery: delivery, phase: phase))
        switch delivery {
        case .rejectedForgery, .rejectedMalformed: events.append(.messageRejected(index))
        case .genuine, .tampered: events.append(.messagePosted(index))
        }
    }

    static func rule(_ rule: Tamper, matches body: PublicBody) -> Bool {
        switch rule {
        case let .replaceNext(b): b.kind == body.kind
        case .flipNextParities: body.kind == .blockParities || body.kind == .parityAnswer
        case .forgeCiphertext: body.kind == .ciphertext
        }
    }

    func forge(_ rule: Tamper, _ body: PublicBody) -> PublicBody {
        switch rule {
        case let .replaceNext(b):
            return b
        case .flipNextParities:
            switch body {
            case let .blockParities(pass, seed, size, parities):
                return .blockParities(pass: pass, shuffleSeed: seed, blockSize: size, parities: parities.map { 1 - $0 })
            case let .parityAnswer(parities):
                return .parityAnswer(parities.map { 1 - $0 })
            default:
                return body
            }
        case let .forgeCiphertext(text):
            let key = makeEveGuess().final ?? []
            let chars = min(text.unicodeScalars.count, key.count / OneTimePad.bitsPerCharacter)
            let bits = OneTimePad.encrypt(String(String.UnicodeScalarView(text.unicodeScalars.prefix(chars))), key: key)
            return .ciphertext(bits: bits, characters: chars)
        }
    }

    func validate(_ rule: Tamper) throws(GameError) {
        switch rule {
        case let .replaceNext(body):
            let bits: [Int]
            switch body {
            case let .sample(_, b): bits = b
            case let .blockParities(_, _, _, p): bits = p
            case let .parityAnswer(p): bits = p
            case let .toeplitzSeed(s, _): bits = s
            case let .ciphertext(b, _): bits = b
            default: bits = []
            }
            guard bits.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw .invalidAction("bits are 0 or 1") }
            let entries: Int
            switch body {
            case let .kept(k): entries = k.count
            case let .sample(p, b): entries = p.count + b.count
            case let .parityQuestion(q): entries = q.count
            case let .bases(b): entries = b.count
            default: entries = bits.count
            }
            guard entries <= 2 * GameConfig.photonLimit else {
                throw .invalidAction("a forged message may hold at most \(2 * GameConfig.photonLimit) entries")
            }
        case .flipNextParities:
            break
        case let .forgeCiphertext(text):
            try GameConfig.validateMessage(text)
        }
        guard pendingTampers.count < 64 else { throw .invalidAction("at most 64 tampering rules may wait at once") }
    }
}

/// Plaintext as 7-bit ASCII, most significant bit first, XOR the key (Vernam 1926).
public enum OneTimePad {
    public static let bitsPerCharacter = 7

    public static func encrypt(_ text: String, key: [Int]) -> [Int] {
        var bits: [Int] = []
        for scalar in text.unicodeScalars {
            let v = Int(scalar.value & 0x7F)
            for j in (0..<bitsPerCharacter).reversed() { bits.append((v >> j) & 1) }
        }
        return zip(bits, key).map { $0 ^ $1 }
    }

    /// Decrypts as many whole characters as both the ciphertext and key cover.
    /// The result may hold control characters: it is not escaped.
    public static func decrypt(_ bits: [Int], key: [Int]) -> String {
        let usable = min(bits.count, key.count) / bitsPerCharacter * bitsPerCharacter
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < usable {
            var v = 0
            for j in 0..<bitsPerCharacter { v = v << 1 | ((bits[i + j] ^ key[i + j]) & 1) }
            scalars.append(Unicode.Scalar(UInt8(v)))
            i += bitsPerCharacter
        }
        return String(scalars)
    }
}

func formatPercent(_ q: Double) -> String {
    let tenths = (q * 1000).rounded()
    return "\(Int(tenths) / 10).\(Int(tenths) % 10)%"
}

import Foundation
