// Building each role's view, the projector's view and the reveal.
// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

extension BB84Game {
    /// Only what `role` may know now: its own choices and outcomes, and the
    /// public channel as it reached that role. Never a photon's state, never
    /// another role's private choice.
    public func view(for role: Role) -> RoleView {
        // Alice and Bob see the public phase: a secret Eve's transit looks like a game without her.
        let waiting = role == .eve ? phase.actors : publicWaitingFor
        var view = RoleView(
            role: role, phase: role == .eve ? phase : publicPhase, waitingFor: waiting, photonCount: config.photons,
            authentication: config.authentication,
            eveAnnounced: role == .eve ? true : (config.eve == .on ? true : nil),
            photons: photonRows(for: role), channel: channel(for: role),
            sampleErrors: nil, sampleSize: nil, key: KeyProgress(), toyLength: toyLength, finiteKey: finiteKey,
            pendingTampers: role == .eve ? pendingTampers : nil, abortReason: abortReason,
            authenticationCost: authenticationCost)
        switch role {
        case .alice:
            if let r = aliceReceivedReport { view.sampleErrors = r.errors; view.sampleSize = r.checked }
            view.key.raw = aliceKey
            if cascade != nil { view.key.corrected = aliceKey }
            view.key.final = aliceFinal
            view.key.message = alicePlaintext
            view.verification = aliceVerification
        case .bob:
            view.sampleErrors = bobSampleErrors; view.sampleSize = bobSampleChecked
            view.key.raw = bobRawKey
            if cascade != nil { view.key.corrected = bobCorrected }
            view.key.final = bobFinal
            view.key.message = bobPlaintext
            view.verification = bobVerification
        case .eve:
            // Eve read the tag as sent; whether Bob's matched is public (they go on or abort).
            view.verification = aliceVerification
            view.sampleErrors = bobSampleErrors; view.sampleSize = bobSampleChecked
            let guess = makeEveGuess()
            view.key.raw = guess.raw
            view.key.corrected = guess.corrected
            view.key.final = guess.final
            view.key.message = guess.message
        }
        return view
    }

    func photonRows(for role: Role) -> [PhotonRow] {
        let n = config.photons
        switch role {
        case .alice:
            guard aliceBits.count == n else { return [] }
            let sample = Set(aliceSample ?? [])
            let kept = aliceKept.map(Set.init)
            return (0..<n).map { i in
                var row = PhotonRow(index: i)
                row.bit = aliceBits[i]; row.basis = aliceBases[i]
                row.announcedBasis = aliceReceivedBases?[i]
                row.kept = kept.map { $0.contains(i) }
                if aliceSample != nil { row.sampled = sample.contains(i); row.disclosedBit = sample.contains(i) ? aliceBits[i] : nil }
                return row
            }
        case .bob:
            guard bobResults.count == n else { return [] }
            let announced = messages.contains { $0.original.kind == .bases }
            let kept = bobKept.map(Set.init)
            var disclosed: [Int: Int] = [:]
            if let s = bobReceivedSample { for (p, b) in zip(s.positions, s.bits) { disclosed[p] = b } }
            return (0..<n).map { i in
                var row = PhotonRow(index: i)
                row.bobBasis = bobBases[i]; row.bobResult = bobResults[i]
                if announced { row.announcedBasis = bobBases[i] }
                row.kept = kept.map { $0.contains(i) }
                if bobReceivedSample != nil { row.sampled = disclosed[i] != nil; row.disclosedBit = disclosed[i] }
                return row
            }
        case .eve:
            guard eveChoices.count == n else { return [] }
            // Eve reads every message as sent (and knows what she delivered).
            var announced: [Basis]?
            var kept: Set<Int>?
            var disclosed: [Int: Int]?
            for m in messages where m.delivery != .rejectedForgery && m.delivery != .rejectedMalformed {
                switch m.original {
                case let .bases(b): announced = b
                case let .kept(k): kept = Set(k)
                case let .sample(p, b): disclosed = Dictionary(zip(p, b), uniquingKeysWith: { a, _ in a })
                default: break
                }
            }
            return (0..<n).map { i in
                var row = PhotonRow(index: i)
                row.eveChoice = eveChoices[i]; row.eveResult = eveResults[i]
                row.announcedBasis = announced.flatMap { i < $0.count ? $0[i] : nil }
                row.kept = kept.map { $0.contains(i) }
                if let d = disclosed { row.sampled = d[i] != nil; row.disclosedBit = d[i] }
                return row
            }
        }
    }

