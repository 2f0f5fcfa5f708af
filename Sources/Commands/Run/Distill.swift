import ArgumentParser
import QKD

extension CascadeVariant: ExpressibleByArgument {}

/// The flags that carry a protocol run on into key distillation.
public struct DistillOptions: ParsableArguments, Sendable {
    @Flag(help: "Carry on into Cascade, verification and privacy amplification.") public var distill = false
    @Option(help: "Cascade variant: original, yan, option7 or option8.") public var variant: CascadeVariant = .option8
    @Option(name: [.customLong("epsilon-sec"), .customLong("epsilon-pa")],
            help: "Secrecy parameter ε_sec of the finite-key bound (--epsilon-pa is the old name).")
    public var epsilonSec = 1e-10
    @Option(name: .customLong("show-key"), help: "With --distill: print the first N bits of both final keys.") public var showKey = 0
    public init() {}

    /// ε_sec below this makes the ε terms alone larger than any key we accept.
    static let smallestEpsilon = 1e-30

    /// Checks the options; how many key bits may be distilled is the
    /// engine's limit (`Distillation.maxKeyBits`), known only after the run.
    func validate(_ distilling: Bool, signals: Int, option: String) throws {
        try validate(distilling)
    }

    func validate(_ distilling: Bool) throws {
        guard epsilonSec >= Self.smallestEpsilon, epsilonSec < 1 else {
            throw RequestError("--epsilon-sec must be at least 1e-30 and below 1 (got \(epsilonSec))")
        }
        guard (0...4096).contains(showKey) else { throw RequestError("--show-key is limited to 4096 bits (got \(showKey))") }
        if showKey > 0 && !distilling { throw RequestError("--show-key goes with --distill") }
    }
}

/// A protocol run, optionally followed by distillation. JSON carries the
/// protocol's fields and, with distillation, `reconciliation`,
/// `finalKeyBits`, `epsilonSec`, `epsilonCor`, `finiteKey` (the bound's name,
/// citation and every term), `ledger` (stages in words) and, without a key,
/// `noKeyVerdict` and `smallestPhotonCount` beside them.
/// A report value that went on into distillation (`show distill` can draw it).
public protocol DistillationCarrying { var distilled: Bool { get } }
extension DistilledRun: DistillationCarrying {
    /// Run with --distill (whether or not it gave a key).
    public var distilled: Bool { distillation != nil || distillationNote != nil }
}

public struct DistilledRun<Run: Encodable & Sendable>: Encodable, Sendable {
    public var run: Run
    public var distillation: DistillationReport?
    /// Why distillation did not happen.
    public var distillationNote: String?
    public var showKey: Int

    struct ReconciliationJSON: Encodable {
        var bits: Int, qberEstimate: Double, variant: CascadeVariant
        var leakedBits: Int, aliceParityBits: Int, bobReplyBits: Int, actualErrors: Int
        var efficiency: Double?, aliceEfficiency: Double?, estimatedEfficiency: Double
        var messages: Int, residualErrors: Int, verified: Bool, passes: Int
    }

    enum Keys: String, CodingKey {
        case reconciliation, finalKeyBits, paSeedBits, epsilonSec, epsilonCor, bound, finiteKey, ledger
        case noKeyVerdict, smallestPhotonCount, distillationNote, aliceKeyBits, bobKeyBits
    }

    public func encode(to encoder: any Encoder) throws {
        try run.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(distillationNote, forKey: .distillationNote)
        guard let d = distillation else { return }
        let r = d.reconciliation
        try c.encode(ReconciliationJSON(
            bits: r.bits, qberEstimate: r.qber, variant: r.variant, leakedBits: r.leakedBits,
            aliceParityBits: r.aliceParityBits, bobReplyBits: r.bobReplyBits, actualErrors: r.actualErrors,
            efficiency: r.efficiency, aliceEfficiency: r.aliceEfficiency, estimatedEfficiency: r.estimatedEfficiency,
            messages: r.messages, residualErrors: r.residualErrors, verified: r.verified, passes: r.trace.passes.count),
            forKey: .reconciliation)
        try c.encode(d.finalKeyBits, forKey: .finalKeyBits)
        try c.encode(d.paSeedBits, forKey: .paSeedBits)
        try c.encode(d.epsilonSec, forKey: .epsilonSec)
        try c.encode(d.epsilonCor, forKey: .epsilonCor)
        try c.encodeIfPresent(d.finiteKey?.bound.rawValue, forKey: .bound)
        try c.encodeIfPresent(d.finiteKey, forKey: .finiteKey)
        try c.encode(d.ledger, forKey: .ledger)
        try c.encodeIfPresent(d.aborted, forKey: .noKeyVerdict)
        try c.encodeIfPresent(d.smallestPhotonCount, forKey: .smallestPhotonCount)
        if showKey > 0 {
            try c.encode(d.aliceKey.bitString(limit: showKey), forKey: .aliceKeyBits)
            try c.encode(d.bobKey.bitString(limit: showKey), forKey: .bobKeyBits)
        }
    }
}

