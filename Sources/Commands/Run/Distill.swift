import ArgumentParser
import QKD

extension CascadeVariant: ExpressibleByArgument {}

/// The flags that carry a protocol run on into key distillation.
public struct DistillOptions: ParsableArguments, Sendable {
    @Flag(help: "Carry on into Cascade, verification and privacy amplification.") public var distill = false
    @Option(help: "Cascade variant: original, yan, option7 or option8.") public var variant: CascadeVariant = .option8
    @Option(name: .customLong("epsilon-pa"), help: "Privacy-amplification security parameter ε_PA.") public var epsilonPA = 1e-10
    @Option(name: .customLong("show-key"), help: "With --distill: print the first N bits of both final keys.") public var showKey = 0
    public init() {}

    func validate(_ distilling: Bool) throws {
        guard epsilonPA > 0, epsilonPA < 1 else { throw RequestError("--epsilon-pa must be between 0 and 1 (got \(epsilonPA))") }
        guard (0...4096).contains(showKey) else { throw RequestError("--show-key is limited to 4096 bits (got \(showKey))") }
        if showKey > 0 && !distilling { throw RequestError("--show-key goes with --distill") }
    }
}

/// A protocol run, optionally followed by distillation. JSON carries the
/// protocol's fields and, with distillation, `reconciliation`,
/// `finalKeyBits`, `paSeedBits`, `epsilonPA` and `ledger` beside them.
/// A report value that went on into distillation (`show distill` can draw it).
public protocol DistillationCarrying { var distilled: Bool { get } }
extension DistilledRun: DistillationCarrying {
    /// Run with --distill (whether or not it gave a key).
    public var distilled: Bool { distillation != nil || distillationNote != nil }
}

public struct DistilledRun<Run: Encodable & Sendable>: Encodable, Sendable {
    public var run: Run
    public var distillation: DistillationReport?
    /// Why distillation did not happen or did not give a key.
    public var distillationNote: String?
    public var showKey: Int

    struct ReconciliationJSON: Encodable {
        var bits: Int, qber: Double, variant: CascadeVariant, leakedBits: Int, efficiency: Double
        var messages: Int, residualErrors: Int, verified: Bool, passes: Int
    }

    enum Keys: String, CodingKey {
        case reconciliation, finalKeyBits, paSeedBits, epsilonPA, ledger, distillationNote, aliceKeyBits, bobKeyBits
    }

    public func encode(to encoder: any Encoder) throws {
        try run.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(distillationNote, forKey: .distillationNote)
        guard let d = distillation else { return }
        let r = d.reconciliation
        try c.encode(ReconciliationJSON(bits: r.bits, qber: r.qber, variant: r.variant, leakedBits: r.leakedBits,
                                        efficiency: r.efficiency, messages: r.messages, residualErrors: r.residualErrors,
                                        verified: r.verified, passes: r.trace.passes.count), forKey: .reconciliation)
        try c.encode(d.finalKeyBits, forKey: .finalKeyBits)
        try c.encode(d.paSeedBits, forKey: .paSeedBits)
        try c.encode(d.epsilonPA, forKey: .epsilonPA)
        try c.encode(d.ledger, forKey: .ledger)
        if showKey > 0 {
            try c.encode(d.aliceKey.bitString(limit: showKey), forKey: .aliceKeyBits)
            try c.encode(d.bobKey.bitString(limit: showKey), forKey: .bobKeyBits)
        }
    }
}

extension DistillOptions {
    /// Runs distillation, turning "no key" into a note rather than an error.
    func apply<R>(_ run: R, _ body: () throws -> DistillationReport) -> DistilledRun<R> {
        guard distill else { return DistilledRun(run: run, distillation: nil, distillationNote: nil, showKey: 0) }
        do {
            return DistilledRun(run: run, distillation: try body(), distillationNote: nil, showKey: showKey)
        } catch {
            return DistilledRun(run: run, distillation: nil, distillationNote: "no distillation: \(error)", showKey: 0)
        }
    }
}

/// Text for the distillation part of a run.
enum DistillText {
    static func render<R>(_ d: DistilledRun<R>, _ s: TextStyle) -> [String] {
        if let note = d.distillationNote { return ["  distillation    " + note] }
        guard let r = d.distillation else { return [] }
        let rec = r.reconciliation
        var lines = ["", s.bold("Key distillation") + " (Cascade \(rec.variant.rawValue), ε_PA = \(r.epsilonPA))"]
        lines.append("  reconciled      \(Format.count(rec.bits)) bits, \(Format.count(rec.leakedBits)) parities leaked in \(Format.count(rec.messages)) messages, f = \(Format.fixed(rec.efficiency, 3))")
        lines.append("  verified        " + (rec.verified ? s.green("yes") + " (64-bit polynomial hash tags equal)" : s.red("NO") + ": " + (rec.verification.reason ?? "tags differ")))
        if let a = r.aborted { lines.append("  result          " + s.red("NO SECRET KEY") + ": " + a) }
        else { lines.append("  final key       \(Format.count(r.finalKeyBits)) secret bits (Toeplitz seed \(Format.count(r.paSeedBits)) bits)") }
        lines.append("  ledger")
        var table: [[String]] = [["stage", "bits", "disclosed", "note"]]
        for e in r.ledger.entries {
            table.append([LedgerWords.stage(e.stage.rawValue), Format.count(e.bits), e.disclosedBits > 0 ? Format.count(e.disclosedBits) : "", Format.groupNumbers(in: e.note)])
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
        return lines
    }
}

/// Ledger stages in words, for people; JSON keeps the identifiers.
enum LedgerWords {
    static func stage(_ raw: String) -> String {
        switch raw {
        case "detected": return "detected"
        case "sifted": return "sifted"
        case "sampleDisclosed": return "disclosed for the QBER sample"
        case "reconciled": return "error-corrected (Cascade)"
        case "verified": return "verified"
        case "finalKey": return "final key"
        default: return Format.words(raw)
        }
    }
}
