// Plain text for the role-play views: the lines a studio screen draws and
// line mode prints. Terminal-free (no curses, no escapes), ASCII unless
// `unicode` is set, and meaning is never in colour: every mark is a character.
// Player-typed text goes through `safe`, which keeps printable ASCII only.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

public enum RolePlayText {
    /// Printable ASCII only: anything else (controls, escapes, non-ASCII from a
    /// wrong key) becomes "?", so a decrypted or forged message cannot drive the terminal.
    public static func safe(_ s: String, limit: Int = 200) -> String {
        var out = ""
        for scalar in s.unicodeScalars.prefix(limit) {
            out.unicodeScalars.append((0x20...0x7E).contains(scalar.value) ? scalar : "?")
        }
        if s.unicodeScalars.count > limit { out += "..." }
        return out
    }

    public static func bits(_ b: [Int]?, limit: Int = 64) -> String {
        guard let b else { return "-" }
        if b.isEmpty { return "(none)" }
        let s = b.prefix(limit).map(String.init).joined()
        return b.count > limit ? s + "... (\(b.count) bits)" : s
    }

    public static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

    public static func phase(_ p: Phase) -> String {
        switch p {
        case .preparing: "Alice prepares the photons"
        case .inTransit: "photons in transit"
        case .measuring: "Bob measures"
        case .announcingBases: "Bob announces his bases"
        case .sifting: "Alice announces which photons to keep"
        case .sampling: "Alice discloses a sample"
        case .estimating: "Bob reports the sample errors"
        case .correcting: "error correction (Cascade), then the hash check"
        case .amplifying: "privacy amplification"
        case .encrypting: "Alice encrypts her message"
        case .decrypting: "Bob decrypts"
        case .finished: "finished"
        case .aborted: "aborted"
        }
    }

    public static func basis(_ b: Basis, unicode: Bool) -> String {
        switch b {
        case .rectilinear: "+"
        case .diagonal: unicode ? "×" : "x"
        }
    }

    public static func eveBasis(_ b: EveBasis, unicode: Bool) -> String {
        switch b {
        case .rectilinear: "+"
        case .diagonal: unicode ? "×" : "x"
        case .breidbart: "B"
        }
    }

    /// H, V, D, A (ASCII) or arrows (Unicode); Breidbart states by angle.
    public static func state(_ s: PolarizationState, unicode: Bool) -> String {
        switch s {
        case .horizontal: unicode ? "↔" : "H"
        case .vertical: unicode ? "↕" : "V"
        case .diagonal: unicode ? "⤢" : "D"
        case .antidiagonal: unicode ? "⤡" : "A"
        case .breidbart0: "B0"
        case .breidbart1: "B1"
        }
    }

    public static func eveChoice(_ c: EveChoice?, unicode: Bool) -> String {
        switch c {
        case nil, .pass?: "pass"
        case let .measure(b, resend)?:
            switch resend {
            case .result: "measure " + eveBasis(b, unicode: unicode)
            case let .state(s): "measure " + eveBasis(b, unicode: unicode) + ", send " + state(s, unicode: unicode)
            }
        }
    }

    /// One public message, one line.
    public static func body(_ b: PublicBody, unicode: Bool = false) -> String {
        func list(_ xs: [Int]) -> String {
            xs.isEmpty ? "(none)" : xs.prefix(40).map(String.init).joined(separator: " ") + (xs.count > 40 ? " ..." : "")
        }
        switch b {
        case let .bases(bs): return "my bases: " + String(bs.prefix(64).map { basis($0, unicode: unicode) }.joined()) + (bs.count > 64 ? "..." : "")
        case let .kept(k): return "keep photons \(list(k)) (\(k.count))"
        case let .sample(p, bs): return "sample photons \(list(p)); my bits there \(bits(bs))"
        case let .sampleReport(e, n, abort): return "\(e) of \(n) sample bits differ" + (abort ? ": ABORT" : ": go on")
        case let .blockParities(pass, _, size, p): return "Cascade pass \(pass + 1): blocks of \(size), parities \(bits(p))"
        case let .parityQuestion(r): return "which parity? \(r.count) half-block\(r.count == 1 ? "" : "s")"
        case let .parityAnswer(p): return "parities \(bits(p))"
        case let .verificationTag(x, t): return "verification: hash of my key at x=\(hex(x)) is \(hex(t))"
        case let .toeplitzSeed(s, m): return "Toeplitz seed \(bits(s, limit: 24)) -> \(m)-bit key"
        case let .ciphertext(c, n): return "ciphertext \(bits(c, limit: 28)) (\(n) char\(n == 1 ? "" : "s"))"
        }
    }