extension DistillOptions {
    /// Runs distillation, turning "no key" into a note rather than an error.
    /// Ctrl-C (`CancelledError`) is passed on: a stopped run reports nothing.
    func apply<R>(_ run: R, _ body: () throws -> DistillationReport) throws -> DistilledRun<R> {
        guard distill else { return DistilledRun(run: run, distillation: nil, distillationNote: nil, showKey: 0) }
        do {
            return DistilledRun(run: run, distillation: try body(), distillationNote: nil, showKey: showKey)
        } catch let e as CancelledError {
            throw e
        } catch {
            return DistilledRun(run: run, distillation: nil, distillationNote: "no distillation: \(error)", showKey: 0)
        }
    }
}

/// Text for the distillation part of a run.
enum DistillText {
    static func render<R>(_ d: DistilledRun<R>, _ s: TextStyle) -> [String] {
        if let note = d.distillationNote { return [ascii("  distillation    " + note, s)] }
        guard let r = d.distillation else { return [] }
        let rec = r.reconciliation
        var lines = ["", s.bold("Key distillation") + " (Cascade \(rec.variant.rawValue))"]
        func line(_ label: String, _ value: String) { lines.append("  " + Format.pad(label, 16) + value) }
        line("reconciled", "\(Format.count(rec.bits)) bits; \(Format.count(rec.leakedBits)) bits public (\(Format.count(rec.aliceParityBits)) parities from Alice, \(Format.count(rec.bobReplyBits)) replies from Bob) in \(Format.count(rec.messages)) round trips")
        var f = "f = "
        if let e = rec.efficiency, let a = rec.aliceEfficiency {
            f += "\(Format.fixed(e, 3)) counting both sides against the \(Format.count(rec.actualErrors)) errors in the frame (Alice's parities alone: \(Format.fixed(a, 3)))"
        } else {
            f += "undefined: the frame had no error"
        }
        f += "; from the QBER estimate: \(Format.fixed(rec.estimatedEfficiency, 3))"
        line("efficiency", f)
        line("verified", rec.verified ? s.green("yes") + " (64-bit polynomial hash tags equal)" : s.red("NO") + ": " + (rec.verification.reason ?? "tags differ"))
        if let fk = r.finiteKey {
            line("bound", fk.bound.rawValue + " (" + fk.citation + ")")
            var pe = "≤ \(Format.percent(fk.phaseErrorUpper))"
            if let mu = fk.statisticalCorrection {
                pe += " = sample QBER \(Format.percent(fk.sampleQber)) + statistical correction \(Format.fixed(mu, 4))"
                if fk.bound == .gllpTomamichel2012 { pe += ", spread over the untagged bits" }
            } else {
                pe += " (decoy estimate)"
            }
            line("phase errors", pe)
        }
        line("security", "ε_sec = \(Format.scientific(r.epsilonSec)) (secrecy), ε_cor = \(Format.scientific(r.epsilonCor)) (correctness, from the hash tag)")
        if let a = r.aborted { line("result", s.red("NO SECRET KEY") + ": " + a) }
        else { line("final key", "\(Format.count(r.finalKeyBits)) secret bits (Toeplitz seed \(Format.count(r.paSeedBits)) bits)") }
        lines.append("  ledger")
        var table: [[String]] = [["stage", "bits", "disclosed", "removed", "note"]]
        for e in r.ledger.entries {
            table.append([e.stage.rawValue, Format.count(e.bits), e.disclosedBits > 0 ? Format.count(e.disclosedBits) : "",
                          e.removedBits != 0 ? Format.count(e.removedBits) : "", Format.groupNumbers(in: e.note)])
        }
        lines += Table.render(table, style: s, indent: "    ")
        if let before = r.ledger.eveKnownBitsBefore {
            var l = "  Eve             knew \(Format.count(before)) bits before privacy amplification"
            if let bound = r.ledger.eveInformationBoundAfterPA { l += "; after it at most \(Format.scientific(bound)) bits" }
            lines.append(l)
        }
        if d.showKey > 0 {
            lines.append("  Alice's key     " + r.aliceKey.bitString(limit: d.showKey))
            lines.append("  Bob's key       " + r.bobKey.bitString(limit: d.showKey))
        }
        return lines.map { ascii($0, s) }
    }

    /// Physics symbols spelled out when the terminal is not UTF-8.
    static func ascii(_ text: String, _ s: TextStyle) -> String {
        guard !s.unicode else { return text }
        let extra: [(String, String)] = [("₁", "1"), ("ü", "ue"), ("×", "x"), ("−", "-"), ("≈", "~")]
        return extra.reduce(asciiFallback(text, s)) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