    /// The channel as `role` saw it: senders see what they sent, recipients
    /// what arrived, Eve both. Rejected forgeries are public (the tag check
    /// fails in the open); a successful alteration is not, until the reveal.
    func channel(for role: Role?) -> [ChannelEntry] {
        let over = phase.isOver
        return messages.map { m in
            let rejected = m.delivery == .rejectedForgery || m.delivery == .rejectedMalformed
            var entry = ChannelEntry(index: m.index, from: m.from, body: m.delivered, original: nil,
                                     delivery: rejected ? m.delivery : .genuine)
            switch role {
            case .eve?, nil where over:
                entry.delivery = m.delivery
                if m.tampered { entry.original = m.original }
            case let r? where r == m.from && !rejected:
                entry.body = m.original
            default:
                break
            }
            return entry
        }
    }

    /// The projector: the wire as it ran (tampering hidden until the end),
    /// progress, and after the end the reveal.
    public func projectorView() -> ProjectorView {
        var leak: Int?
        if let c = cascade { leak = c.aliceParities + c.bobBits }
        var sampleErrors: Int?, sampleSize: Int?
        for m in messages where m.delivery == .genuine || m.delivery == .tampered {
            if case let .sampleReport(e, c, _) = m.delivered { sampleErrors = e; sampleSize = c }
        }
        return ProjectorView(
            phase: publicPhase, waitingFor: publicWaitingFor,
            photonCount: config.photons, eve: phase.isOver || config.eve != .secret ? config.eve : .off,
            authentication: config.authentication,
            photonsSent: !aliceBits.isEmpty, photonsMeasured: !bobResults.isEmpty,
            siftedCount: bobKept?.count, sampleErrors: sampleErrors, sampleSize: sampleSize, leakedBits: leak,
            channel: channel(for: nil), toyLength: toyLength, finiteKey: finiteKey, abortReason: abortReason,
            reveal: reveal(), verification: publicVerification, authenticationCost: authenticationCost)
    }

    /// Every message Alice and Bob sent carried a tag (see `AuthenticationCost`).
    var authenticationCost: AuthenticationCost? {
        guard config.authentication else { return nil }
        let t = AuthenticationCost.defaultTagBits
        return AuthenticationCost(messages: messages.count, tagBits: t, bits: messages.count * t,
                                  netToyLength: toyLength.map { $0.length - messages.count * t })
    }

    /// The tag as it arrived and the public outcome, without Bob's private hash.
    var publicVerification: VerificationCheck? {
        guard var v = bobVerification else { return nil }
        v.bobTag = nil
        return v
    }

