// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import RolePlay

/// Plain ASCII lines for the role-play views: what line mode prints and a
/// screen reader reads, one fact per line, every field labelled. Text the
/// players typed (messages) goes through `ClassText.printable`.
public enum GameLines {
    static func bits(_ b: [Int]) -> String { b.isEmpty ? "(none)" : b.map(String.init).joined() }
    static func list(_ xs: [Int]) -> String { xs.isEmpty ? "(none)" : xs.map(String.init).joined(separator: " ") }
    static func pct(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
    static func phase(_ p: Phase) -> String {
        switch p {
        case .inTransit: "photons in transit"
        case .announcingBases: "announcing bases"
        default: p.rawValue
        }
    }
    static func waiting(_ w: [RolePlay.Role]) -> String { w.isEmpty ? "nobody" : w.map(\.rawValue).joined(separator: " and ") }

    public static func body(_ b: PublicBody) -> String {
        switch b {
        case .bases(let bs): "Bob's bases: " + bs.map(\.rawValue).joined(separator: " ")
        case .kept(let k): "keep photons \(list(k)) (\(k.count))"
        case .sample(let pos, let bits): "sample photons \(list(pos)), Alice's bits there \(Self.bits(bits))"
        case .sampleReport(let e, let n, let abort): "\(e) error\(e == 1 ? "" : "s") in \(n) sample bits" + (abort ? ", ABORT" : ", go on")
        case .blockParities(let pass, _, let size, let p): "Cascade pass \(pass + 1): blocks of \(size), parities \(bits(p))"
        case .parityQuestion(let r): "asks \(r.count) parit\(r.count == 1 ? "y" : "ies")"
        case .parityAnswer(let p): "parities \(bits(p))"
        case .verificationTag(let x, let t): "verification tag \(String(t, radix: 16)) at point \(String(x, radix: 16))"
        case .toeplitzSeed(let s, let m): "Toeplitz seed of \(s.count) bits, final key \(m) bits"
        case .ciphertext(let c, let n): "ciphertext \(bits(c)) (\(n) character\(n == 1 ? "" : "s"))"
        }
    }

    static func delivery(_ d: Delivery) -> String {
        switch d {
        case .genuine: ""
        case .tampered: "  [TAMPERED in transit]"
        case .rejectedForgery: "  [forgery REJECTED: authentication tag failed]"
        case .rejectedMalformed: "  [REJECTED: malformed]"
        }
    }

    /// The public channel as one role (or the projector) received it.
    public static func channel(_ entries: [ChannelEntry]) -> [String] {
        entries.map { e in
            var s = "msg \(e.index + 1) from \(e.from.rawValue): \(body(e.body))" + delivery(e.delivery)
            if let o = e.original, o != e.body { s += "  (Alice/Bob sent: \(body(o)))" }
            return s
        }
    }

    public static func view(_ v: RoleView) -> [String] {
        var out = ["You are \(v.role.rawValue.uppercased()). Phase: \(phase(v.phase)). Waiting for: \(waiting(v.waitingFor))."]
        out.append("Photons: \(v.photonCount). Authentication: \(v.authentication ? "on" : "off")."
                   + (v.eveAnnounced == true ? " Eve is playing." : ""))
        for p in v.photons {
            var f: [String] = []
            if let b = p.bit { f.append("bit \(b)") }
            if let b = p.basis { f.append("basis \(b.rawValue)") }
            if let b = p.bobBasis { f.append("Bob basis \(b.rawValue)") }
            if let r = p.bobResult { f.append("Bob result \(r)") }
            if let c = p.eveChoice { f.append(eveChoice(c)) }
            if let r = p.eveResult { f.append("Eve result \(r)") }
            if let b = p.announcedBasis { f.append("announced \(b.rawValue)") }
            if let k = p.kept { f.append(k ? "kept" : "dropped") }
            if p.sampled == true { f.append("sampled" + (p.disclosedBit.map { ", Alice's bit \($0)" } ?? "")) }
            if !f.isEmpty { out.append("photon \(p.index): " + f.joined(separator: ", ")) }
        }
        if let e = v.sampleErrors, let n = v.sampleSize { out.append("Sample: \(e) error\(e == 1 ? "" : "s") in \(n) bits" + (n > 0 ? " (QBER \(pct(Double(e) / Double(n))))" : "")) }
        out += keyLines(v.role.rawValue, v.key)
        if let t = v.toyLength { out.append("Key length: \(t.length) bits (\(t.label))") }
        out += RolePlayText.verification(v.verification) + RolePlayText.authentication(v.authenticationCost)
        if let f = v.finiteKey { out.append(ClassText.printable(f.sentence, limit: 200)) }
        if let ts = v.pendingTampers, !ts.isEmpty { out.append("Armed tampering: " + ts.map(tamper).joined(separator: "; ")) }
        if let a = v.abortReason { out.append("ABORTED: " + abort(a)) }
        return out
    }

    static func keyLines(_ who: String, _ k: KeyProgress) -> [String] {
        var out: [String] = []
        if let r = k.raw { out.append("\(who) raw key (\(r.count) bits): \(bits(r))") }
        if let c = k.corrected { out.append("\(who) corrected key (\(c.count) bits): \(bits(c))") }
        if let f = k.final { out.append("\(who) final key (\(f.count) bits): \(bits(f))") }
        if let m = k.message { out.append("\(who) message: \"\(ClassText.printable(m, limit: 80))\"") }
        return out
    }

    static func eveChoice(_ c: EveChoice) -> String {
        switch c {
        case .pass: "Eve let it pass"
        case .measure(let b, .result): "Eve measured in \(b.rawValue), resent her result"
        case .measure(let b, .state(let s)): "Eve measured in \(b.rawValue), resent \(s.rawValue)"
        }
    }

    static func tamper(_ t: Tamper) -> String {
        switch t {
        case .replaceNext(let b): "replace the next \(b.kind.rawValue) message with: \(body(b))"
        case .flipNextParities: "flip Alice's next parities"
        case .forgeCiphertext(let p): "forge the ciphertext to read \"\(ClassText.printable(p, limit: 64))\""
        }
    }

    static func abort(_ a: AbortReason) -> String {
        switch a {
        case .qberAboveThreshold: "the sample QBER was above the threshold: someone may be listening"
        case .emptySample: "the sample was empty, so the QBER could not be estimated"
        case .verificationFailed: "the verification tags differ: errors remain after Cascade, the key is discarded"
        }
    }

    public static func projector(_ p: ProjectorView) -> [String] {
        // The room sees the projector: a secret Eve must look exactly like no Eve, so neither is named.
        let eve = p.eve == .on ? " Eve plays." : ""
        var out = ["Phase: \(phase(p.phase)). Waiting for: \(waiting(p.waitingFor)).",
                   "Photons: \(p.photonCount).\(eve) Authentication: \(p.authentication ? "on" : "off")."]
        var steps: [String] = []
        if p.photonsSent { steps.append("photons sent") }
        if p.photonsMeasured { steps.append("measured") }
        if let s = p.siftedCount { steps.append("\(s) kept by sifting") }
        if let e = p.sampleErrors, let n = p.sampleSize { steps.append("sample: \(e) error\(e == 1 ? "" : "s") in \(n)") }
        if let l = p.leakedBits { steps.append("\(l) bits leaked by Cascade") }
        if !steps.isEmpty { out.append("Progress: " + steps.joined(separator: ", ") + ".") }
        out.append("Public channel:")
        out += channel(p.channel).map { "  " + $0 }
        if let t = p.toyLength { out.append("Key length: \(t.length) bits (\(t.label))") }
        out += RolePlayText.verification(p.verification) + RolePlayText.authentication(p.authenticationCost)
        if let f = p.finiteKey { out.append(ClassText.printable(f.sentence, limit: 200)) }
        if let a = p.abortReason { out.append("ABORTED: " + abort(a)) }
        return out
    }

    /// The hidden truth, photon by photon, then the QBER against p/4 and the tampered messages.
    public static func reveal(_ r: Reveal) -> [String] {
        var out = ["REVEAL. Outcome: \(phase(r.outcome)). Eve was \(r.config.eve == .off ? "not playing" : "playing (\(r.config.eve.rawValue))")."]
        for t in r.photons {
            var s = "photon \(t.index): Alice \(t.aliceBit) in \(t.aliceBasis.rawValue) sent \(t.sentState.rawValue)"
            if let c = t.eveChoice, c != .pass {
                s += "; \(eveChoice(c))" + (t.eveResult.map { ", got \($0)" } ?? "") + (t.eveResent.map { ", Bob received \($0.rawValue)" } ?? "")
            }
            s += "; Bob \(t.bobBasis.rawValue) got \(t.bobResult)"
            s += t.kept ? "; kept" : "; dropped"
            if t.sampled { s += ", sampled" }
            if t.error { s += ", ERROR" + (t.errorCause.map { " (\($0 == .eve ? "caused by Eve" : $0 == .noise ? "channel noise" : "tampered sifting"))" } ?? "") }
            out.append(s)
        }
        let q = r.qber
        out.append("QBER: \(q.errors) errors in \(q.sifted) kept photons = \(pct(q.qber)).")
        out.append("Eve measured \(pct(q.interceptedFraction)) of the kept photons: expected p/4 = \(pct(q.textbookExpected)) +/- \(pct(q.textbookSigma)) (Bennett et al. 1992); Born rule for her exact moves: \(pct(q.bornExpected)) +/- \(pct(q.bornSigma)).")
        if let e = q.sampleErrors, let n = q.sampleSize { out.append("Sample: \(e) error\(e == 1 ? "" : "s") in \(n) bits" + (q.sampleQber.map { " (QBER \(pct($0)))" } ?? "") + ".") }
        out.append(q.aborted ? "Caught: yes, Alice and Bob aborted." : (r.config.eve == .off ? "No Eve to catch." : (q.sampleSawErrors ? "Caught: the sample showed errors, but not enough to abort." : "Caught: no, the sample showed no error.")))
        for m in r.messages where m.tampered {
            out.append("TAMPERED message \(m.index + 1) from \(m.from.rawValue) (\(m.delivery.rawValue)): sent \(body(m.original)); delivered \(body(m.delivered))")
        }
        if !r.messages.contains(where: \.tampered) { out.append("No public message was tampered with.") }
        out += keyLines("Alice", r.keys.alice) + keyLines("Bob", r.keys.bob) + keyLines("Eve", r.keys.eve)
        out += RolePlayText.verification(r.verification) + RolePlayText.authentication(r.authenticationCost)
        out.append("Characters read right: Bob \(r.keys.bobCharactersRight), Eve \(r.keys.eveCharactersRight) of \(r.keys.charactersEncrypted).")
        return out
    }
}