    /// A tag or point in hexadecimal (16 digits).
    public static func hex(_ v: UInt64) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 16 - h.count)) + h
    }

    /// Why Alice and Bob stopped, one line.
    public static func abortLine(_ a: AbortReason) -> String {
        switch a {
        case .emptySample: "ABORTED: the sample was empty."
        case .qberAboveThreshold: "ABORTED: the sample QBER is above the threshold."
        case .verificationFailed: "ABORTED: the verification tags differ: errors remain after Cascade, the key is discarded."
        }
    }

    /// The key spent on authentication tags, beside the toy length: the
    /// numbers first (a narrow screen keeps line 1), then the rule.
    public static func authentication(_ a: AuthenticationCost?) -> [String] {
        guard let a else { return [] }
        var line = "auth tags: \(a.messages) msgs x \(a.tagBits) = \(a.bits) pre-shared bits spent"
        if let net = a.netToyLength {
            line += net >= 0 ? "; toy key - that = \(net) bits" : "; toy key - that = \(net) bits: the game made less key than its tags used"
        }
        return [line, "  (toy rule: one \(a.tagBits)-bit Wegman-Carter tag per message; \(a.citation))"]
    }

    /// The hash check after Cascade, verdict first: the tag, Bob's, and its ε_cor.
    public static func verification(_ v: VerificationCheck?, unicode: Bool = false) -> [String] {
        guard let v else { return [] }
        let verdict = v.matched ? "MATCH" : "MISMATCH, abort"
        var second = "  "
        if let b = v.bobTag { second += "Bob's tag \(hex(b)); " }
        second += "\(v.tagBits) tag bits in the leak; eps_cor <= \(String(format: "%.1e", v.collisionBound))"
        return ["Verification: \(verdict); Alice's tag \(hex(v.aliceTag)) at x=\(hex(v.point))", second]
    }

    public static func delivery(_ d: Delivery) -> String {
        switch d {
        case .genuine: ""
        case .tampered: " [TAMPERED]"
        case .rejectedForgery: " [FORGERY REJECTED: tag failed]"
        case .rejectedMalformed: " [REJECTED: malformed]"
        }
    }

    /// The channel, one line per message: "#3 bob: my bases: +x+x [TAMPERED]".
    public static func channel(_ entries: [ChannelEntry], unicode: Bool = false) -> [String] {
        entries.map { e in
            var line = "#\(e.index + 1) \(e.from.rawValue): \(body(e.body, unicode: unicode))\(delivery(e.delivery))"
            if let o = e.original, o != e.body { line += " (sent: \(body(o, unicode: unicode)))" }
            return line
        }
    }

    /// Key lengths with their labels: the toy length always says it is a toy.
    public static func keyLengths(toy: ToyKeyLength?, finiteKey: FiniteKeyVerdict?, unicode: Bool = false) -> [String] {
        var out: [String] = []
        if let t = toy {
            let tag = t.verificationBits.map { ", \($0) of them the verification tag" } ?? ""
            out.append("key: \(t.length) bits (\(t.label)) = \(t.keyBits) - \(Int(t.eavesdropperInformation.rounded(.up))) [n*h(Q)] - \(t.leakedBits) [leaked\(tag)]")
        }
        if let f = finiteKey { out.append(unicode ? f.sentence : ascii(f.sentence)) }
        return out
    }

    /// The engine's own sentences in ASCII (≥ → >=, ε → eps, σ → sigma).
    public static func ascii(_ s: String) -> String {
        safe(s.replacingOccurrences(of: "≥", with: ">=").replacingOccurrences(of: "ε", with: "eps")
            .replacingOccurrences(of: "σ", with: "sigma").replacingOccurrences(of: "–", with: "-"), limit: 400)
    }

    static func pad(_ s: String, _ n: Int) -> String {
        let w = s.count
        return w >= n ? s : s + String(repeating: " ", count: n - w)
    }

    /// The column headings of the reveal table: Alice's bit and basis and the
    /// state she sent; what Eve did, her result ("res") and what she sent on
    /// ("out"); Bob's basis and result; kept, sampled, and the error's cause.
    public static let revealHeader = "  #  " + pad("Alice", 5) + "  " + pad("sent", 4) + " | " + pad("Eve", 11) + " "
        + pad("res", 3) + " " + pad("out", 4) + " | " + pad("Bob", 4) + " " + pad("res", 3) + " | "
        + pad("kept", 4) + " " + pad("sample", 6) + " error"

    /// One photon of the reveal, one line of at most 76 columns; every mark
    /// is a character ("ERR eve", "kept", "-"), never a colour alone.
    public static func revealRow(_ t: PhotonTruth, unicode: Bool = false) -> String {
        let alice = "\(t.aliceBit) " + basis(t.aliceBasis, unicode: unicode)
        var eve = "-"
        if case let .measure(b, resend)? = t.eveChoice {
            eve = "meas " + eveBasis(b, unicode: unicode)
            if case let .state(s) = resend { eve += " >" + state(s, unicode: false) }
        }
        let eveResult = t.eveResult.map(String.init) ?? "-"
        let resent = t.eveResent.map { state($0, unicode: unicode) } ?? "-"
        var error = "-"
        if t.error {
            switch t.errorCause {
            case .tamperedSifting?: error = "ERR sifting"
            case .noise?: error = "ERR noise"
            case .eve?, nil: error = "ERR eve"
            }
        }
        let index = String(t.index)
        return String(repeating: " ", count: max(0, 3 - index.count)) + index + "  " + pad(alice, 5) + "  "
            + pad(state(t.sentState, unicode: unicode), 4) + " | " + pad(eve, 11) + " " + pad(eveResult, 3) + " "
            + pad(resent, 4) + " | " + pad(basis(t.bobBasis, unicode: unicode), 4) + " " + pad(String(t.bobResult), 3) + " | "
            + pad(t.kept ? "kept" : "-", 4) + " " + pad(t.sampled ? "sample" : "-", 6) + " " + error
    }

    /// The reveal's summary: QBER against p/4 with σ, whether the sample
    /// caught Eve, the keys and messages, the honest key lengths, tampering.
    public static func revealSummary(_ r: Reveal, unicode: Bool = false) -> [String] {
        var out: [String] = []
        let q = r.qber
        let why: String
        switch r.abortReason {
        case .emptySample?: why = "empty sample"
        case .verificationFailed?: why = "verification tags differ: errors left after Cascade"
        case .qberAboveThreshold?, nil: why = "sample QBER above \(percent(r.config.qberThreshold))"
        }
        out.append("Outcome: \(r.outcome == .aborted ? "ABORTED (\(why))" : "finished")")
        out.append("Sifted QBER: \(q.errors) errors in \(q.sifted) kept photons = \(percent(q.qber))")
        let d = r.config.noise
        let formula = d > 0 ? "(1-d)p/4 + d/2 with channel depolarization d = \(percent(d))" : "p/4"
        out.append("Eve measured \(percent(q.interceptedFraction)) of the kept photons: expected \(formula) = \(percent(q.textbookExpected)) +/- \(percent(q.textbookSigma)) (1 sigma)")
        out.append("Born rule for exactly what Eve did: \(percent(q.bornExpected)) +/- \(percent(q.bornSigma))")
        if let e = q.sampleErrors, let n = q.sampleSize {
            let caught = q.aborted ? "they aborted: caught" : (q.sampleSawErrors ? "errors seen, below the threshold: not caught" : "no errors seen: not caught")
            out.append("Sample: \(e) errors in \(n) bits\(q.sampleQber.map { " (\(percent($0)))" } ?? ""); \(caught)")
        }
        let k = r.keys
        out.append("Alice's key: \(bits(k.alice.final))")
        out.append("Bob's key:   \(bits(k.bob.final))" + (k.residualErrors.map { "  (\($0) bits still wrong after Cascade)" } ?? ""))
        out.append("Eve's guess: \(bits(k.eve.final))" + (k.eveFinalKeyBitsRight.map { "  (\($0) of \(k.alice.final?.count ?? 0) bits right)" } ?? ""))
        if let m = k.alice.message {
            out.append("Alice's message: \"\(safe(m))\"; the key covered \(k.charactersEncrypted) character\(k.charactersEncrypted == 1 ? "" : "s") (7 bits each)")
            out.append("Bob read:  \"\(safe(k.bob.message ?? ""))\" (\(k.bobCharactersRight) right)")
            out.append("Eve read:  \"\(safe(k.eve.message ?? ""))\" (\(k.eveCharactersRight) right)")
            let needed = m.unicodeScalars.count * OneTimePad.bitsPerCharacter
            if k.charactersEncrypted < m.unicodeScalars.count {
                // A one-time pad never reuses key (Shannon 1949): what the key cannot cover is not sent.
                out.append("The whole message needs \(needed) bits of final key; this game made \(k.alice.final?.count ?? 0). More photons carry more: docs/teaching-guide.md lists final keys by game size.")
            }
        }
        out += verification(r.verification, unicode: unicode)
        out += keyLengths(toy: r.toyLength, finiteKey: r.finiteKey, unicode: unicode)
        out += authentication(r.authenticationCost)
        let tampered = r.messages.filter(\.tampered)
        if tampered.isEmpty {
            out.append("Public channel: every message arrived as sent")
        } else {
            for m in tampered {
                out.append("Message #\(m.index + 1) from \(m.from.rawValue)\(delivery(m.delivery)):")
                out.append("  sent:    \(body(m.original, unicode: unicode))")
                out.append("  arrived: \(body(m.delivered, unicode: unicode))")
            }
        }
        return out
    }

    /// The whole reveal as text (line mode, `--plain`, screen readers).
    public static func reveal(_ r: Reveal, unicode: Bool = false) -> [String] {
        ["The hidden truth, photon by photon:", revealHeader] + r.photons.map { revealRow($0, unicode: unicode) } + revealSummary(r, unicode: unicode)
    }
    /// One role's view as plain lines (line mode, `--plain`, screen readers):
    /// every field labelled, one photon a line up to `photonLines`, then the
    /// channel (unless `channel` is false: the class server sends it in its own
    /// frame) and the status, and for Eve her armed tampering rules. ASCII unless `unicode`.
    public static func view(_ v: RoleView, unicode: Bool = false, photonLines: Int = 64, channel withChannel: Bool = true) -> [String] {
        var out: [String] = []
        let waiting = v.waitingFor.isEmpty ? "the photons" : v.waitingFor.map(\.rawValue).joined(separator: " or ")
        out.append("You are \(v.role.rawValue.uppercased()). Phase: \(phase(v.phase))" + (v.phase.isOver ? "." : "; waiting for \(waiting)."))
        out.append("\(v.photonCount) photons; authentication \(v.authentication ? "on" : "off")" + (v.eveAnnounced == true && v.role != .eve ? "; Eve may be listening." : "."))
        for row in v.photons.prefix(photonLines) {
            var f: [String] = []
            if let b = row.bit { f.append("bit \(b)") }
            if let b = row.basis { f.append("basis " + basis(b, unicode: unicode)) }
            if let b = row.bobBasis { f.append("basis " + basis(b, unicode: unicode)) }
            if let r = row.bobResult { f.append("result \(r)") }
            if row.eveChoice != nil || v.role == .eve { f.append(eveChoice(row.eveChoice, unicode: unicode)) }
            if let r = row.eveResult { f.append("result \(r)") }
            if let b = row.announcedBasis { f.append("Bob said " + basis(b, unicode: unicode)) }
            if let k = row.kept { f.append(k ? "kept" : "dropped") }
            if row.sampled == true { f.append("sampled" + (row.disclosedBit.map { ", Alice's bit \($0)" } ?? "")) }
            if !f.isEmpty { out.append("photon \(row.index): " + f.joined(separator: ", ")) }
        }
        if v.photons.count > photonLines { out.append("(\(v.photons.count - photonLines) more photons not listed)") }
        if withChannel { out += channelBlock(v.channel, unicode: unicode) }
        if let e = v.sampleErrors, let n = v.sampleSize {
            out.append("Sample: \(e) of \(n) bits differ" + (n > 0 ? " (QBER \(percent(Double(e) / Double(n))))." : "."))
        }
        let who = v.role == .eve ? "Your guess of the key" : "Your key"
        if let r = v.key.raw { out.append("\(who), raw: \(bits(r))") }
        if let c = v.key.corrected { out.append("\(who), after Cascade: \(bits(c))") }
        if let f = v.key.final { out.append("\(who), final: \(bits(f))") }
        if let m = v.key.message { out.append("Message: \"\(safe(m))\"") }
        out += verification(v.verification, unicode: unicode)
        out += keyLengths(toy: v.toyLength, finiteKey: v.finiteKey, unicode: unicode)
        out += authentication(v.authenticationCost)
        if let a = v.abortReason { out.append(abortLine(a)) }
        if let ts = v.pendingTampers, !ts.isEmpty { out.append("Armed tampering: " + ts.map { tamper($0, unicode: unicode) }.joined(separator: "; ")) }
        return out
    }

    /// One of Eve's armed tampering rules, as she would read it back.
    public static func tamper(_ t: Tamper, unicode: Bool = false) -> String {
        switch t {
        case .replaceNext(let b): "replace the next \(b.kind.rawValue) message with: \(body(b, unicode: unicode))"
        case .flipNextParities: "flip Alice's next parities"
        case .forgeCiphertext(let p): "forge the ciphertext to read \"\(safe(p, limit: 64))\""
        }
    }

    /// "Public channel, N messages:" and the messages, indented.
    static func channelBlock(_ entries: [ChannelEntry], unicode: Bool) -> [String] {
        ["Public channel, \(entries.count) message\(entries.count == 1 ? "" : "s"):"] + channel(entries, unicode: unicode).map { "  " + $0 }
    }

    /// What the projector may say about Eve: "Eve plays" only when she plays
    /// openly; nothing while a secret Eve (or no Eve) plays, so the room cannot
    /// tell the two apart; the truth once the reveal exists.
    public static func projectorEve(_ p: ProjectorView) -> String? {
        // Once over, `ProjectorView.eve` is the truth too (a host may send the reveal separately).
        if let truth = p.reveal?.config.eve ?? (p.phase.isOver ? p.eve : nil) {
            switch truth {
            case .off: return "no Eve played"
            case .on: return "Eve played openly"
            case .secret: return "Eve played in secret"
            }
        }
        return p.eve == .on ? "Eve plays" : nil
    }

    /// The projector as plain lines: progress and channel (unless `channel` is
    /// false: the class server sends it in its own frame), and the reveal once over.
    public static func projector(_ p: ProjectorView, unicode: Bool = false, channel withChannel: Bool = true) -> [String] {
        let eve = projectorEve(p).map { "; \($0)" } ?? ""
        var out = ["Projector. Phase: \(phase(p.phase)). \(p.photonCount) photons\(eve); authentication \(p.authentication ? "on" : "off")."]
        if let s = p.siftedCount { out.append("Kept after sifting: \(s).") }
        if let e = p.sampleErrors, let n = p.sampleSize { out.append("Sample: \(e) of \(n) bits differ.") }
        if let l = p.leakedBits { out.append("Cascade leaked \(l) bits.") }
        if withChannel { out += channelBlock(p.channel, unicode: unicode) }
        if let r = p.reveal { out += reveal(r, unicode: unicode) } else {
            out += verification(p.verification, unicode: unicode)
            out += keyLengths(toy: p.toyLength, finiteKey: p.finiteKey, unicode: unicode)
            out += authentication(p.authenticationCost)
        }
        return out
    }
}