    func makeReveal() -> Reveal {
        let n = config.photons
        let complete = aliceBits.count == n && bobResults.count == n
        let kept = Set(aliceKept ?? [])
        let sample = Set(aliceSample ?? [])
        var truths: [PhotonTruth] = []
        if complete {
            for i in 0..<n {
                let sent = PolarizationState(bit: aliceBits[i], basis: aliceBases[i])
                let choice: EveChoice? = i < eveChoices.count ? eveChoices[i] : nil
                let resent: PolarizationState? = i < eveResent.count ? eveResent[i] : nil
                let received = resent ?? sent
                let isKept = kept.contains(i)
                let error = isKept && bobResults[i] != aliceBits[i]
                let mixed = i < depolarized.count && depolarized[i]
                var cause: ErrorCause?
                if error { cause = aliceBases[i] != bobBases[i] ? .tamperedSifting : (mixed ? .noise : .eve) }
                truths.append(PhotonTruth(
                    index: i, aliceBit: aliceBits[i], aliceBasis: aliceBases[i], sentState: sent,
                    eveChoice: choice == .pass ? nil : choice, eveResult: i < eveResults.count ? eveResults[i] : nil,
                    eveResent: resent, bobBasis: bobBases[i], bobResult: bobResults[i], receivedState: received,
                    kept: isKept, sampled: sample.contains(i), depolarized: config.noise > 0 ? mixed : nil,
                    error: error, errorCause: cause,
                    errorProbability: Self.errorProbability(bit: aliceBits[i], basis: aliceBases[i],
                                                            eve: choice ?? .pass, bobBasis: bobBases[i],
                                                            depolarization: config.noise)))
            }
        }
        let keptTruths = truths.filter(\.kept)
        let siftedCount = keptTruths.count
        let errors = keptTruths.filter(\.error).count
        let intercepted = keptTruths.filter { $0.eveChoice != nil }.count
        let p = siftedCount > 0 ? Double(intercepted) / Double(siftedCount) : 0
        // Intercept-resend p/4 (Bennett et al. 1992) plus depolarization d/2, and the
        // binomial σ of a proportion: the sources are on `QberSummary.textbookExpected`.
        let textbook = (1 - config.noise) * p / 4 + config.noise / 2
        let nD = Double(max(siftedCount, 1))
        let bornMean = keptTruths.reduce(0) { $0 + $1.errorProbability } / nD
        let bornVar = keptTruths.reduce(0) { $0 + $1.errorProbability * (1 - $1.errorProbability) }
        let qber = QberSummary(
            sifted: siftedCount, errors: errors, qber: siftedCount > 0 ? Double(errors) / nD : 0,
            interceptedFraction: p, textbookExpected: textbook,
            textbookSigma: (textbook * (1 - textbook) / nD).squareRoot(),
            bornExpected: bornMean, bornSigma: bornVar.squareRoot() / nD,
            sampleErrors: bobSampleErrors, sampleSize: bobSampleChecked,
            sampleQber: bobSampleChecked.flatMap { $0 > 0 ? Double(bobSampleErrors ?? 0) / Double($0) : nil },
            sampleSawErrors: (bobSampleErrors ?? 0) > 0,
            aborted: phase == .aborted && abortReason != .verificationFailed)

        let guess = makeEveGuess()
        var alice = KeyProgress(), bob = KeyProgress(), eve = KeyProgress()
        alice.raw = aliceKey; alice.corrected = cascade != nil ? aliceKey : nil; alice.final = aliceFinal
        alice.message = alicePlaintext
        bob.raw = bobRawKey; bob.corrected = cascade != nil ? bobCorrected : nil; bob.final = bobFinal
        bob.message = bobPlaintext
        eve.raw = guess.raw; eve.corrected = guess.corrected; eve.final = guess.final; eve.message = guess.message
        var residual: Int?
        if let a = aliceKey, let b = bobCorrected, cascade != nil {
            residual = zip(a, b).filter { $0 != $1 }.count + abs(a.count - b.count)
        }
        var eveRight: Int?
        if let a = aliceFinal, let e = guess.final { eveRight = zip(a, e).filter { $0 == $1 }.count }
        let plain = Array((alicePlaintext ?? "").unicodeScalars.prefix(ciphertextCharacters))
        func right(_ s: String?) -> Int {
            guard let s else { return 0 }
            return zip(plain, s.unicodeScalars).filter { $0 == $1 }.count
        }
        let keys = KeyTruth(alice: alice, bob: bob, eve: eve, residualErrors: residual, eveFinalKeyBitsRight: eveRight,
                            charactersEncrypted: ciphertextCharacters,
                            bobCharactersRight: right(bobPlaintext), eveCharactersRight: right(guess.message))
        return Reveal(config: config, outcome: phase, abortReason: abortReason, photons: truths, qber: qber, keys: keys,
                      messages: messages, toyLength: toyLength, finiteKey: finiteKey, verification: bobVerification,
                      authenticationCost: authenticationCost)
    }

    /// P(Bob's bit ≠ Alice's bit) before anyone measured, by the Born rule:
    /// Σ_k P(k | sent) · P(wrong | Eve's resent state for k) when Eve measures.
    /// With depolarization d the state Bob receives is (1 − d)ρ + d·I/2, so
    /// P = (1 − d)·P_noiseless + d/2 (Nielsen & Chuang 2000, §8.3.4).
    static func errorProbability(bit: Int, basis: Basis, eve: EveChoice, bobBasis: Basis,
                                 depolarization d: Double = 0) -> Double {
        (1 - d) * noiselessErrorProbability(bit: bit, basis: basis, eve: eve, bobBasis: bobBasis) + d / 2
    }

    static func noiselessErrorProbability(bit: Int, basis: Basis, eve: EveChoice, bobBasis: Basis) -> Double {
        let sent = PolarizationState(bit: bit, basis: basis).qubit
        let bob = bobBasis.measurement
        func wrong(_ q: Qubit) -> Double {
            let (p0, p1) = bob.probabilities(of: q)
            return bit == 0 ? p1 : p0
        }
        switch eve {
        case .pass:
            return wrong(sent)
        case let .measure(eveBasis, resend):
            let (k0, k1) = eveBasis.measurement.probabilities(of: sent)
            func resent(_ k: Int) -> Qubit {
                switch resend {
                case .result: PolarizationState(outcome: k, of: eveBasis).qubit
                case let .state(s): s.qubit
                }
            }
            return k0 * wrong(resent(0)) + k1 * wrong(resent(1))
        }
    }
}
