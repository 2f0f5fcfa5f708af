import ArgumentParser
import QKD
import QuantumSim

public struct RunCascade: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cascade",
        abstract: "Cascade reconciliation alone, on two random strings with a given error rate.",
        discussion: """
        Brassard & Salvail, EUROCRYPT 1993, and improved variants (Martinez-Mateo et al., \
        arXiv:1407.3257). Efficiency f = leaked bits / (n·h(QBER)); 1 is the Shannon limit.

        Example: qkdtutor run cascade --bits 10000 --qber 0.02 --variant original --seed 3
        """)

    @Option(help: "Key length in bits (1 to 10^8).") var bits = 10_000
    @Option(help: "Error rate between Alice's and Bob's strings, above 0 and below 0.5.") var qber = 0.02
    @Option(help: "Cascade variant (see --list-variants).") var variant: CascadeVariant = .original
    @Option(help: "Random seed: the same seed replays the same run.") var seed: UInt64 = 1
    @Flag(name: .customLong("list-variants"), help: "List the variants, one name a line.") var listVariants = false
    @OptionGroup public var output: OutputOptions

    public init() {}

    public struct CascadeRun: Encodable, Sendable {
        public var bits: Int
        public var qber: Double
        public var actualErrors: Int
        public var variant: CascadeVariant
        public var leakedBits: Int
        public var bobReplyBits: Int
        /// Alice's and Bob's bits against n·h(actual error rate); nil without errors.
        public var efficiency: Double?
        /// Alice's parities alone against the actual errors.
        public var aliceEfficiency: Double?
        /// Alice's parities against n·h(--qber), the figure Cascade plans with.
        public var estimatedEfficiency: Double
        public var messages: Int
        public var residualErrors: Int
        public var verified: Bool
        public var passes: Int
        public var seed: UInt64
        public let trace: CascadeTrace
        enum CodingKeys: String, CodingKey {
            case bits, qber, actualErrors, variant, leakedBits, bobReplyBits, efficiency, aliceEfficiency, estimatedEfficiency
            case messages, residualErrors, verified, passes, seed
        }
    }

    struct VariantList: Encodable, Sendable { var variants: [String] }

    public func execute(_ context: ExecutionContext) throws -> Report {
        if listVariants {
            return Report(kind: "cascade-variants", VariantList(variants: CascadeVariant.allCases.map(\.rawValue))) { v, _ in
                v.variants.joined(separator: "\n")
            }
        }
        guard (1...Cascade.maxKeyBits).contains(bits) else {
            throw RequestError("--bits must be between 1 and \(Format.count(Cascade.maxKeyBits)) (got \(bits))")
        }
        guard qber > 0, qber < 0.5 else { throw RequestError("--qber must be above 0 and below 0.5 (got \(qber))") }
        let rs = RandomSource(seed: seed)
        var keyStream = rs.stream("alice.key"), channel = rs.stream("channel")
        let alice = BitVector(random: bits, from: &keyStream)
        var noise = BitVector(count: bits)
        noise.withWords { w in for i in w.indices { w[i] = channel.bernoulliWord(qber) } }
        let bob = alice ^ noise
        var cascadeStream = rs.stream("cascade"), verifyStream = rs.stream("verify")
        let c: CascadeResult, v: VerificationResult
        do {
            c = try Cascade.reconcile(alice: alice, bob: bob, estimatedQber: qber, variant: variant, random: &cascadeStream,
                                      cancellation: context.cancellation)
            v = try Verification.verify(alice: alice, bob: c.correctedKey, random: &verifyStream, cancellation: context.cancellation)
        } catch let e as CancelledError { throw e } catch { throw RequestError("\(error)") }
        let errors = noise.popcount
        let ideal = Double(bits) * DistillationMath.binaryEntropy(Double(errors) / Double(bits))
        let run = CascadeRun(bits: bits, qber: qber, actualErrors: errors, variant: variant, leakedBits: c.leakedBits,
                             bobReplyBits: c.bobDisclosedBits,
                             efficiency: ideal > 0 ? Double(c.leakedBits + c.bobDisclosedBits) / ideal : nil,
                             aliceEfficiency: c.actualEfficiency, estimatedEfficiency: c.efficiency,
                             messages: c.messages, residualErrors: c.residualErrors,
                             verified: v.matched, passes: c.passes, seed: seed, trace: c.trace)
        return Report(kind: "cascade", run) { r, s in
            [s.bold("Cascade \(r.variant.rawValue) \(s.dash) \(Format.count(r.bits)) bits, QBER \(Format.percent(r.qber)), seed \(r.seed)"),
             "  errors          \(Format.count(r.actualErrors)) between the two strings",
             "  leaked          \(Format.count(r.leakedBits)) parity bits from Alice and \(Format.count(r.bobReplyBits)) replies from Bob in \(Format.count(r.messages)) messages over \(r.passes) passes",
             "  efficiency      " + (r.efficiency.map { e in
                 "f = \(Format.fixed(e, 3)) counting both sides, \(Format.fixed(r.aliceEfficiency ?? 0, 3)) for Alice's parities alone (1 = Shannon limit n·h(e) at the frame's \(Format.count(r.actualErrors)) errors)"
             } ?? "undefined: the strings did not differ") + "; from --qber: \(Format.fixed(r.estimatedEfficiency, 3))",
             "  residual        \(Format.count(r.residualErrors)) errors left",
             "  verified        " + (r.verified ? s.green("yes") : s.red("NO") + ": keys differ, the run must abort")].joined(separator: "\n")
        }
    }
}
